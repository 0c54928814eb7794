public import RerunArrow
import RerunChunk
public import RerunModel
public import RerunStore

/// One component's answer to a latest-at query: a cell of a stored chunk, not copied.
public struct LatestAtCell: Sendable {
    /// The component.
    public let descriptor: ComponentDescriptor
    /// The row the cell comes from.
    public let source: StoreRow

    /// Creates a cell.
    public init(descriptor: ComponentDescriptor, source: StoreRow) {
        self.descriptor = descriptor
        self.source = source
    }

    /// The cell's (time, row id); the time is `TimeInt.staticTime` for static data.
    public var index: DataIndex { DataIndex(time: source.time, rowID: source.rowID) }
    /// The id of the chunk holding the cell.
    public var chunkID: ChunkID { source.chunk.id }
    /// The row within that chunk.
    public var row: Int { source.row }
    /// Whether the cell is static data.
    public var isStatic: Bool { source.isStatic }

    /// The cell: a one-row, zero-copy slice of the chunk's list array.
    public var cell: ArrayData { source.cell }

    /// The cell's instances: a zero-copy slice of the list's child array.
    public var values: ArrayData {
        let data = source.chunk.components[source.column].data
        guard let list = try? ListArray(data) else { return cell }
        return list.value(at: source.row)
    }

    /// The number of instances (0 means the component was cleared by logging an empty list).
    public var instanceCount: Int {
        let data = source.chunk.components[source.column].data
        return (try? ListArray(data))?.valueRange(at: source.row).count ?? 0
    }
}

/// The answer to a latest-at query for one entity: per component, its cell at the query time.
///
/// Components without data at or before the query time, and components hidden by a `Clear`,
/// are absent.
public struct LatestAtResult: Sendable {
    /// The entity queried.
    public let entity: EntityPath
    /// The query.
    public let query: LatestAtQuery
    /// Component identifier → cell.
    public let components: [String: LatestAtCell]
    /// The most recent `Clear` that applies to the entity at the query time (on the entity, or
    /// recursive on an ancestor), if any. Data at or before this index is hidden.
    public let clearIndex: DataIndex?

    /// Creates a result.
    public init(entity: EntityPath, query: LatestAtQuery, components: [String: LatestAtCell], clearIndex: DataIndex?) {
        self.entity = entity
        self.query = query
        self.components = components
        self.clearIndex = clearIndex
    }

    /// The cell of `component` (identifier such as `Points3D:positions`).
    public subscript(component: String) -> LatestAtCell? { components[component] }

    /// Whether no component has a value.
    public var isEmpty: Bool { components.isEmpty }

    /// The most recent index among the components (Rerun's "compound index").
    public var compoundIndex: DataIndex? {
        components.values.map(\.index).max { $1.isAfter($0) }
    }
}
