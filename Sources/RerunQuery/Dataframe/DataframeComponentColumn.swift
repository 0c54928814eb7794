public import RerunArrow
public import RerunModel
import RerunChunk

/// One component column of a dataframe: an entity's component, with the metadata Rerun 0.41's
/// reader derives from all the chunks it sees.
public struct DataframeComponentColumn: Sendable, Hashable {
    /// The entity.
    public let entity: EntityPath
    /// The component (identifier, archetype, component type).
    public let descriptor: ComponentDescriptor
    /// The type of one instance (the column is `List<elementType>`).
    public let elementType: DataType
    /// Whether any chunk holds static data for this component.
    public let isStatic: Bool
    /// Whether every cell ever logged is null or an empty list.
    public let isSemanticallyEmpty: Bool

    /// Creates a column description.
    public init(entity: EntityPath, descriptor: ComponentDescriptor, elementType: DataType,
                isStatic: Bool, isSemanticallyEmpty: Bool) {
        self.entity = entity
        self.descriptor = descriptor
        self.elementType = elementType
        self.isStatic = isStatic
        self.isSemanticallyEmpty = isSemanticallyEmpty
    }

    /// Whether this is a `Clear` tombstone column (`Clear:is_recursive`).
    public var isTombstone: Bool { descriptor.component == DataframeComponentColumn.clearComponent }

    /// The component identifier of `Clear:is_recursive`.
    public static let clearComponent = "Clear:is_recursive"

    /// The column name: `/entity:Component` (`/world/points:Points3D:positions`), or
    /// `property:Component` / `property:name:Component` for recording properties.
    public var name: String {
        DataframeComponentColumn.columnName(entity: entity, component: descriptor.component)
    }

    /// The column name of `component` on `entity` (see `name`).
    public static func columnName(entity: EntityPath, component: String) -> String {
        if entity.isProperties {
            let rest = EntityPath(parts: Array(entity.parts.dropFirst()))
            if rest.isRoot { return "property:\(component)" }
            return "property:\(rest.description.dropFirst()):\(component)"
        }
        return "\(entity):\(component)"
    }

    /// The Arrow type of the column: `List<item: elementType>` (the list field is always named
    /// `item` and nullable, as in Rerun's dataframes).
    public var listType: DataType { .list(Field("item", elementType, nullable: true)) }

    /// The Arrow field, with Rerun's column metadata (`rerun:kind`, `rerun:entity_path`,
    /// `rerun:component`, `rerun:archetype`, `rerun:component_type`, and `rerun:is_static`,
    /// `rerun:is_tombstone`, `rerun:is_semantically_empty` when they hold).
    public var field: Field {
        var metadata = [
            ChunkSchema.kindKey: "data",
            "rerun:entity_path": entity.description,
            ChunkSchema.componentKey: descriptor.component,
        ]
        metadata[ChunkSchema.archetypeKey] = descriptor.archetype
        metadata[ChunkSchema.componentTypeKey] = descriptor.componentType
        if isStatic { metadata["rerun:is_static"] = "true" }
        if isTombstone { metadata["rerun:is_tombstone"] = "true" }
        if isSemanticallyEmpty { metadata["rerun:is_semantically_empty"] = "true" }
        return Field(name, listType, nullable: true, metadata: metadata)
    }

    /// Rerun's column order: properties last, then by entity path (part by part), archetype
    /// (none first), and component identifier (entity path parts in `NaturalOrder`, the rest by
    /// UTF-8 bytes).
    static func precedes(_ a: DataframeComponentColumn, _ b: DataframeComponentColumn) -> Bool {
        if a.entity.isProperties != b.entity.isProperties { return !a.entity.isProperties }
        if a.entity != b.entity { return NaturalOrder.precedes(a.entity.parts, b.entity.parts) }
        switch (a.descriptor.archetype, b.descriptor.archetype) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let x), .some(let y)) where x != y: return ByteOrder.less(x, y)
        default: break
        }
        return ByteOrder.less(a.descriptor.component, b.descriptor.component)
    }
}

/// Byte-wise (UTF-8) string ordering, as Rust compares `str`.
enum ByteOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    static func precedes(_ a: [String], _ b: [String]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return less(x, y) }
        return a.count < b.count
    }
}

/// The index column of a timeline: its name, Arrow type and field metadata.
enum DataframeIndexColumn {
    static func field(_ timeline: Timeline) -> Field {
        Field(timeline.name, ChunkSchema.arrowType(of: timeline.kind), nullable: true, metadata: [
            ChunkSchema.kindKey: "index",
            ChunkSchema.indexNameKey: timeline.name,
        ])
    }

    /// The name and field of the segment id column every result starts with.
    static let segmentIDName = "rerun_segment_id"
    static let segmentIDField = Field(segmentIDName, .utf8, nullable: false)
}
