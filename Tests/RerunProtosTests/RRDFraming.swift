import Foundation

/// A minimal, test-only reader of `.rrd` framing (spec §2), just enough to hand message payloads
/// to the generated protobuf types. The real codec lives in `RerunRRD`.
struct RRDFraming {
    /// One framed message: its kind and its protobuf payload.
    struct Message {
        /// 0 End (RrdFooter), 1 SetStoreInfo, 2 ArrowMsg, 3 BlueprintActivationCommand.
        var kind: UInt64
        /// The payload's byte offset from the start of its stream (as the footer manifest counts).
        var payloadOffset: Int
        /// The protobuf payload.
        var payload: Data
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The messages of every (possibly concatenated) stream in `bytes`.
    static func messages(in bytes: [UInt8]) throws -> [Message] {
        var messages: [Message] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12, Array(bytes[offset..<offset + 4]) == Array("RRF2".utf8) else {
                throw Failure(description: "expected an RRF2 StreamHeader at byte \(offset)")
            }
            let streamStart = offset
            offset += 12
            while bytes.count - offset >= 16 {
                let kind = readU64(bytes, at: offset)
                guard kind <= 3 else { break }  // a new concatenated stream (or garbage)
                guard let length = Int(exactly: readU64(bytes, at: offset + 8)), length <= bytes.count - offset - 16 else {
                    throw Failure(description: "message at byte \(offset) is truncated")
                }
                let start = offset + 16
                messages.append(Message(kind: kind, payloadOffset: start - streamStart,
                                        payload: Data(bytes[start..<start + length])))
                offset = start + length
                if kind == 0 {
                    // The 32-byte StreamFooter ("RRF2FOOT" at +20) follows the End payload.
                    if bytes.count - offset >= 32, Array(bytes[offset + 20..<offset + 28]) == Array("RRF2FOOT".utf8) {
                        offset += 32
                    }
                    break
                }
            }
        }
        return messages
    }

    private static func readU64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        return value
    }
}
