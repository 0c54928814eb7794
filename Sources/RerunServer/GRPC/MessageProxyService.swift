public import GRPCCore
public import Logging
public import RerunProtos
import RerunRRD

/// `rerun.sdk_comms.v1alpha1.MessageProxyService` on top of a `RecordingHub`: SDKs write log
/// messages into the hub (`WriteMessages`), viewers read them back (`ReadMessages`: the replay
/// buffer, then live messages). Tables are not supported.
///
/// A client's message that does not decode (a corrupt Arrow payload, a missing field) is logged
/// with the client's address and skipped; the client's later messages are still accepted, and
/// its stream ends with `invalidArgument` naming how many messages were rejected. A request that
/// is not a protobuf at all ends that client's stream (gRPC cannot resynchronize); everything it
/// sent before is kept.
public struct MessageProxyService: Rerun_SdkComms_V1alpha1_MessageProxyService.SimpleServiceProtocol {
    private let hub: RecordingHub
    private let logger: Logger

    /// Creates the service.
    public init(hub: RecordingHub, logger: Logger) {
        self.hub = hub
        self.logger = logger
    }

    /// Decodes each message and hands it to the hub. Decoding message N+1 overlaps with the
    /// hub ingesting message N (one ingest in flight, so order is kept and memory bounded).
    public func writeMessages(
        request: RPCAsyncSequence<Rerun_SdkComms_V1alpha1_WriteMessagesRequest, any Error>, context: ServerContext
    ) async throws -> Rerun_SdkComms_V1alpha1_WriteMessagesResponse {
        let client = "gRPC client \(context.remotePeer)"
        logger.info("\(client): WriteMessages started")
        var count = 0
        var rejected = 0
        var firstProblem: String?
        let hub = self.hub
        let streamError: (any Error)? = await withTaskGroup(of: Void.self) { group in
            var inFlight = false
            do {
                for try await part in request {
                    count += 1
                    let message: LogMsg
                    do {
                        message = try RRDDecoder.decode(logMsg: part.logMsg)
                    } catch {
                        rejected += 1
                        await hub.noteUndecodable()
                        firstProblem = firstProblem ?? "message \(count): \(error)"
                        logger.warning("\(client): message \(count) rejected: \(error)")
                        continue
                    }
                    if inFlight { await group.next() }
                    group.addTask { await hub.ingest(message, proto: part.logMsg, from: client) }
                    inFlight = true
                }
                return nil
            } catch {
                return error  // the group still finishes the ingest in flight
            }
        }
        if let error = streamError {
            let code = (error as? RPCError)?.code
            if Task.isCancelled || code == .cancelled || code == .unavailable {
                logger.warning("\(client): disconnected mid-stream after \(count) messages (\(error)); what it sent is kept")
            } else {
                logger.warning("\(client): WriteMessages failed after \(count) messages: \(error)")
            }
            throw error
        }
        logger.info("\(client): WriteMessages finished, \(count) messages, \(rejected) rejected")
        if let firstProblem {
            throw RPCError(code: .invalidArgument,
                           message: "\(rejected) of \(count) messages rejected; first: \(firstProblem)")
        }
        return .init()
    }

    /// Replays the buffered messages, then streams live ones until the client goes away or
    /// falls more than `subscriberBufferLimit` bytes behind (then `resourceExhausted`).
    public func readMessages(
        request: Rerun_SdkComms_V1alpha1_ReadMessagesRequest,
        response: RPCWriter<Rerun_SdkComms_V1alpha1_ReadMessagesResponse>, context: ServerContext
    ) async throws {
        let client = "gRPC reader \(context.remotePeer)"
        let (replay, queue) = await hub.subscribe(name: client)
        logger.info("\(client): ReadMessages started, replaying \(replay.count) messages")
        defer { queue.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for message in replay {
                    let proto: ProtoLogMsg
                    do {
                        proto = try message.proto()
                    } catch {
                        logger.warning("\(client): cannot encode a buffered message, skipped: \(error)")
                        continue
                    }
                    try await response.write(Self.response(proto))
                }
                while let message = await queue.next() {
                    try await response.write(Self.response(message))
                }
            }
            group.addTask {
                await queue.waitForEnd()
                if case .dropped(let reason) = queue.ending {
                    throw RPCError(code: .resourceExhausted, message: "reader dropped: \(reason)")
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
        if case .dropped(let reason) = queue.ending {
            throw RPCError(code: .resourceExhausted, message: "reader dropped: \(reason)")
        }
        logger.info("\(client): ReadMessages ended")
    }

    /// Not supported.
    public func writeTable(
        request: Rerun_SdkComms_V1alpha1_WriteTableRequest, context: ServerContext
    ) async throws -> Rerun_SdkComms_V1alpha1_WriteTableResponse {
        throw RPCError(code: .unimplemented, message: "rerun-swift serve does not support tables (WriteTable)")
    }

    /// Not supported.
    public func readTables(
        request: Rerun_SdkComms_V1alpha1_ReadTablesRequest,
        response: RPCWriter<Rerun_SdkComms_V1alpha1_ReadTablesResponse>, context: ServerContext
    ) async throws {
        throw RPCError(code: .unimplemented, message: "rerun-swift serve does not support tables (ReadTables)")
    }

    private static func response(_ message: ProtoLogMsg) -> Rerun_SdkComms_V1alpha1_ReadMessagesResponse {
        var r = Rerun_SdkComms_V1alpha1_ReadMessagesResponse()
        r.logMsg = message
        return r
    }
}
