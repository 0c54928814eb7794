import Foundation

/// The viewer protocol's frame: `u32 LE json_length` · JSON · zero padding to a multiple of 8 ·
/// payload (`Docs/viewer-protocol.md` §2). Encoding and decoding are pure functions over bytes.
public enum ViewerFrame {
    /// The payload's start for a JSON text of `jsonLength` bytes.
    static func payloadStart(jsonLength: Int) -> Int { (4 + jsonLength + 7) & ~7 }

    /// Encodes a frame from JSON text and payload bytes (no padding when the payload is empty).
    public static func encode(json: [UInt8], payload: [UInt8] = []) -> [UInt8] {
        let start = payload.isEmpty ? 4 + json.count : payloadStart(jsonLength: json.count)
        var out: [UInt8] = []
        out.reserveCapacity(start + payload.count)
        let length = UInt32(truncatingIfNeeded: json.count)
        out.append(contentsOf: [UInt8(length & 0xff), UInt8((length >> 8) & 0xff), UInt8((length >> 16) & 0xff), UInt8(length >> 24)])
        out.append(contentsOf: json)
        out.append(contentsOf: repeatElement(0, count: start - out.count))
        out.append(contentsOf: payload)
        return out
    }

    /// A decoded frame: its JSON object and its payload bytes.
    public struct Decoded: @unchecked Sendable {
        // Safety (Sendable): `object` holds only Foundation JSON values (immutable after parsing).
        /// The JSON object (`JSONSerialization` values).
        public let object: [String: Any]
        /// The payload (after the padding), possibly empty.
        public let payload: ArraySlice<UInt8>
    }

    /// Decodes a frame; throws `bad_frame` naming what is wrong and where.
    public static func decode(_ bytes: [UInt8]) throws(ViewerError) -> Decoded {
        guard !bytes.isEmpty else {
            throw ViewerError(.badFrame, "empty frame (text WebSocket messages are not part of the protocol; send binary frames)")
        }
        guard bytes.count >= 4 else {
            throw ViewerError(.badFrame, "frame of \(bytes.count) bytes is shorter than its 4-byte length prefix")
        }
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard length <= bytes.count - 4 else {
            throw ViewerError(.badFrame, "JSON length \(length) at byte 0 runs past the frame end (\(bytes.count) bytes)")
        }
        let json = Data(bytes[4..<(4 + length)])
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: json, options: [])
        } catch {
            throw ViewerError(.badFrame, "JSON text at bytes 4..<\(4 + length) is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw ViewerError(.badFrame, "the frame's JSON is not an object")
        }
        guard object["type"] is String else {
            throw ViewerError(.badFrame, "the frame's JSON has no string field 'type'")
        }
        let end = 4 + length
        let start = min(payloadStart(jsonLength: length), bytes.count)
        if bytes[end..<start].contains(where: { $0 != 0 }) {
            throw ViewerError(.badFrame, "non-zero padding after the JSON at bytes \(end)..<\(start)")
        }
        let payload = bytes[start...]
        if let buffers = object["buffers"] as? [Any] {
            for (k, entry) in buffers.enumerated() {
                guard let pair = entry as? [Any], pair.count == 2, let offset = pair[0] as? Int, let count = pair[1] as? Int,
                      offset >= 0, count >= 0, offset % 8 == 0, offset <= payload.count - count else {
                    throw ViewerError(.badFrame, "buffers[\(k)] is not an 8-aligned [offset, length] inside the \(payload.count)-byte payload")
                }
            }
        }
        return Decoded(object: object, payload: payload)
    }
}

/// Collects a message's binary buffers into one payload, each 8-byte aligned, within a byte
/// budget (so an oversized answer is refused before it is built).
struct ViewerPayload {
    /// The payload bytes so far.
    private(set) var bytes: [UInt8] = []
    /// `[offset, length]` of each buffer.
    private(set) var ranges: [(Int, Int)] = []
    /// The largest payload allowed.
    let budget: Int

    init(budget: Int) { self.budget = budget }

    /// Reserves room for a buffer of `count` bytes, checking the budget.
    private mutating func begin(_ count: Int) throws(ViewerError) -> Int {
        let offset = (bytes.count + 7) & ~7
        guard offset + count <= budget else {
            throw ViewerError(.tooLarge, "the answer exceeds the \(budget)-byte response limit; ask for less data")
        }
        bytes.append(contentsOf: repeatElement(0, count: offset - bytes.count))
        ranges.append((offset, count))
        return ranges.count - 1
    }

    /// Appends raw bytes as one buffer; returns its index.
    mutating func append(_ raw: UnsafeRawBufferPointer) throws(ViewerError) -> Int {
        let index = try begin(raw.count)
        bytes.append(contentsOf: raw)
        return index
    }

    /// Appends an array of fixed-width values as one buffer; returns its index.
    mutating func append<T: BitwiseCopyable>(values: [T]) throws(ViewerError) -> Int {
        var result: Result<Int, ViewerError> = .success(0)
        values.withUnsafeBytes { raw in
            do throws(ViewerError) { result = .success(try append(raw)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The `buffers` JSON field.
    var json: ViewerJSON {
        .array(ranges.map { .array([.int($0.0), .int($0.1)]) })
    }

    /// Checks that the JSON text still fits next to the payload.
    func check(jsonBytes: Int) throws(ViewerError) {
        guard jsonBytes + bytes.count + 16 <= budget else {
            throw ViewerError(.tooLarge, "the answer (\(jsonBytes + bytes.count) bytes) exceeds the \(budget)-byte response limit; ask for less data")
        }
    }
}

/// One outgoing message: JSON fields plus binary buffers.
struct ViewerMessage {
    /// The JSON object's fields, in order (the `buffers` field is added on encoding).
    var fields: [(String, ViewerJSON)]
    /// The binary attachments.
    var payload: ViewerPayload

    init(type: String, re: Int64? = nil, budget: Int) {
        fields = [("type", .string(type))]
        if let re { fields.append(("re", .int(re))) }
        payload = ViewerPayload(budget: budget)
    }

    /// Adds a field.
    mutating func set(_ name: String, _ value: ViewerJSON) { fields.append((name, value)) }

    /// The frame bytes; throws `too_large` if they exceed the payload's budget.
    func encoded() throws(ViewerError) -> [UInt8] {
        var all = fields
        if !payload.ranges.isEmpty { all.append(("buffers", payload.json)) }
        let json = ViewerJSON.object(all).bytes
        try payload.check(jsonBytes: json.count)
        return ViewerFrame.encode(json: json, payload: payload.bytes)
    }

    /// An `error` message frame.
    static func error(_ error: ViewerError, re: Int64?) -> [UInt8] {
        var fields: [(String, ViewerJSON)] = [("type", .string("error"))]
        if let re { fields.append(("re", .int(re))) }
        fields.append(("code", .string(error.code.rawValue)))
        fields.append(("message", .string(error.message)))
        return ViewerFrame.encode(json: ViewerJSON.object(fields).bytes)
    }
}
