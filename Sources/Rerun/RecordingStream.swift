public import Foundation
import RerunArrow
public import RerunModel
import RerunRRD
import RerunChunk
public import RerunTypes
import Synchronization

/// A recording being logged: `log` data at the current time, and it reaches a sink (file,
/// memory, stdout, network) in batched chunks.
///
/// ```swift
/// let rec = try RecordingStream(applicationID: "my_robot", sink: FileSink(path: "run.rrd"))
/// rec.setTime("frame", sequence: 42)
/// try rec.log("world/points", Points3D(positions: points))
/// try rec.finish()
/// ```
///
/// Thread-safe. Time is per thread (as in Rerun): `setTime` affects later `log` calls from the
/// same thread only.
public final class RecordingStream: Sendable {
    /// The store this recording writes (recording kind, recording id, application id).
    public let storeID: StoreID
    /// Options fixed at creation.
    public let options: Options

    private let sink: any LogSink
    private let batcher: ChunkBatcher
    private let loop: FlushLoop
    private let time = ThreadLocalTime()
    private let tick = Atomic<Int64>(0)
    private let finished = Atomic<Bool>(false)

    /// What a recording adds automatically.
    public struct Options: Sendable, Hashable {
        /// Add a `log_time` timestamp (wall clock at the log call) to temporal rows. On by default.
        public var logTime = true
        /// Add a `log_tick` sequence (one per log call). Off by default.
        public var logTick = false
        /// Send the `/__properties` `RecordingInfo` (start time, name) as the official SDK does.
        public var sendProperties = true
        /// An optional recording name for the properties.
        public var recordingName: String?
        /// Creates options.
        public init(logTime: Bool = true, logTick: Bool = false, sendProperties: Bool = true, recordingName: String? = nil) {
            self.logTime = logTime
            self.logTick = logTick
            self.sendProperties = sendProperties
            self.recordingName = recordingName
        }
    }

    /// Starts a recording that writes to `sink`.
    ///
    /// - Parameters:
    ///   - applicationID: groups recordings of the same program (`rr.init("my_app")`).
    ///   - recordingID: share one id across processes to log into the same recording; random by default.
    ///   - batcher: flush policy; the sink's default (with `RERUN_FLUSH_*` overrides) when `nil`.
    public init(
        applicationID: String, recordingID: String? = nil, sink: any LogSink,
        batcher: BatcherConfig? = nil, options: Options = Options()
    ) throws {
        guard !applicationID.isEmpty else { throw RerunError(.invalidArgument, "the application id must not be empty") }
        self.storeID = StoreID(kind: .recording, recordingID: recordingID ?? UUID().uuidString.lowercased(),
                               applicationID: ApplicationID(applicationID))
        self.options = options
        self.sink = sink
        self.batcher = ChunkBatcher(config: batcher ?? sink.defaultBatcherConfig)
        self.loop = FlushLoop(batcher: self.batcher, sink: sink, storeID: storeID)
        try sink.send([.setStoreInfo(StoreInfo(storeID: storeID, source: .rerunSwift))])
        loop.start()
        if options.sendProperties { try sendRecordingProperties() }
    }

    /// Starts a recording saved to an `.rrd` file at `path` (footer written by `finish()`).
    public convenience init(applicationID: String, recordingID: String? = nil, savingTo path: String,
                            batcher: BatcherConfig? = nil, options: Options = Options()) throws {
        try self.init(applicationID: applicationID, recordingID: recordingID, sink: FileSink(path: path),
                      batcher: batcher, options: options)
    }

    /// Starts a recording streamed live to a Rerun viewer or `rerun --serve-grpc`
    /// (`rerun+http://HOST:PORT/proxy`; 9876 is Rerun's default gRPC port).
    public convenience init(applicationID: String, recordingID: String? = nil,
                            connectingTo url: String = GRPCEndpoint.default.url,
                            grpcOptions: GRPCSink.Options = .init(), batcher: BatcherConfig? = nil,
                            options: Options = Options()) throws {
        try self.init(applicationID: applicationID, recordingID: recordingID,
                      sink: GRPCSink(url: url, options: grpcOptions), batcher: batcher, options: options)
    }

    deinit {
        try? finish()
    }

    // MARK: Time

    /// Sets the calling thread's time on a sequence timeline (frame numbers, counters).
    public func setTime(_ timeline: String, sequence: Int64) {
        setRawTime(Timeline(timeline, .sequence), sequence)
    }

    /// Sets the calling thread's time on a duration timeline, in seconds.
    public func setTime(_ timeline: String, duration seconds: Double) {
        setRawTime(Timeline(timeline, .duration), Self.nanoseconds(seconds))
    }

    /// Sets the calling thread's time on a duration timeline.
    public func setTime(_ timeline: String, duration: Duration) {
        let (s, atto) = duration.components
        setRawTime(Timeline(timeline, .duration), s &* 1_000_000_000 &+ atto / 1_000_000_000)
    }

    /// Sets the calling thread's time on a timestamp timeline.
    public func setTime(_ timeline: String, timestamp date: Date) {
        setRawTime(Timeline(timeline, .timestamp), Self.nanoseconds(date.timeIntervalSince1970))
    }

    /// Sets the calling thread's time on a timestamp timeline, in nanoseconds since the Unix epoch.
    public func setTime(_ timeline: String, timestampNanos: Int64) {
        setRawTime(Timeline(timeline, .timestamp), timestampNanos)
    }

    /// Sets the calling thread's time on a duration timeline, in nanoseconds.
    public func setTime(_ timeline: String, durationNanos: Int64) {
        setRawTime(Timeline(timeline, .duration), durationNanos)
    }

    /// Clears all times of the calling thread (later logs are on `log_time`/`log_tick` only).
    public func resetTime() {
        time.withState { $0.times.removeAll(keepingCapacity: true) }
    }

    /// Removes one timeline from the calling thread's time.
    public func disableTimeline(_ timeline: String) {
        time.withState { $0.times[timeline] = nil }
    }

    private func setRawTime(_ timeline: Timeline, _ value: Int64) {
        time.withState { $0.times[timeline.name] = (timeline, value) }
    }

    static func nanoseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return .min }
        let ns = (seconds * 1e9).rounded()
        guard ns > Double(Int64.min), ns < Double(Int64.max) else { return .min }
        return Int64(ns)
    }

    // MARK: Logging

    /// Logs archetypes or components at `path`, at the calling thread's current time (or for
    /// all times if `isStatic`). Only the given fields are written: a partial update.
    public func log(_ path: EntityPath, _ items: any AsComponents..., static isStatic: Bool = false) throws {
        try log(path, items, static: isStatic)
    }

    /// Logs at a path given as an escaped string (`"world/points"`); throws if it is malformed.
    public func log(_ path: String, _ items: any AsComponents..., static isStatic: Bool = false) throws {
        let entity: EntityPath
        do {
            entity = try EntityPath(parsing: path)
        } catch {
            throw RerunError(.invalidArgument, "\(error)")
        }
        try log(entity, items, static: isStatic)
    }

    /// Logs a list of archetypes or components (see `log(_:_:static:)`).
    public func log(_ path: EntityPath, _ items: [any AsComponents], static isStatic: Bool = false) throws {
        guard !finished.load(ordering: .acquiring) else {
            throw RerunError(.finished, "cannot log to \(path): the recording \(storeID.recordingID) is finished")
        }
        var batches: [(descriptor: ComponentDescriptor, array: ArrayData)] = []
        for item in items { batches += item.componentColumns().map { (descriptor: $0.0, array: $0.1) } }
        guard !batches.isEmpty else { return }
        batches.sort { $0.descriptor.component < $1.descriptor.component }
        for (a, b) in zip(batches, batches.dropFirst()) where a.descriptor.component == b.descriptor.component {
            throw RerunError(.invalidArgument, "component '\(a.descriptor.component)' is logged twice in one call to \(path)")
        }
        var times: [(Timeline, Int64)] = []
        if !isStatic {
            times = time.withState { state in state.times.values.map { ($0.0, $0.1) } }
            if let bad = times.first(where: { $0.1 == .min }) {
                throw RerunError(.invalidArgument, "time on timeline '\(bad.0.name)' is not a finite, representable value")
            }
            if options.logTime { times.append((.logTime, Int64(bitPattern: TUIDGenerator.wallClockNanos()))) }
            if options.logTick { times.append((.logTick, tick.add(1, ordering: .relaxed).oldValue)) }
            times.sort { $0.0.name < $1.0.name }
        }
        let size = batches.reduce(0) { $0 + $1.array.totalBufferBytes }
        let row = ChunkBatcher.Row(rowID: .next(), times: times, batches: batches, byteSize: size)
        if batcher.append(entity: path, row: row) { loop.request() }
    }

    /// Sends the chunks `make` returns after everything batched so far (keeps log order). `make`
    /// runs after the batched rows became chunks, so ids it takes sort after theirs (the official
    /// tools order chunks by id).
    func sendChunks(_ make: () throws -> [Chunk]) throws {
        guard !finished.load(ordering: .acquiring) else {
            throw RerunError(.finished, "cannot send to the recording \(storeID.recordingID): it is finished")
        }
        try loop.drainAndSend()
        try loop.sendDirect(try make().map { .arrow(ArrowMessage(storeID: storeID, chunk: $0)) })
    }

    // MARK: Lifecycle

    /// Sends everything logged so far to the sink and waits until it got there.
    public func flush() throws {
        try loop.drainAndSend()
        try sink.flush()
    }

    /// Flushes, stops the batcher and finishes the sink (an `.rrd` file gets its footer).
    /// Logging afterwards throws. Calling it again does nothing.
    public func finish() throws {
        guard !finished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loop.stop()
        try loop.drainAndSend()
        try sink.finish()
    }

    private func sendRecordingProperties() throws {
        // Like the official SDK: the start time at init, and the name (`send_recording_name`) as a
        // row of its own, so files compare equal with `rerun rrd compare`.
        let startTime = AnyValues().with(
            ComponentDescriptor(component: "RecordingInfo:start_time", archetype: "rerun.archetypes.RecordingInfo",
                                componentType: "rerun.components.Timestamp"),
            ArrayData.from([Int64(bitPattern: TUIDGenerator.wallClockNanos())]))
        try log(.properties, [startTime], static: true)
        if let name = options.recordingName {
            let recordingName = AnyValues().with(
                ComponentDescriptor(component: "RecordingInfo:name", archetype: "rerun.archetypes.RecordingInfo",
                                    componentType: "rerun.components.Name"),
                ArrayData.from([name]))
            try log(.properties, [recordingName], static: true)
        }
    }
}
