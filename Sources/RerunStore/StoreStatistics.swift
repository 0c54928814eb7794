public import RerunModel

/// Statistics of one component of one entity.
public struct ComponentStatistics: Sendable, Hashable {
    /// The component's descriptor (as first seen).
    public var descriptor: ComponentDescriptor
    /// Chunks holding a column of this component (temporal and static).
    public var chunkCount: Int = 0
    /// Non-null cells in temporal chunks.
    public var temporalCells: Int = 0
    /// Non-null cells in stored static chunks.
    public var staticCells: Int = 0
    /// Logical bytes of this component's columns (cells' list offsets, values and validity).
    public var logicalBytes: Int = 0

    /// Creates empty statistics for `descriptor`.
    public init(descriptor: ComponentDescriptor) { self.descriptor = descriptor }
}

/// Statistics of one entity.
public struct EntityStatistics: Sendable, Hashable {
    /// Stored temporal chunks.
    public var temporalChunks: Int = 0
    /// Stored static chunks.
    public var staticChunks: Int = 0
    /// Rows in temporal chunks.
    public var temporalRows: Int = 0
    /// Rows in stored static chunks.
    public var staticRows: Int = 0
    /// Logical bytes of the entity's chunks (row ids, times, cells).
    public var logicalBytes: Int = 0
    /// Per component identifier.
    public var components: [String: ComponentStatistics] = [:]

    /// Creates empty statistics.
    public init() {}

    /// All stored chunks.
    public var chunkCount: Int { temporalChunks + staticChunks }
    /// All stored rows.
    public var rowCount: Int { temporalRows + staticRows }
}

/// Statistics of a whole store, including its memory accounting.
public struct StoreStatistics: Sendable, Hashable {
    /// Entities that have (or had) data.
    public var entityCount: Int
    /// Stored temporal chunks.
    public var temporalChunks: Int
    /// Stored static chunks.
    public var staticChunks: Int
    /// Rows in temporal chunks.
    public var temporalRows: Int
    /// Rows in stored static chunks.
    public var staticRows: Int
    /// Sum of the chunks' logical bytes.
    public var logicalBytes: Int
    /// Bytes of the distinct Arrow buffers the chunks reference (each buffer counted once,
    /// however many chunks or slices share it).
    public var bufferBytes: Int
    /// Estimated bytes of the store's own bookkeeping (indexes, permutations, ids).
    public var overheadBytes: Int

    /// `bufferBytes + overheadBytes`: what `gc(targetBytes:)` compares to its budget.
    public var totalBytes: Int { bufferBytes + overheadBytes }
    /// All stored chunks.
    public var chunkCount: Int { temporalChunks + staticChunks }
}
