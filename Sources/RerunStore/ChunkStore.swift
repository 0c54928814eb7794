import Collections
public import RerunChunk
public import RerunModel

/// The chunks of one store (a recording or a blueprint), indexed for latest-at and range queries.
///
/// A value type: copying a store is O(1) and the copy is an independent snapshot. All large
/// collections are persistent hash trees (`TreeDictionary`) or immutable chunk objects, so a
/// mutation after a copy duplicates only the few tree nodes and per-entity indexes it touches.
/// The intended use (ARCHITECTURE.md, decision 4) is one store per recording inside an actor,
/// with queries running on snapshots outside it.
///
/// What the store does on `insert` (see `Docs/store.md`):
/// - temporal chunks that are not sorted by (time, row id) on any of their timelines are sorted
///   on their first timeline (by name); other unsorted timelines get a permutation index;
/// - chunks over the size limits of `ChunkStoreConfig` are split into zero-copy slices;
/// - a small chunk is concatenated with a stored chunk of the same entity when the result stays
///   within the limits (compaction);
/// - static chunks keep, per (entity, component), only the cell with the largest row id;
/// - memory is accounted per distinct Arrow buffer plus an estimate of the index overhead.
public struct ChunkStore: Sendable {
    /// The store this is, if known.
    public let storeID: StoreID?
    /// Compaction and splitting limits.
    public let config: ChunkStoreConfig
    /// A process-wide unique number for this store; copies share it (caches key on it).
    public let identity: UInt64

    var chunks = TreeDictionary<ChunkID, StoredChunk>()
    var entities = TreeDictionary<EntityPath, EntityData>()
    var timelines: [String: Timeline] = [:]
    var seenChunkIDs = SeenChunkIDs()
    /// Buffer → number of stored chunks (or split groups) referencing it.
    var bufferUses = TreeDictionary<BufferKey, Int>()
    /// Split group → number of its pieces stored.
    var bufferGroupUses = TreeDictionary<ChunkID, Int>()
    var bufferBytes = 0
    var overheadBytes = 0
    /// Temporal chunks inserted so far (the clock of `ChunkStoreConfig.idleInserts`).
    var insertCount = 0
    var temporalChunkCount = 0
    var staticChunkCount = 0
    var temporalRowCount = 0
    var staticRowCount = 0
    var logicalBytes = 0

    /// Creates an empty store.
    public init(storeID: StoreID? = nil, config: ChunkStoreConfig = .default) {
        self.storeID = storeID
        self.config = config
        self.identity = StoreStamp.next()
    }

    /// Totals and memory accounting.
    public var statistics: StoreStatistics {
        StoreStatistics(
            entityCount: entities.count, temporalChunks: temporalChunkCount, staticChunks: staticChunkCount,
            temporalRows: temporalRowCount, staticRows: staticRowCount, logicalBytes: logicalBytes,
            bufferBytes: bufferBytes, overheadBytes: indexOverheadBytes)
    }

    /// The bytes `gc(targetBytes:)` compares to its budget: distinct buffer bytes plus index overhead.
    public var totalBytes: Int { bufferBytes + indexOverheadBytes }

    /// Per-chunk bookkeeping plus a fixed estimate per entity.
    var indexOverheadBytes: Int { overheadBytes + entities.count * StoreOverhead.entity }

    /// Statistics of one entity, or `nil` if it never had data.
    public func statistics(of entity: EntityPath) -> EntityStatistics? {
        entities[entity]?.statistics
    }

    /// Every entity that has (or had) data, sorted.
    public var entityPaths: [EntityPath] { entities.keys.sorted() }

    /// Every timeline seen, sorted by name.
    public var allTimelines: [Timeline] { timelines.values.sorted() }

    /// The timeline named `name`, if the store has seen it.
    public func timeline(named name: String) -> Timeline? { timelines[name] }

    /// The stored chunk with id `id`.
    public func chunk(_ id: ChunkID) -> Chunk? { chunks[id]?.chunk }

    /// Whether a chunk with this id was ever inserted (inserting it again is a no-op).
    public func hasSeen(chunkID id: ChunkID) -> Bool { seenChunkIDs.contains(id) }

    /// All stored chunks (in no particular order).
    public var allChunks: [Chunk] { chunks.values.map(\.chunk) }

    /// The number of stored chunks.
    public var chunkCount: Int { chunks.count }

    /// The components of `entity` a query on `timeline` can see: those with static data, plus
    /// those with data on `timeline` (pass `nil` for static ones only). Sorted by identifier.
    public func components(of entity: EntityPath, timeline: String?) -> [ComponentDescriptor] {
        guard let data = entities[entity] else { return [] }
        var names = Set(data.staticCells.keys)
        if let timeline {
            for (name, index) in data.temporal.indexes(on: timeline) where !index.isEmpty { names.insert(name) }
        }
        return names.sorted().compactMap { data.statistics.components[$0]?.descriptor }
    }

    /// Whether a query on `timeline` can see `component` of `entity` (static or on the timeline).
    public func hasComponent(_ component: String, of entity: EntityPath, timeline: String?) -> Bool {
        guard let data = entities[entity] else { return false }
        if data.staticCells[component] != nil { return true }
        guard let timeline else { return false }
        return data.temporal[timeline, component].map { !$0.isEmpty } ?? false
    }

    /// The descriptor of `component` on `entity`, if the entity has it.
    public func descriptor(of component: String, entity: EntityPath) -> ComponentDescriptor? {
        entities[entity]?.statistics.components[component]?.descriptor
    }

    /// The range of times at which `entity` has any data on `timeline`.
    public func timeRange(of entity: EntityPath, timeline: String) -> ClosedRange<TimeInt>? {
        guard let indexes = entities[entity]?.temporal.indexes(on: timeline), !indexes.isEmpty else { return nil }
        var result: ClosedRange<Int64>?
        for (_, index) in indexes {
            guard let r = index.timeRange else { continue }
            result = result.map { min($0.lowerBound, r.lowerBound)...max($0.upperBound, r.upperBound) } ?? r
        }
        return result.map(ChunkStore.timeRange)
    }

    // MARK: Cache support

    /// The stamp of the latest modification of `entity`'s data (0 if never modified).
    public func modificationStamp(of entity: EntityPath) -> UInt64 {
        entities[entity]?.log.lastStamp ?? 0
    }

    /// The modifications of `entity` after the one stamped `stamp` (0: since the beginning), or
    /// `nil` if this store cannot tell — `stamp` is not part of this store's history (another
    /// branch of a copied store) or the history was truncated. Callers then recompute.
    public func modifications(of entity: EntityPath, after stamp: UInt64) -> [StoreModification]? {
        guard let data = entities[entity] else { return stamp == 0 ? [] : nil }
        return data.log.modifications(after: stamp)
    }

    static func timeRange(_ raw: ClosedRange<Int64>) -> ClosedRange<TimeInt> {
        (TimeInt(raw.lowerBound) ?? .min)...(TimeInt(raw.upperBound) ?? .min)
    }
}
