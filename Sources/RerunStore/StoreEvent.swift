public import RerunChunk
public import RerunModel

/// A change to a `ChunkStore`, returned by `insert` and `gc` for subscribers (caches, viewers).
///
/// Applying a store's events in order to an empty set of chunks yields exactly the chunks the
/// store holds.
public enum StoreEvent: Sendable {
    /// A chunk became part of the store.
    case added(Chunk, cause: AdditionCause)
    /// A chunk left the store.
    case removed(Chunk, cause: RemovalCause)

    /// The chunk that was added or removed.
    public var chunk: Chunk {
        switch self {
        case .added(let chunk, _), .removed(let chunk, _): chunk
        }
    }

    /// Whether this is an addition.
    public var isAddition: Bool {
        if case .added = self { return true }
        return false
    }
}

/// Why a chunk was added.
public enum AdditionCause: Sendable, Hashable {
    /// The inserted chunk itself (possibly re-sorted, same id).
    case inserted
    /// A zero-copy piece of the inserted chunk `ChunkID`, which was over the size limits.
    case split(of: ChunkID)
    /// The concatenation of a stored chunk and the inserted chunk (in that order), replacing the
    /// stored one.
    case compaction(of: [ChunkID])
}

/// Why a chunk was removed.
public enum RemovalCause: Sendable, Hashable {
    /// It was merged into the chunk with the given id (added in the same batch of events).
    case compacted(into: ChunkID)
    /// Garbage collection dropped it to meet a memory budget.
    case garbageCollected
    /// Newer static data (by row id) replaced every static cell it held.
    case staticOverwritten
}
