/// Counters of a `RecordingHub`, for logs, status endpoints and tests.
public struct HubStatistics: Sendable, Equatable {
    /// Messages accepted since the hub started (from clients and files).
    public var messagesAccepted: Int
    /// Messages rejected: undecodable, or refused by the store (e.g. a chunk that fails to insert).
    public var messagesRejected: Int
    /// The number of stores held.
    public var storeCount: Int
    /// The accounted bytes of all stores (what `memoryLimit` bounds).
    public var storeBytes: Int
    /// Chunks dropped by garbage collection to meet the memory limit.
    public var chunksCollected: Int
    /// Messages held for `ReadMessages` replay, and their bytes.
    public var replayMessages: Int
    /// Bytes held for `ReadMessages` replay.
    public var replayBytes: Int
    /// Live `ReadMessages` subscribers.
    public var subscribers: Int
}
