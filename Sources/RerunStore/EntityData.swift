import RerunModel

/// Where the winning static cell of one component lives.
struct StaticCell: Sendable {
    var chunkID: ChunkID
    var row: Int
    var rowID: RowID
}

/// Everything the store knows about one entity.
///
/// The compaction queue and its clock, which every temporal insert reads, are stored inline; the
/// indexes, static bookkeeping, statistics and log live in one copy-on-write box, so reading an
/// entity out of the entity table (a copy) costs two reference counts instead of one per
/// collection (measured on W4l: copying the entity out was ~9 % of insert).
struct EntityData: Sendable {
    /// Small chunks waiting to be merged, per compaction level (level 0: as inserted).
    var compactionLevels: [[ChunkID]] = []
    /// The store's insert count when a chunk last joined level 0 (see `CompactionTrigger`).
    var lastQueuedAt = 0
    private var box = EntityBox()

    /// (Timeline name, component identifier) → index.
    var temporal: TemporalIndexes {
        get { box.temporal }
        _modify { makeUnique(); yield &box.temporal }
    }
    /// Component identifier → the static cell that wins (largest row id).
    var staticCells: [String: StaticCell] {
        get { box.staticCells }
        _modify { makeUnique(); yield &box.staticCells }
    }
    /// Static chunk → how many components it currently wins.
    var staticWins: [ChunkID: Int] {
        get { box.staticWins }
        _modify { makeUnique(); yield &box.staticWins }
    }
    var statistics: EntityStatistics {
        get { box.statistics }
        _modify { makeUnique(); yield &box.statistics }
    }
    var log: ModificationLog {
        get { box.log }
        _modify { makeUnique(); yield &box.log }
    }

    /// Copies the box before a mutation when another `EntityData` (a store snapshot) shares it.
    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = EntityBox(copying: box) }
    }
}

/// The collections of an `EntityData`, shared between copies until one of them mutates.
// Safety (Sendable): an `EntityBox` is mutated only through `EntityData`'s accessors, and only
// when that `EntityData` holds the only reference (`makeUnique`); shared boxes are never mutated.
private final class EntityBox: @unchecked Sendable {
    var temporal = TemporalIndexes()
    var staticCells: [String: StaticCell] = [:]
    var staticWins: [ChunkID: Int] = [:]
    var statistics = EntityStatistics()
    var log = ModificationLog()

    init() {}

    init(copying other: EntityBox) {
        temporal = other.temporal
        staticCells = other.staticCells
        staticWins = other.staticWins
        statistics = other.statistics
        log = other.log
    }
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
