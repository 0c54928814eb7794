public import RerunModel
public import RerunStore
import Synchronization

/// Remembers latest-at and range answers, keyed by (store, entity, components, query), and
/// serves them again while the store has no change that could alter them.
///
/// Invalidation is precise and needs no event plumbing: every answer records the modification
/// stamps of the entities it depends on (the entity, plus its ancestors' clears for latest-at).
/// On a lookup the store's modifications since those stamps are checked; the answer is reused
/// unless one of them touches the query's timeline (or static data) in the window the answer
/// depends on (`..., at]` for latest-at, `[a, b]` for a range, `..., b]` with
/// `includeLatestAtBefore`). A store snapshot that does not descend from the state an answer
/// was computed on is detected (stamps are process-wide unique) and recomputes.
///
/// Thread-safe; share one cache per store or per process. Cached answers hold their chunks
/// alive until evicted or invalidated.
public final class QueryCache: Sendable {
    private let state: Mutex<State>
    /// The most answers kept; beyond it the least recently used half is dropped.
    public let capacity: Int

    /// Creates an empty cache.
    public init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
        self.state = Mutex(State())
    }

    /// Hit and miss counts and the number of cached answers.
    public var statistics: (hits: Int, misses: Int, entries: Int) {
        state.withLock { ($0.hits, $0.misses, $0.latestAt.count + $0.range.count) }
    }

    /// Forgets every answer.
    public func removeAll() {
        state.withLock {
            $0.latestAt.removeAll()
            $0.range.removeAll()
        }
    }

    /// `store.latestAt(query, entity:, components:)`, cached.
    public func latestAt(
        _ query: LatestAtQuery, entity: EntityPath, components: [String]? = nil, in store: ChunkStore
    ) throws(QueryError) -> LatestAtResult {
        let key = LatestAtKey(store: store.identity, entity: entity, components: components, query: query)
        let window: ClosedRange<TimeInt>? = query.at.isStatic ? nil : TimeInt.min...query.at
        if let hit = lookup(key, store: store, timeline: query.timeline, window: window, in: \.latestAt) {
            return hit
        }
        // The store is a value: these stamps and the answer below come from the same state.
        var dependencies = [Dependency(entity: entity, stamp: store.modificationStamp(of: entity), clearsOnly: false)]
        var path = entity.parent
        while let ancestor = path {
            dependencies.append(Dependency(entity: ancestor, stamp: store.modificationStamp(of: ancestor), clearsOnly: true))
            path = ancestor.parent
        }
        let result = try store.latestAt(query, entity: entity, components: components)
        insert(Entry(value: result, dependencies: dependencies), for: key, in: \.latestAt)
        return result
    }

    /// `store.range(query, entity:, components:)`, cached.
    public func range(
        _ query: RangeQuery, entity: EntityPath, components: [String]? = nil, in store: ChunkStore
    ) throws(QueryError) -> RangeResult {
        let key = RangeKey(store: store.identity, entity: entity, components: components, query: query)
        let window = query.includeLatestAtBefore ? TimeInt.min...max(TimeInt.min, query.range.upperBound) : query.range
        if let hit = lookup(key, store: store, timeline: query.timeline, window: window, in: \.range) {
            return hit
        }
        let dependencies = [Dependency(entity: entity, stamp: store.modificationStamp(of: entity), clearsOnly: false)]
        let result = try store.range(query, entity: entity, components: components)
        insert(Entry(value: result, dependencies: dependencies), for: key, in: \.range)
        return result
    }

    // MARK: Internals

    struct LatestAtKey: Hashable, Sendable {
        var store: UInt64
        var entity: EntityPath
        var components: [String]?
        var query: LatestAtQuery
    }

    struct RangeKey: Hashable, Sendable {
        var store: UInt64
        var entity: EntityPath
        var components: [String]?
        var query: RangeQuery
    }

    struct Dependency: Sendable {
        var entity: EntityPath
        var stamp: UInt64
        /// Only modifications that touch `Clear` cells matter (ancestors of a latest-at).
        var clearsOnly: Bool
    }

    struct Entry<Value: Sendable>: Sendable {
        var value: Value
        var dependencies: [Dependency]
        var lastUse: UInt64 = 0
    }

    struct State: Sendable {
        var latestAt: [LatestAtKey: Entry<LatestAtResult>] = [:]
        var range: [RangeKey: Entry<RangeResult>] = [:]
        var clock: UInt64 = 0
        var hits = 0
        var misses = 0
    }

    private func lookup<Key: Hashable, Value>(
        _ key: Key, store: ChunkStore, timeline: String, window: ClosedRange<TimeInt>?,
        in table: WritableKeyPath<State, [Key: Entry<Value>]>
    ) -> Value? {
        state.withLock { state -> Value? in
            state.clock += 1
            guard var entry = state[keyPath: table][key] else {
                state.misses += 1
                return nil
            }
            guard QueryCache.revalidate(&entry.dependencies, store: store, timeline: timeline, window: window) else {
                state[keyPath: table][key] = nil
                state.misses += 1
                return nil
            }
            entry.lastUse = state.clock
            state[keyPath: table][key] = entry
            state.hits += 1
            return entry.value
        }
    }

    private func insert<Key: Hashable, Value>(
        _ entry: Entry<Value>, for key: Key, in table: WritableKeyPath<State, [Key: Entry<Value>]>
    ) {
        state.withLock { state in
            state.clock += 1
            var entry = entry
            entry.lastUse = state.clock
            state[keyPath: table][key] = entry
            if state.latestAt.count + state.range.count > capacity { QueryCache.evict(&state, keep: capacity / 2) }
        }
    }

    /// Whether every dependency is unchanged as far as the query can tell; advances the stamps.
    static func revalidate(
        _ dependencies: inout [Dependency], store: ChunkStore, timeline: String, window: ClosedRange<TimeInt>?
    ) -> Bool {
        for i in dependencies.indices {
            let dependency = dependencies[i]
            let current = store.modificationStamp(of: dependency.entity)
            if current == dependency.stamp { continue }
            guard let changes = store.modifications(of: dependency.entity, after: dependency.stamp) else { return false }
            for change in changes where !dependency.clearsOnly || change.touchesClear {
                if change.isStatic { return false }
                if let window, change.affects(timeline: timeline, window: window) { return false }
            }
            dependencies[i].stamp = current
        }
        return true
    }

    private static func evict(_ state: inout State, keep: Int) {
        let uses = (state.latestAt.values.map(\.lastUse) + state.range.values.map(\.lastUse)).sorted(by: >)
        guard keep < uses.count else { return }
        let threshold = uses[keep]
        state.latestAt = state.latestAt.filter { $0.value.lastUse > threshold }
        state.range = state.range.filter { $0.value.lastUse > threshold }
    }
}
