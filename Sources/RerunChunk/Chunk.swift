public import RerunArrow
public import RerunModel

/// One entity's rows: a row id per row, one time column per timeline, and one list-array column
/// per component.
///
/// A null cell in a component column means "not logged in this row"; an empty list means
/// "cleared". A chunk without time columns is static. Converting to and from Arrow follows
/// Rerun 0.41's conventions exactly (`Chunk+RecordBatch.swift`).
public struct Chunk: Sendable {
    /// The chunk id (unique within a recording).
    public let id: ChunkID
    /// The entity all rows belong to.
    public let entityPath: EntityPath
    /// The row ids: `FixedSizeBinary(16)`, big-endian TUIDs, never null.
    public let rowIDs: ArrayData
    /// The time columns, sorted by timeline name. Empty for static chunks.
    public let timeColumns: [TimeColumn]
    /// The component columns (each a `List<T>` array), sorted by component identifier.
    public let components: [ComponentColumn]
    /// Schema metadata other than the keys this type manages (kept on round trips).
    public let extraMetadata: [String: String]

    /// The number of rows.
    public var rowCount: Int { rowIDs.length }
    /// Whether the chunk is static (has no time columns).
    public var isStatic: Bool { timeColumns.isEmpty }

    /// Creates a chunk, checking that every column has one value per row.
    public init(
        id: ChunkID, entityPath: EntityPath, rowIDs: [RowID],
        timeColumns: [TimeColumn] = [], components: [ComponentColumn], extraMetadata: [String: String] = [:]
    ) throws(ChunkError) {
        try self.init(
            id: id, entityPath: entityPath, rowIDData: Chunk.rowIDArray(rowIDs),
            timeColumns: timeColumns, components: components, extraMetadata: extraMetadata)
    }

    /// Creates a chunk from an existing row id array (`FixedSizeBinary(16)`).
    public init(
        id: ChunkID, entityPath: EntityPath, rowIDData: ArrayData,
        timeColumns: [TimeColumn], components: [ComponentColumn], extraMetadata: [String: String] = [:]
    ) throws(ChunkError) {
        guard rowIDData.type == .fixedSizeBinary(byteWidth: 16) else {
            throw ChunkError("row ids must be FixedSizeBinary(16), got \(rowIDData.type)")
        }
        guard rowIDData.nullCount == 0 else {
            throw ChunkError("row ids must not be null (\(rowIDData.nullCount) nulls)")
        }
        let rows = rowIDData.length
        for column in timeColumns {
            guard column.count == rows else {
                throw ChunkError("timeline '\(column.timeline.name)' has \(column.count) values for \(rows) rows")
            }
        }
        if let twice = Self.firstDuplicate(timeColumns.map(\.timeline.name)) {
            throw ChunkError("timeline '\(twice)' appears twice")
        }
        for column in components {
            guard column.data.length == rows else {
                throw ChunkError("component '\(column.descriptor.component)' has \(column.data.length) cells for \(rows) rows")
            }
        }
        if let twice = Self.firstDuplicate(components.map(\.descriptor.component)) {
            throw ChunkError("component '\(twice)' appears twice")
        }
        self.id = id
        self.entityPath = entityPath
        self.rowIDs = rowIDData
        // Columns usually arrive sorted already (as written): sort only when they are not.
        self.timeColumns = Self.isSorted(timeColumns.map(\.timeline.name))
            ? timeColumns : timeColumns.sorted { $0.timeline.name < $1.timeline.name }
        self.components = Self.isSorted(components.map(\.descriptor.component))
            ? components : components.sorted { $0.descriptor.component < $1.descriptor.component }
        self.extraMetadata = extraMetadata
    }

    /// The first name that occurs twice in `names` (few names: a quadratic scan, no hashing).
    static func firstDuplicate(_ names: [String]) -> String? {
        guard names.count > 1 else { return nil }
        if names.count > 32 {
            var seen = Set<String>()
            return names.first { !seen.insert($0).inserted }
        }
        for i in 1..<names.count where names[..<i].contains(names[i]) { return names[i] }
        return nil
    }

    static func isSorted(_ names: [String]) -> Bool {
        guard names.count > 1 else { return true }
        for i in 1..<names.count where !(names[i - 1] < names[i]) { return false }
        return true
    }

    init(unchecked id: ChunkID, entityPath: EntityPath, rowIDs: ArrayData, timeColumns: [TimeColumn],
         components: [ComponentColumn], extraMetadata: [String: String]) {
        self.id = id
        self.entityPath = entityPath
        self.rowIDs = rowIDs
        self.timeColumns = timeColumns
        self.components = components
        self.extraMetadata = extraMetadata
    }

    /// The row id of row `row`.
    public func rowID(at row: Int) -> RowID {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        let bytes = rowIDs.buffers[1]!
        let base = (rowIDs.offset + row) * 16
        return RowID(
            timeNanos: UInt64(bigEndian: bytes.load(fromByteOffset: base, as: UInt64.self)),
            increment: UInt64(bigEndian: bytes.load(fromByteOffset: base + 8, as: UInt64.self)))
    }

    /// Whether the row ids are strictly increasing.
    public var isSortedByRowID: Bool {
        guard rowCount > 1 else { return true }
        var previous = rowID(at: 0)
        for i in 1..<rowCount {
            let id = rowID(at: i)
            if !(previous < id) { return false }
            previous = id
        }
        return true
    }

    /// The time column of `timeline` (by name), if the chunk has one.
    public func timeColumn(named name: String) -> TimeColumn? {
        timeColumns.first { $0.timeline.name == name }
    }

    /// The column of component `component` (by identifier), if the chunk has one.
    public func component(named component: String) -> ComponentColumn? {
        components.first { $0.descriptor.component == component }
    }

    /// A zero-copy view of `count` rows from `start`, keeping the chunk id.
    public func slice(_ start: Int, _ count: Int) -> Chunk {
        Chunk(
            unchecked: id, entityPath: entityPath, rowIDs: rowIDs.slice(start, count),
            timeColumns: timeColumns.map { $0.slice(start, count) },
            components: components.map { ComponentColumn(descriptor: $0.descriptor, uncheckedData: $0.data.slice(start, count)) },
            extraMetadata: extraMetadata)
    }

    /// The same rows under a new chunk id.
    public func withID(_ newID: ChunkID) -> Chunk {
        Chunk(unchecked: newID, entityPath: entityPath, rowIDs: rowIDs, timeColumns: timeColumns,
              components: components, extraMetadata: extraMetadata)
    }

    static func rowIDArray(_ ids: [RowID]) -> ArrayData {
        let buffer = Buffer(initializingCount: ids.count * 16) { raw in
            for (i, id) in ids.enumerated() {
                raw.storeBytes(of: id.timeNanos.bigEndian, toByteOffset: i * 16, as: UInt64.self)
                raw.storeBytes(of: id.increment.bigEndian, toByteOffset: i * 16 + 8, as: UInt64.self)
            }
        }
        return ArrayData(type: .fixedSizeBinary(byteWidth: 16), length: ids.count, nullCount: 0, buffers: [nil, buffer])
    }
}

/// One component's cells for every row of a chunk: a `List<T>` array.
public struct ComponentColumn: Sendable {
    /// Which component this is.
    public let descriptor: ComponentDescriptor
    /// The cells: a list array; a null cell = not logged, an empty list = cleared.
    public let data: ArrayData

    /// Creates a column; `data` must be a list array.
    public init(descriptor: ComponentDescriptor, data: ArrayData) throws(ChunkError) {
        guard case .list = data.type else {
            throw ChunkError("component '\(descriptor.component)' must be a List array, got \(data.type)")
        }
        self.descriptor = descriptor
        self.data = data
    }

    init(descriptor: ComponentDescriptor, uncheckedData: ArrayData) {
        self.descriptor = descriptor
        self.data = uncheckedData
    }

    /// The element type inside the list (the component's datatype).
    public var elementType: DataType {
        if case .list(let item) = data.type { return item.type }
        return data.type
    }
}
