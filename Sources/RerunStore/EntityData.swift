import RerunModel

/// Where the winning static cell of one component lives.
struct StaticCell: Sendable {
    var chunkID: ChunkID
    var row: Int
    var rowID: RowID
}

/// Everything the store knows about one entity.
struct EntityData: Sendable {
    /// (Timeline name, component identifier) → index.
    var temporal = TemporalIndexes()
    /// Component identifier → the static cell that wins (largest row id).
    var staticCells: [String: StaticCell] = [:]
    /// Static chunk → how many components it currently wins.
    var staticWins: [ChunkID: Int] = [:]
    /// Small chunks waiting to be merged, per compaction level (level 0: as inserted).
    var compactionLevels: [[ChunkID]] = []
    /// The store's insert count when a chunk last joined level 0 (see `CompactionTrigger`).
    var lastQueuedAt = 0
    var statistics = EntityStatistics()
    var log = ModificationLog()
}

/// What adding a small chunk to an entity's level-0 compaction queue calls for.
enum CompactionTrigger {
    /// Nothing yet.
    case none
    /// The level holds `compactionFanout` chunks: leveled compaction.
    case fullLevel
    /// The entity is slow (`ChunkStoreConfig.idleInserts`): merge level 0 now.
    case idleEntity
}
