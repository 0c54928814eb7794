import Foundation
import RerunLZ4
import RerunModel
import SwiftProtobuf

/// The `.rrd` push decoder: bytes in, `LogMsg`s out. No I/O inside.
///
/// ```swift
/// var decoder = RRDDecoder()
/// decoder.push(bytes)
/// while let event = try decoder.next() { … }
/// try decoder.finish()   // at end of input: throws "truncated at byte N" if it stopped mid-message
/// ```
///
/// Accepts concatenated streams, repeated `SetStoreInfo`, footer-less streams and legacy empty
/// End messages. Everything before a truncation point is delivered before `finish()` throws.
public struct RRDDecoder: Sendable {
    /// One decoded item.
    public enum Event: Sendable {
        /// A stream began (the first, or a concatenated one) at `offset`.
        case streamHeader(RRDFraming.StreamHeader, offset: Int)
        /// A log message whose payload starts at `offset`; `streamOffset` is relative to its stream.
        case message(LogMsg, offset: Int, streamOffset: Int, length: Int)
        /// The End message's footer (`manifests` empty for a legacy End message).
        case footer(RRDFooter, offset: Int)
        /// The StreamFooter after an End message; `problem` says what disagrees, if anything.
        case streamFooter(RRDFraming.StreamFooter, offset: Int, problem: String?)
    }

    private var frames = RRDFrameDecoder { XXHash32.hash($0, seed: RRDFraming.footerChecksumSeed) }
    /// What repeats between messages (store id, schema fields).
    private var cache = RRDDecodeCache()

    /// Creates a decoder.
    public init() {}

    /// The absolute offset of the next unread byte.
    public var offset: Int { frames.offset }

    /// Appends input bytes.
    public mutating func push(_ bytes: some Sequence<UInt8>) {
        frames.push(bytes)
    }

    /// Appends bytes that `read` writes straight into the decoder's buffer (see
    /// `RRDFrameDecoder.append(maximumCount:limit:reading:)`); returns how many (0 at end of input).
    mutating func append(
        maximumCount: Int, limit: Int, reading read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) rethrows -> Int {
        try frames.append(maximumCount: maximumCount, limit: limit, reading: read)
    }

    /// The next decoded event, or `nil` if more input is needed.
    public mutating func next() throws(RRDError) -> Event? {
        guard let frame = try frames.nextFrame() else { return nil }
        return try Self.decode(frame, cache: &cache)
    }

    /// Decodes one framed item (a message's protobuf, LZ4 and Arrow payload) into its event.
    /// Shared by `next()` and the worker threads of `RRDParallelReader`.
    static func decode(_ frame: RRDFrameDecoder.Frame, cache: inout RRDDecodeCache) throws(RRDError) -> Event {
        switch frame {
        case .streamHeader(let header, let offset):
            return .streamHeader(header, offset: offset)
        case .streamFooter(let footer, let offset, _, let problem):
            return .streamFooter(footer, offset: offset, problem: problem)
        case .message(let kind, let bytes, let offset, let streamOffset):
            switch kind {
            case .arrowMsg:
                // Decoded in place from the frame buffer (no copy of the payload before decompression).
                let decoded: Result<ArrowMessage, RRDError> = bytes.withUnsafeBytes { raw in
                    Result { () throws(RRDError) in try ArrowMessage(wire: raw, at: offset, cache: &cache) }
                }
                return .message(.arrow(try decoded.get()), offset: offset, streamOffset: streamOffset, length: bytes.count)
            case .end:
                if bytes.isEmpty { return .footer(RRDFooter(manifests: []), offset: offset) }
                return .footer(try RRDFooter(payload: bytes.bytes, at: offset), offset: offset)
            case .setStoreInfo:
                let proto: ProtoSetStoreInfo = try Self.parse(bytes.bytes, kind, offset)
                return .message(.setStoreInfo(try StoreInfo(proto: proto, at: offset)),
                                offset: offset, streamOffset: streamOffset, length: bytes.count)
            case .blueprintActivationCommand:
                let proto: ProtoBlueprintActivation = try Self.parse(bytes.bytes, kind, offset)
                return .message(.blueprintActivation(try BlueprintActivation(proto: proto, at: offset)),
                                offset: offset, streamOffset: streamOffset, length: bytes.count)
            }
        }
    }

    /// Declares the end of input (see `RRDFrameDecoder.finish()`). A message that failed to decode
    /// in `next()` has been consumed: decoding can go on with the next message.
    public mutating func finish() throws(RRDError) {
        try frames.finish()
    }

    static func parse<M: SwiftProtobuf.Message>(_ payload: [UInt8], _ kind: RRDFraming.MessageKind, _ offset: Int) throws(RRDError) -> M {
        do {
            return try M(serializedBytes: payload)
        } catch {
            throw RRDError(.corrupt, at: offset, "\(kind) protobuf is invalid: \(error)")
        }
    }

    /// Decodes a protobuf `LogMsg` as received over gRPC.
    public static func decode(logMsg proto: ProtoLogMsg) throws(RRDError) -> LogMsg {
        switch proto.msg {
        case .setStoreInfo(let m): return .setStoreInfo(try StoreInfo(proto: m, at: nil))
        case .arrowMsg(let m):
            // The encoded length without re-serializing (and so copying) the payload: the rest of
            // the message, plus the payload field (tag 5 is one byte, then its varint length).
            var rest = m
            rest.payload = Data()
            let restLength = (try? rest.serializedBytes() as [UInt8])?.count ?? 0
            let payloadLength = m.payload.isEmpty ? 0 : 1 + varintSize(UInt64(m.payload.count)) + m.payload.count
            return .arrow(try ArrowMessage(proto: m, encodedLength: restLength + payloadLength, at: nil))
        case .blueprintActivationCommand(let m): return .blueprintActivation(try BlueprintActivation(proto: m, at: nil))
        case nil: throw RRDError(.corrupt, "LogMsg has no message set")
        }
    }
}

/// The number of bytes of `value` as a protobuf varint.
func varintSize(_ value: UInt64) -> Int {
    max(1, (64 - value.leadingZeroBitCount + 6) / 7)
}

extension RRDFooter {
    init(manifests: [Manifest]) {
        self.manifests = manifests
    }
}
