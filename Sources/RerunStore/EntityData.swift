import RerunModel

/// Where the winning static cell of one component lives.
struct StaticCell: Sendable {
    var chunkID: ChunkID
    var row: Int
    var rowID: RowID
}

/// Everything the store knows about one entity.
struct EntityData: Sendable {
    /// Timeline name → component identifier → index.
    var temporal: [String: [String: ComponentTimeIndex]] = [:]
    /// Component identifier → the static cell that wins (largest row id).
    var staticCells: [String: StaticCell] = [:]
    /// Static chunk → how many components it currently wins.
    var staticWins: [ChunkID: Int] = [:]
    /// Component identifier → descriptor.
    var descriptors: [String: ComponentDescriptor] = [:]
    /// Small chunks waiting to be merged, per compaction level (level 0: as inserted).
    var compactionLevels: [[ChunkID]] = []
    var statistics = EntityStatistics()
    var log = ModificationLog()
}
