import RerunArrow

/// The framing layer of the `.rrd` push decoder: bytes in, framed items out. No I/O, no protobuf.
///
/// Feed bytes with `push(_:)` as they arrive (from a file, stdin or a socket) and drain items with
/// `next()` until it returns `nil` (more bytes needed). At end of input call `finish()`: it throws
/// a `truncated` error naming the byte offset if the input stopped inside a header or message;
/// everything complete before that point has already been delivered.
///
/// Handles concatenated streams (`cat a.rrd b.rrd`), footer-less streams, and legacy empty End
/// messages. Memory grows only with bytes actually pushed, never with lengths claimed by the input.
public struct RRDFrameDecoder: Sendable {
    /// One framed item.
    public enum Item: Sendable {
        /// A stream header; `offset` is its position in the whole input.
        case streamHeader(RRDFraming.StreamHeader, offset: Int)
        /// A message: its kind, payload bytes, the payload's offset in the whole input and within
        /// its own stream (what manifests record).
        case message(RRDFraming.MessageKind, payload: [UInt8], offset: Int, streamOffset: Int)
        /// A StreamFooter after an End message, and whether it matches that End payload
        /// (position, length and xxHash32).
        case streamFooter(RRDFraming.StreamFooter, offset: Int, matchesEndMessage: Bool, problem: String?)
    }

    private enum State: Sendable {
        case expectStreamHeader
        case expectMessageHeader
        case expectPayload(kind: RRDFraming.MessageKind, length: Int, headerOffset: Int)
        case afterEnd(endPayloadOffset: Int, endLength: Int, checksum: UInt32)
    }

    private var buffer: [UInt8] = []
    private var position = 0          // read position in `buffer`
    private var consumed = 0          // bytes dropped from the front of `buffer` so far
    private var state = State.expectStreamHeader
    private var streamStart = 0       // absolute offset of the current stream's header
    private var sawAnyStream = false
    /// Computes the footer checksum (xxHash32 with the footer seed) of an End payload.
    private let checksum: @Sendable ([UInt8]) -> UInt32

    /// The largest message payload accepted (a corrupt length beyond this fails at once).
    public var maximumMessageLength = 1 << 40

    /// Creates a decoder. `checksum` computes xxHash32 with seed 7850921.
    public init(checksum: @escaping @Sendable ([UInt8]) -> UInt32) {
        self.checksum = checksum
    }

    /// The absolute offset of the next unread byte.
    public var offset: Int { consumed + position }

    /// Appends input bytes.
    public mutating func push(_ bytes: some Sequence<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends up to `maximumCount` bytes that `read` writes into the buffer it is given (at most
    /// that many bytes; it returns how many it wrote), without an intermediate copy. When a message
    /// payload is being awaited, up to `limit` bytes (at least `maximumCount`) are asked for at
    /// once, so that a large payload is read in one piece instead of growing the buffer step by
    /// step; pass the number of bytes known to remain in the input (a file's size), so that a
    /// corrupt length never allocates more than the input holds. Returns the number of bytes read
    /// (0 at end of input).
    mutating func append(
        maximumCount: Int, limit: Int, reading read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) rethrows -> Int {
        compact()
        var wanted = maximumCount
        if case .expectPayload(_, let length, _) = state {
            wanted = max(wanted, min(length - available, limit))
        }
        guard wanted > 0 else { return 0 }
        let kept = buffer.count - position
        if buffer.capacity - buffer.count >= wanted {
            let oldCount = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: wanted))
            // Safety: the `wanted` bytes after `oldCount` were just appended.
            let got = try buffer.withUnsafeMutableBytes { try read(UnsafeMutableRawBufferPointer(rebasing: $0[oldCount...])) }
            buffer.removeLast(wanted - got)
            return got
        }
        // Not enough room: move the unread bytes and the new ones into a new array of exactly the
        // size needed (no zero-filling, no doubling copies).
        // Room for one more read beyond this one, so that steady reads reuse the array.
        let capacity = kept + wanted + (wanted > maximumCount ? 0 : maximumCount)
        var got = 0
        let fresh = try [UInt8](unsafeUninitializedCapacity: capacity) { destination, initialized in
            // Safety: `destination` has room for `kept + wanted` bytes; the first `kept` are
            // copied from the unread part of `buffer`, `read` fills at most `wanted` after them.
            buffer.withUnsafeBytes { source in
                _ = UnsafeMutableRawBufferPointer(destination).initializeMemory(
                    as: UInt8.self, from: UnsafeRawBufferPointer(rebasing: source[position...]))
            }
            if wanted > Self.largeBuffer {  // one large message read in one piece: huge pages
                HugePages.advise(UnsafeMutableRawBufferPointer(destination))
            }
            initialized = kept
            got = try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(destination)[kept..<(kept + wanted)]))
            initialized = kept + got
        }
        consumed += position
        position = 0
        buffer = fresh
        return got
    }

    /// Drops consumed bytes from the front of the buffer when that is worth it, and releases a
    /// large buffer (left by a large message) once it is mostly consumed.
    private mutating func compact() {
        guard position > 0 && position >= buffer.count / 2 else { return }
        let kept = buffer.count - position
        if buffer.capacity > Self.largeBuffer && kept < Self.largeBuffer / 2 {
            buffer = Array(buffer[position...])
        } else {
            buffer.removeFirst(position)
        }
        consumed += position
        position = 0
    }

    /// Buffers above this capacity are not kept for reuse.
    private static let largeBuffer = 16 << 20

    private var available: Int { buffer.count - position }

    private func peek(_ count: Int) -> ArraySlice<UInt8> {
        buffer[position..<(position + count)]
    }

    /// The little-endian UInt64 at `index` of the buffer (8 bytes there are available).
    private func loadUInt64(at index: Int) -> UInt64 {
        precondition(index >= 0 && index <= buffer.count - 8, "frame header read out of range")
        // Safety: the 8 bytes at `index` are inside `buffer` (checked above).
        return buffer.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: index, as: UInt64.self)) }
    }

    /// The next complete item, or `nil` if more input is needed.
    public mutating func next() throws(RRDError) -> Item? {
        switch try nextFrame() {
        case nil: return nil
        case .streamHeader(let header, let offset)?: return .streamHeader(header, offset: offset)
        case .message(let kind, let payload, let offset, let streamOffset)?:
            return .message(kind, payload: Array(payload), offset: offset, streamOffset: streamOffset)
        case .streamFooter(let footer, let offset, let matches, let problem)?:
            return .streamFooter(footer, offset: offset, matchesEndMessage: matches, problem: problem)
        }
    }

    /// One framed item whose payload is a view of the decoder's buffer (valid until the next
    /// `push`; drop it before then, or that push copies the buffer).
    enum Frame {
        case streamHeader(RRDFraming.StreamHeader, offset: Int)
        case message(RRDFraming.MessageKind, payload: ArraySlice<UInt8>, offset: Int, streamOffset: Int)
        case streamFooter(RRDFraming.StreamFooter, offset: Int, matchesEndMessage: Bool, problem: String?)
    }

    /// The next complete item, as `next()`, without copying the payload.
    mutating func nextFrame() throws(RRDError) -> Frame? {
        while true {
            switch state {
            case .expectStreamHeader:
                guard available >= RRDFraming.StreamHeader.size else { return nil }
                let start = offset
                let header = try RRDFraming.StreamHeader(parsing: peek(RRDFraming.StreamHeader.size), at: start)
                position += RRDFraming.StreamHeader.size
                streamStart = start
                sawAnyStream = true
                state = .expectMessageHeader
                return .streamHeader(header, offset: start)

            case .expectMessageHeader:
                guard available >= 4 else { return nil }
                if peek(4).elementsEqual(RRDFraming.magic) {
                    state = .expectStreamHeader  // a concatenated stream without End message
                    continue
                }
                guard available >= RRDFraming.MessageHeader.size else { return nil }
                let rawKind = loadUInt64(at: position)
                let rawLength = loadUInt64(at: position + 8)
                guard let kind = RRDFraming.MessageKind(rawValue: rawKind) else {
                    throw RRDError(.corrupt, at: offset, "unknown message kind \(rawKind) (expected 0…3 or a new 'RRF2' stream)")
                }
                guard rawLength <= UInt64(maximumMessageLength) else {
                    throw RRDError(.corrupt, at: offset + 8, "\(kind) message claims \(rawLength) bytes, more than the \(maximumMessageLength)-byte limit")
                }
                state = .expectPayload(kind: kind, length: Int(rawLength), headerOffset: offset)
                position += RRDFraming.MessageHeader.size

            case .expectPayload(let kind, let length, _):
                guard available >= length else { return nil }
                let payloadOffset = offset
                let payload = peek(length)
                position += length
                if kind == .end {
                    state = .afterEnd(endPayloadOffset: payloadOffset, endLength: length,
                                      checksum: length > 0 ? checksum(Array(payload)) : 0)
                } else {
                    state = .expectMessageHeader
                }
                return .message(kind, payload: payload, offset: payloadOffset, streamOffset: payloadOffset - streamStart)

            case .afterEnd(let endOffset, let endLength, let expected):
                guard available >= 4 else { return nil }
                if peek(4).elementsEqual(RRDFraming.magic) {
                    state = .expectStreamHeader  // next stream, no StreamFooter
                    continue
                }
                guard available >= RRDFraming.StreamFooter.size else { return nil }
                let start = offset
                let footer = try RRDFraming.StreamFooter(parsing: peek(RRDFraming.StreamFooter.size), at: start)
                position += RRDFraming.StreamFooter.size
                state = .expectStreamHeader
                var problem: String?
                if footer.footerStart != UInt64(endOffset - streamStart) {
                    problem = "stream footer points at byte \(footer.footerStart) of its stream, but the End payload is at \(endOffset - streamStart)"
                } else if footer.footerLength != UInt64(endLength) {
                    problem = "stream footer says the RrdFooter has \(footer.footerLength) bytes, the End message has \(endLength)"
                } else if footer.checksum != expected {
                    problem = "stream footer checksum \(hex32(footer.checksum)) does not match the RrdFooter's xxHash32 \(hex32(expected))"
                }
                return .streamFooter(footer, offset: start, matchesEndMessage: problem == nil, problem: problem)
            }
        }
    }

    /// Declares the end of input. Throws if the input stopped inside a header or message (all
    /// complete items have been returned by `next()` before), or if it held no stream at all.
    public mutating func finish() throws(RRDError) {
        if try nextFrame() != nil {
            throw RRDError(.invalidInput, at: offset, "finish() called while complete messages were still unread (call next() until it returns nil first)")
        }
        switch state {
        case .expectStreamHeader:
            if available > 0 {
                throw RRDError(.truncated, at: offset, "truncated at byte \(offset + available): \(available) bytes of a stream header (12 needed)")
            }
            if !sawAnyStream { throw RRDError(.badHeader, at: 0, "empty input: not an RRD stream") }
        case .expectMessageHeader:
            if available > 0 {
                throw RRDError(.truncated, at: offset, "truncated at byte \(offset + available): \(available) of 16 bytes of a message header")
            }
        case .expectPayload(let kind, let length, let headerOffset):
            throw RRDError(.truncated, at: headerOffset, "truncated at byte \(offset + available): \(kind) message at byte \(headerOffset) needs \(length) payload bytes, only \(available) present")
        case .afterEnd:
            if available > 0 {
                throw RRDError(.truncated, at: offset, "truncated at byte \(offset + available): \(available) of 32 bytes of a stream footer")
            }
        }
    }
}

func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - s.count) + s
}
