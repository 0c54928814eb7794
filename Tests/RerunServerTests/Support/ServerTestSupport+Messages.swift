import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Rerun
import RerunArrow
import RerunProtos
import RerunRRD

/// Log messages made with our SDK: `SetStoreInfo`, then `count` chunks (one row each, on
/// entity `blobs/<i>`, timeline `frame` = i) carrying `blobBytes` pseudo-random bytes.
func makeMessages(application: String, recording: String, count: Int, blobBytes: Int, seed: UInt64 = 1) throws -> [LogMsg] {
    let memory = MemorySink(compression: .lz4)
    let rec = try RecordingStream(
        applicationID: application, recordingID: recording, sink: memory,
        batcher: BatcherConfig(flushNumRows: 1), options: .init(logTime: false, sendProperties: false))
    for i in 0..<count {
        rec.setTime("frame", sequence: Int64(i))
        let bytes = pseudoRandomBytes(blobBytes, seed: seed &* 1_000_003 &+ UInt64(i))
        try rec.log("blobs/\(i)", AnyValues().with("blob", ArrayData.from(bytes)))
    }
    try rec.finish()
    var decoder = RRDDecoder()
    decoder.push(memory.bytes)
    var messages: [LogMsg] = []
    while let event = try decoder.next() {
        if case .message(let m, _, _, _) = event { messages.append(m) }
    }
    return messages
}

/// `messages` as gRPC protobufs.
func protos(_ messages: [LogMsg]) throws -> [ProtoLogMsg] {
    try messages.map { try RRDEncoder.encode(logMsg: $0) }
}

/// Deterministic incompressible bytes (xorshift64, a word at a time).
func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    var words = [UInt64](repeating: 0, count: (count + 7) / 8)
    for i in words.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        words[i] = state
    }
    // Safety: the raw view covers `8 * words.count >= count` initialized bytes of `words`.
    return words.withUnsafeBytes { Array($0.prefix(count)) }
}

/// Serializes raw bytes as they are: sends requests that are not protobufs.
struct RawBytesSerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }
}

/// Accepts any response bytes.
struct RawBytesDeserializer: MessageDeserializer {
    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        // Safety: the buffer is only read inside the closure and copied into an array.
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}

extension ProxyClient {
    /// Sends `frames` as raw `WriteMessages` request bytes; returns the call's error, if any.
    static func writeRaw(port: Int, _ frames: [[UInt8]], timeout: Duration = .seconds(30)) async throws -> RPCError? {
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            do {
                let request = StreamingClientRequest<[UInt8]> { writer in
                    for f in frames { try await writer.write(f) }
                }
                _ = try await client.clientStreaming(
                    request: request,
                    descriptor: Rerun_SdkComms_V1alpha1_MessageProxyService.Method.WriteMessages.descriptor,
                    serializer: RawBytesSerializer(), deserializer: RawBytesDeserializer(),
                    options: options(timeout: timeout)) { try $0.message }
                return nil
            } catch let error as RPCError {
                return error
            }
        }
    }
}
