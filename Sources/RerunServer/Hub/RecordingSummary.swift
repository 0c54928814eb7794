public import RerunModel

/// What the hub knows about one store, for listings (the viewer's recordings panel, logs).
public struct RecordingSummary: Sendable, Equatable {
    /// The store.
    public var id: StoreID
    /// The application the store belongs to (`rr.init("my_app")`).
    public var applicationID: String
    /// Recording or blueprint.
    public var kind: StoreKind
    /// The recording's name (`RecordingInfo:name` in `/__properties`), if logged.
    public var name: String?
    /// The recording's start time in nanoseconds since the Unix epoch (`RecordingInfo:start_time`), if logged.
    public var startedNanos: Int64?
    /// The number of chunks the store holds.
    public var chunkCount: Int
    /// The store's accounted bytes (`ChunkStore.totalBytes`).
    public var bytes: Int
    /// Increases whenever the store's contents change.
    public var generation: UInt64

    /// Creates a summary.
    public init(id: StoreID, name: String? = nil, startedNanos: Int64? = nil, chunkCount: Int = 0, bytes: Int = 0, generation: UInt64 = 0) {
        self.id = id
        self.applicationID = id.applicationID.rawValue
        self.kind = id.kind
        self.name = name
        self.startedNanos = startedNanos
        self.chunkCount = chunkCount
        self.bytes = bytes
        self.generation = generation
    }
}

/// A change in the hub, as seen by `RecordingHub.changes()` subscribers. Changes are coalesced:
/// a subscriber that is slow sees the newest generation of each changed store once.
public enum HubChange: Sendable, Equatable {
    /// A store was added or closed, or its name or info changed: re-read `recordings()`.
    case recordingsChanged
    /// A store's contents changed; `generation` is its newest generation.
    case storeChanged(StoreID, generation: UInt64)
}
