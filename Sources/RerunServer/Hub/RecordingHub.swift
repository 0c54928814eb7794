public import Foundation
public import Logging
public import RerunModel
public import RerunRRD
public import RerunStore

/// All recordings the server holds: one `ChunkStore` per store (recording or blueprint), fed by
/// gRPC clients and files, bounded by a memory limit, optionally saved to an `.rrd` as data
/// arrives, and replayed to `ReadMessages` subscribers. See `Docs/server.md`.
///
/// Ingest never throws and never traps: bad data is logged for the client that sent it and
/// dropped. Queries run on `store(for:)` snapshots outside the actor.
public actor RecordingHub {
    /// Limits and options.
    public struct Configuration: Sendable {
        /// Total accounted bytes across all stores (`ChunkStore.totalBytes`); `nil` = unlimited.
        /// When exceeded, every store drops its oldest temporal chunks in proportion to its size
        /// until the total is 90 % of the limit. Static data is never dropped.
        public var memoryLimit: Int?
        /// `--save`: everything accepted is appended here as it arrives (footer on `finish()`).
        public var savePath: URL?
        /// Bytes of encoded messages kept for `ReadMessages` replay; the oldest temporal chunks
        /// are dropped first.
        public var replayBufferLimit: Int
        /// Bytes queued per `ReadMessages` subscriber before it is dropped.
        public var subscriberBufferLimit: Int
        /// The chunk store configuration of every store.
        public var storeConfig: ChunkStoreConfig

        /// Creates a configuration.
        public init(
            memoryLimit: Int? = nil, savePath: URL? = nil, replayBufferLimit: Int = 512 << 20,
            subscriberBufferLimit: Int = 64 << 20, storeConfig: ChunkStoreConfig = .default
        ) {
            self.memoryLimit = memoryLimit
            self.savePath = savePath
            self.replayBufferLimit = replayBufferLimit
            self.subscriberBufferLimit = subscriberBufferLimit
            self.storeConfig = storeConfig
        }
    }

    /// One store and what the hub knows about it.
    struct Entry {
        var store: ChunkStore
        var info: StoreInfo?
        var name: String?
        var startedNanos: Int64?
        var generation: UInt64 = 0
        let arrival: Int
    }

    /// The configuration.
    public let configuration: Configuration
    let logger: Logger
    var entries: [StoreID: Entry] = [:]
    var arrivals = 0
    var accountedBytes = 0
    var replay: ReplayBuffer
    var subscribers: [SubscriberQueue] = []
    var feeds: [ChangeFeed] = []
    var saver: SaveWriter?
    var overLimitLogged = false
    /// Below this total, no new GC attempt (see `enforceMemoryLimit`).
    var gcFloor = 0
    var accepted = 0
    var rejected = 0
    var collected = 0

    /// Creates a hub; opens the `--save` file if configured (logging an error if it cannot).
    public init(configuration: Configuration = .init(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.replay = ReplayBuffer(limit: configuration.replayBufferLimit)
        if let url = configuration.savePath {
            do {
                saver = try SaveWriter(url: url, logger: logger)
            } catch {
                logger.error("--save \(url.path): \(error)")
            }
        }
    }

    /// Accepts one decoded message from a client (named for log lines). Bad data (e.g. a chunk
    /// that fails to insert) is logged for that client and dropped; never throws, never traps.
    public func ingest(_ message: LogMsg, from client: String) {
        ingest(message, proto: nil, from: client)
    }

    /// The summaries of all stores: by application (in order of first arrival), each
    /// application's recordings before its blueprints.
    public func recordings() -> [RecordingSummary] {
        var firstArrival: [String: Int] = [:]
        for (id, e) in entries {
            firstArrival[id.applicationID.rawValue] = min(firstArrival[id.applicationID.rawValue] ?? .max, e.arrival)
        }
        return entries.sorted { a, b in
            let ka = (firstArrival[a.key.applicationID.rawValue] ?? 0, a.key.kind == .recording ? 0 : 1, a.value.arrival)
            let kb = (firstArrival[b.key.applicationID.rawValue] ?? 0, b.key.kind == .recording ? 0 : 1, b.value.arrival)
            return ka < kb
        }.map { summary($0.key, $0.value) }
    }

    /// A copy-on-write snapshot of one store (cheap); queries run on it outside the actor.
    public func store(for id: StoreID) -> ChunkStore? {
        entries[id]?.store
    }

    /// The info a store was announced with (`SetStoreInfo`), if any.
    public func storeInfo(for id: StoreID) -> StoreInfo? {
        entries[id]?.info
    }

    /// The accounted bytes of all stores together (what `memoryLimit` bounds).
    public func totalBytes() -> Int {
        accountedBytes
    }

    /// Counters: messages, stores, bytes, replay buffer, subscribers.
    public func statistics() -> HubStatistics {
        HubStatistics(messagesAccepted: accepted, messagesRejected: rejected, storeCount: entries.count,
                      storeBytes: accountedBytes, chunksCollected: collected, replayMessages: replay.count,
                      replayBytes: replay.bytes, subscribers: subscribers.count { $0.ending == .open })
    }

    /// Coalesced change notifications: each subscriber gets its own stream; while it is busy,
    /// changes merge (the newest generation per store), so slow consumers never block ingest.
    public func changes() -> AsyncStream<HubChange> {
        let feed = ChangeFeed()
        feeds.removeAll { $0.isFinished }
        feeds.append(feed)
        return AsyncStream(unfolding: { await feed.next() }, onCancel: { feed.finish() })
    }

    /// Closes a store: drops its data and its replay messages.
    public func close(_ id: StoreID) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        accountedBytes -= entry.store.totalBytes
        gcFloor = 0
        replay.remove(store: id)
        logger.info("closed \(id)")
        post(.recordingsChanged)
    }

    /// Flushes and closes the `--save` file (footer written). Later messages are not saved.
    public func finish() throws {
        try saver?.finish()
        saver = nil
    }

    /// Ends every `ReadMessages` subscription and change feed (server shutdown).
    public func shutdown() {
        for s in subscribers { s.close() }
        subscribers = []
        for f in feeds { f.finish() }
        feeds = []
    }

    func summary(_ id: StoreID, _ e: Entry) -> RecordingSummary {
        RecordingSummary(id: id, name: e.name, startedNanos: e.startedNanos, chunkCount: e.store.chunkCount,
                         bytes: e.store.totalBytes, generation: e.generation)
    }

    func post(_ change: HubChange) {
        var pruned = false
        for f in feeds {
            if f.isFinished { pruned = true } else { f.post(change) }
        }
        if pruned { feeds.removeAll { $0.isFinished } }
    }
}
