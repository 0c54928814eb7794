import Foundation
import Rerun
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD
import RerunStore
import RerunTestSupport
@testable import RerunServer

/// The log messages a recording made with our SDK produces (batched per entity).
func viewerSDKMessages(
    application: String = "viewer_api_test", recording: String = "rec", flushRows: Int = 10_000,
    _ body: (RecordingStream) throws -> Void
) throws -> [LogMsg] {
    let memory = MemorySink(compression: .none)
    let rec = try RecordingStream(
        applicationID: application, recordingID: recording, sink: memory,
        batcher: BatcherConfig(flushNumRows: flushRows), options: .init(logTime: false, sendProperties: false))
    try body(rec)
    try rec.finish()
    var decoder = RRDDecoder()
    decoder.push(memory.bytes)
    var messages: [LogMsg] = []
    while let event = try decoder.next() {
        if case .message(let m, _, _, _) = event { messages.append(m) }
    }
    return messages
}

/// A store holding what `body` logs through our SDK.
func viewerSDKStore(flushRows: Int = 10_000, _ body: (RecordingStream) throws -> Void) throws -> ChunkStore {
    var store = ChunkStore()
    for message in try viewerSDKMessages(flushRows: flushRows, body) {
        if case .arrow(let arrow) = message { _ = try store.insert(arrow.chunk) }
    }
    return store
}

/// A store holding one of the official fixtures in `Tests/Fixtures/rrd`.
func viewerFixtureStore(_ url: URL) throws -> ChunkStore {
    var store = ChunkStore()
    try RRDReader.read(.file(url.path)) { event in
        if case .message(.arrow(let message), _, _, _) = event { _ = try? store.insert(message.chunk) }
    }
    return store
}

/// A decoded server frame, with typed access to its buffers.
struct ViewerReply: @unchecked Sendable {
    // Safety (Sendable): JSON values are immutable after parsing.
    let object: [String: Any]
    let payload: [UInt8]
    let frame: [UInt8]

    init(_ frame: [UInt8]) throws {
        let decoded = try ViewerFrame.decode(frame)
        object = decoded.object
        payload = Array(decoded.payload)
        self.frame = frame
    }

    var type: String { object["type"] as? String ?? "" }
    subscript(_ key: String) -> Any? { object[key] }

    /// The bytes of buffer `index`.
    func bytes(_ index: Int) -> [UInt8] {
        let ranges = object["buffers"] as? [[Int]] ?? []
        guard index >= 0, index < ranges.count else { return [] }
        return Array(payload[ranges[index][0]..<(ranges[index][0] + ranges[index][1])])
    }

    /// Buffer `index` as values of `T` (little-endian host).
    func values<T: BitwiseCopyable>(_ index: Int, as: T.Type) -> [T] {
        let raw = bytes(index)
        return raw.withUnsafeBytes { p in
            (0..<(raw.count / MemoryLayout<T>.stride)).map { p.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
        }
    }
}

/// Runs one query on `store` from its JSON text; an error answer becomes an `error` reply.
func viewerAsk(_ store: ChunkStore, _ json: String, limits: ViewerLimits = .init()) throws -> ViewerReply {
    let request = try ViewerFrame.decode(ViewerFrame.encode(json: Array(json.utf8)))
    let fields = ViewerRequestFields(request.object)
    let id = (try? fields.int("id")) ?? 0
    do {
        return try ViewerReply(ViewerQueries.answer(fields, id: id ?? 0, store: store, limits: limits))
    } catch let error as ViewerError {
        return try ViewerReply(ViewerMessage.error(error, re: id))
    }
}

/// Numbers of a JSON value flattened (nested arrays in order).
func flatNumbers(_ value: Any) -> [Double] {
    if let array = value as? [Any] { return array.flatMap(flatNumbers) }
    if let n = value as? NSNumber { return [n.doubleValue] }
    return []
}

/// A numeric cell's values as doubles (decoded from its buffer by `dtype`).
func numericValues(_ cell: [String: Any], _ reply: ViewerReply) -> [Double] {
    guard let dtype = cell["dtype"] as? String, let buffer = cell["buffer"] as? Int else { return [] }
    switch dtype {
    case "u8": return reply.values(buffer, as: UInt8.self).map(Double.init)
    case "i8": return reply.values(buffer, as: Int8.self).map(Double.init)
    case "u16": return reply.values(buffer, as: UInt16.self).map(Double.init)
    case "i16": return reply.values(buffer, as: Int16.self).map(Double.init)
    case "u32": return reply.values(buffer, as: UInt32.self).map(Double.init)
    case "i32": return reply.values(buffer, as: Int32.self).map(Double.init)
    case "u64": return reply.values(buffer, as: UInt64.self).map(Double.init)
    case "i64": return reply.values(buffer, as: Int64.self).map(Double.init)
    case "f16": return reply.values(buffer, as: UInt16.self).map { Double(HalfFloat.float(fromBits: $0)) }
    case "f32": return reply.values(buffer, as: Float.self).map(Double.init)
    case "f64": return reply.values(buffer, as: Double.self)
    default: return []
    }
}

/// One WebSocket-like session with a `ViewerConnection`, all in memory.
final class ViewerTestSession: Sendable {
    let inbound: AsyncStream<[UInt8]>.Continuation
    let received: AsyncStream<(ContinuousClock.Instant, [UInt8])>
    private let sent: AsyncStream<(ContinuousClock.Instant, [UInt8])>.Continuation
    let task: Task<Void, Never>

    init(hub: RecordingHub, limits: ViewerLimits = .init(), sendDelay: Duration? = nil) {
        let (inStream, inContinuation) = AsyncStream.makeStream(of: [UInt8].self)
        let (outStream, outContinuation) = AsyncStream.makeStream(of: (ContinuousClock.Instant, [UInt8]).self)
        inbound = inContinuation
        received = outStream
        sent = outContinuation
        let connection = ViewerConnection(hub: hub, logger: .init(label: "viewer-test"), limits: limits)
        task = Task {
            await connection.run(inbound: inStream) { frame in
                if let sendDelay { try await Task.sleep(for: sendDelay) }
                outContinuation.yield((ContinuousClock.now, frame))
            }
            outContinuation.finish()
        }
    }

    /// Sends a request given as JSON text.
    func send(_ json: String) {
        inbound.yield(ViewerFrame.encode(json: Array(json.utf8)))
    }

    /// Sends raw frame bytes.
    func sendRaw(_ bytes: [UInt8]) { inbound.yield(bytes) }

    /// Ends the session and waits for the connection to stop.
    func close() async {
        inbound.finish()
        await task.value
    }
}

/// Reads replies until `match` accepts one; every reply read is appended to `seen`. Returns
/// `nil` if the stream ends (bound the wait with `withViewerTimeout`).
func viewerWait(
    _ iterator: inout AsyncStream<(ContinuousClock.Instant, [UInt8])>.Iterator,
    seen: inout [(ContinuousClock.Instant, ViewerReply)], until match: (ViewerReply) -> Bool
) async throws -> ViewerReply? {
    while let (time, frame) = await iterator.next() {
        let reply = try ViewerReply(frame)
        seen.append((time, reply))
        if match(reply) { return reply }
    }
    return nil
}

struct ViewerTimeout: Error {}

/// Runs `body`, cancelling it (and failing) after `timeout`.
func withViewerTimeout<T: Sendable>(_ timeout: Duration = .seconds(60), _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw ViewerTimeout() }
        return value
    }
}
