public import Logging
import RerunModel
import RerunStore
import Synchronization

/// Serves the viewer protocol (`Docs/viewer-protocol.md`) to one browser over any transport:
/// frames in through an async sequence, frames out through `send`.
///
/// Queries run on copy-on-write store snapshots outside the hub, so ingest never waits for a
/// browser. Requests are answered one at a time, in order; the next frame is read ahead only up
/// to `limits.pendingRequests` (back-pressure). Pushes (`recordings`, `tree`, `timelines`,
/// `density`) go out only after `hello`, only when the hub reports a change, at most
/// `limits.pushHz` per second, and coalesced: a slow socket holds at most one frame per kind.
///
/// ```swift
/// let connection = ViewerConnection(hub: hub, logger: logger)
/// await connection.run(inbound: frames) { frame in try await socket.write(.binary(frame)) }
/// ```
public struct ViewerConnection: Sendable {
    /// The recordings served.
    public let hub: RecordingHub
    /// Where connection-level problems are logged.
    public let logger: Logger
    /// Size and rate limits.
    public let limits: ViewerLimits

    /// The protocol version spoken.
    public static let protocolVersion = 1

    /// Creates a connection handler for one browser.
    public init(hub: RecordingHub, logger: Logger, limits: ViewerLimits = .init()) {
        self.hub = hub
        self.logger = logger
        self.limits = limits
    }

    /// A decoded client frame, or why it could not be decoded.
    enum Inbound: Sendable {
        case frame(ViewerFrame.Decoded)
        case failed(ViewerError)
    }

    /// Which of the connection's tasks ended.
    private enum Role: Sendable { case reader, handler, writer, listener, pusher }

    /// Serves one browser until `inbound` ends or fails; `send` writes one binary WebSocket frame.
    public func run<Inbound: AsyncSequence & Sendable>(
        inbound: Inbound, send: @escaping @Sendable ([UInt8]) async throws -> Void
    ) async where Inbound.Element == [UInt8] {
        let inbox = ViewerInbox<ViewerConnection.Inbound>(capacity: limits.pendingRequests)
        let outbox = ViewerOutbox()
        let shared = ViewerSharedState()
        let (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let changes = await hub.changes()
        let limits = self.limits
        let logger = self.logger

        await withTaskGroup(of: Role.self) { group in
            group.addTask {
                await ViewerConnection.read(inbound, into: inbox, shared: shared, limits: limits, logger: logger)
                await inbox.close()
                return .reader
            }
            group.addTask {
                await self.handle(inbox: inbox, outbox: outbox, shared: shared, wake: wakeContinuation)
                await outbox.close()
                return .handler
            }
            group.addTask {
                while let item = await outbox.next() {
                    do {
                        try await send(item.frame)
                        item.written?.resume()
                    } catch {
                        item.written?.resume()
                        logger.debug("viewer connection: send failed, closing", metadata: ["error": "\(error)"])
                        await outbox.close()
                        await inbox.close()
                        break
                    }
                }
                return .writer
            }
            group.addTask {
                for await change in changes {
                    shared.session.withLock { $0.note(change) }
                    wakeContinuation.yield()
                }
                return .listener
            }
            group.addTask {
                await self.pushLoop(wake: wake, outbox: outbox, shared: shared)
                return .pusher
            }
            // The writer ends last on a normal close (the handler closes the outbox after the
            // inbound ended) and first when the socket fails; either way the session is over.
            for await role in group where role == .writer {
                await inbox.close()
                wakeContinuation.finish()
                group.cancelAll()
            }
        }
    }

    /// Reads frames, decodes them, records `cancel`s at once and queues the rest.
    private static func read<S: AsyncSequence>(
        _ inbound: S, into inbox: ViewerInbox<Inbound>, shared: ViewerSharedState, limits: ViewerLimits, logger: Logger
    ) async where S.Element == [UInt8] {
        do {
            for try await frame in inbound {
                let item: Inbound
                if frame.count > limits.maxRequestBytes {
                    item = .failed(ViewerError(.tooLarge, "frame of \(frame.count) bytes exceeds the \(limits.maxRequestBytes)-byte request limit"))
                } else {
                    do {
                        let decoded = try ViewerFrame.decode(frame)
                        if decoded.object["type"] as? String == "cancel" {
                            let fields = ViewerRequestFields(decoded.object)
                            if let target = (try? fields.int("target")) ?? (try? fields.int("id")) ?? nil {
                                _ = shared.cancelled.withLock { $0.insert(target) }
                            }
                            continue
                        }
                        item = .frame(decoded)
                    } catch {
                        item = .failed(error)
                    }
                }
                guard await inbox.push(item) else { return }
            }
        } catch {
            logger.debug("viewer connection: inbound failed", metadata: ["error": "\(error)"])
        }
    }

    /// Answers queued requests one at a time.
    private func handle(
        inbox: ViewerInbox<Inbound>, outbox: ViewerOutbox, shared: ViewerSharedState, wake: AsyncStream<Void>.Continuation
    ) async {
        while let item = await inbox.pop() {
            switch item {
            case .failed(let error):
                await outbox.respond(ViewerMessage.error(error, re: nil))
            case .frame(let decoded):
                let fields = ViewerRequestFields(decoded.object)
                let id = (try? fields.int("id")) ?? nil
                if let id, shared.cancelled.withLock({ $0.remove(id) != nil }) {
                    await outbox.respond(ViewerMessage.error(ViewerError(.cancelled, "request \(id) was cancelled"), re: id))
                    continue
                }
                let frame: [UInt8]
                do {
                    frame = try await respond(to: fields, id: id, shared: shared)
                } catch {
                    frame = ViewerMessage.error(error, re: id)
                }
                await outbox.respond(frame)
                if fields.type == "hello" || fields.type == "open" { wake.yield() }
            }
        }
    }

    /// The answer to one request.
    private func respond(
        to fields: ViewerRequestFields, id: Int64?, shared: ViewerSharedState
    ) async throws(ViewerError) -> [UInt8] {
        switch fields.type {
        case "hello":
            let version = try fields.int("protocol") ?? Int64(ViewerConnection.protocolVersion)
            guard version == Int64(ViewerConnection.protocolVersion) else {
                throw ViewerError(.protocol, "protocol \(version) is not supported; this server speaks protocol \(ViewerConnection.protocolVersion)")
            }
            var message = ViewerMessage(type: "welcome", re: id, budget: .max)
            message.set("server", .string("rerun-swift"))
            message.set("protocol", .int(ViewerConnection.protocolVersion))
            message.set("limits", .object([
                ("max_request_bytes", .int(limits.maxRequestBytes)), ("max_response_bytes", .int(limits.maxResponseBytes)),
                ("push_hz", .int(limits.pushHz)),
            ]))
            shared.session.withLock {
                $0.greeted = true
                $0.recordingsDirty = true
                $0.storeDirty = true
            }
            return try message.encoded()
        case "open":
            let recording = try fields.string("recording")
            let timeline = try fields.string("timeline")
            let buckets = try fields.int("buckets", default: 512, in: 1...ViewerQueries.maxBuckets)
            let summaries = await hub.recordings()
            if let recording, !summaries.contains(where: { ViewerPushes.recordingID($0.id) == recording }) {
                throw ViewerError(.notFound, "no recording '\(recording)'")
            }
            shared.session.withLock {
                $0.recording = recording
                $0.timeline = timeline
                $0.buckets = buckets
                $0.storeDirty = true
            }
            let resolved = recording ?? ViewerConnection.newest(summaries).map { ViewerPushes.recordingID($0.id) }
            var message = ViewerMessage(type: "opened", re: id, budget: .max)
            message.set("recording", .optional(resolved))
            return try message.encoded()
        case let type where ViewerQueries.isQuery(type):
            guard let id else { throw ViewerError(.badRequest, "'\(type)': field 'id' must be an integer") }
            let store = try await resolveStore(try fields.string("recording"), shared: shared)
            return try ViewerQueries.answer(fields, id: id, store: store, limits: limits)
        default:
            throw ViewerError(.unknownType, "unknown message type '\(fields.type)'")
        }
    }

    /// The newest recording (recordings before blueprints; the last one listed).
    static func newest(_ summaries: [RecordingSummary]) -> RecordingSummary? {
        summaries.last { $0.kind == .recording } ?? summaries.last
    }

    /// The store a request means: the named one, else the followed one, else the newest.
    private func resolveStore(_ recording: String?, shared: ViewerSharedState) async throws(ViewerError) -> ChunkStore {
        let summaries = await hub.recordings()
        let wanted = recording ?? shared.session.withLock { $0.recording }
        let summary = wanted.map { name in summaries.first { ViewerPushes.recordingID($0.id) == name } } ?? ViewerConnection.newest(summaries)
        guard let summary, let store = await hub.store(for: summary.id) else {
            throw ViewerError(.notFound, wanted.map { "no recording '\($0)'" } ?? "there is no recording yet")
        }
        return store
    }

    /// Builds due pushes whenever woken, at most `pushHz` times per second.
    private func pushLoop(wake: AsyncStream<Void>, outbox: ViewerOutbox, shared: ViewerSharedState) async {
        let interval = Duration.milliseconds(1000 / limits.pushHz)
        let clock = ContinuousClock()
        var last: ContinuousClock.Instant?
        for await _ in wake {
            if let last, clock.now < last + interval {
                do { try await clock.sleep(until: last + interval) } catch { return }
            }
            let due = shared.session.withLock { s -> ViewerSessionState? in
                guard s.greeted, s.recordingsDirty || s.storeDirty else { return nil }
                let copy = s
                s.recordingsDirty = false
                s.storeDirty = false
                return copy
            }
            guard let due else { continue }
            // The interval runs from when the last push reached the socket.
            await buildPushes(due, outbox: outbox, shared: shared)
            last = clock.now
        }
    }

    /// Computes the due pushes from fresh snapshots and hands them to the outbox.
    private func buildPushes(_ due: ViewerSessionState, outbox: ViewerOutbox, shared: ViewerSharedState) async {
        let summaries = await hub.recordings()
        do {
            if due.recordingsDirty {
                var rows: [StoreID: Int] = [:]
                for summary in summaries {
                    if let statistics = await hub.store(for: summary.id)?.statistics {
                        rows[summary.id] = statistics.temporalRows + statistics.staticRows
                    }
                }
                await outbox.push(kind: "recordings", frame: try ViewerPushes.recordings(summaries, rows: rows).encoded())
            }
            let target = due.recording.flatMap { name in summaries.first { ViewerPushes.recordingID($0.id) == name } }
                ?? (due.recording == nil ? ViewerConnection.newest(summaries) : nil)
            guard let target else { return }
            let name = ViewerPushes.recordingID(target.id)
            guard due.storeDirty || name != due.pushedRecording, let store = await hub.store(for: target.id) else { return }
            shared.session.withLock { $0.pushedRecording = name }
            await outbox.push(kind: "tree", frame: try ViewerPushes.tree(recording: name, store: store).encoded())
            await outbox.push(kind: "timelines", frame: try ViewerPushes.timelines(recording: name, store: store).encoded())
            if let timeline = due.timeline ?? ViewerPushes.defaultTimeline(store) {
                let density = ViewerPushes.density(recording: name, store: store, timeline: timeline, from: nil, to: nil, buckets: due.buckets)
                await outbox.push(kind: "density", frame: try density.encoded())
            }
        } catch {
            logger.error("viewer connection: could not build a push", metadata: ["error": "\(error)"])
        }
    }
}
