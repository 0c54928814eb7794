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

    /// The bytes: `block` holds unread input at `position..<count`.
    private var block = RRDByteBlock(capacity: 0)
    private var count = 0             // bytes written to `block`
    private var position = 0          // read position in `block`
    private var consumed = 0          // bytes dropped from the front of earlier blocks so far
    /// Blocks left because frames still pointed into them; reused once those frames are gone.
    private var spares: [RRDByteBlock] = []
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
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            append(UnsafeRawBufferPointer(source))
        }
        if copied == nil {
            let array = Array(bytes)
            array.withUnsafeBytes { append($0) }
        }
    }

    /// Copies `source` after the unread bytes.
    private mutating func append(_ source: UnsafeRawBufferPointer) {
        guard !source.isEmpty else { return }
        reserve(source.count, spare: 0)
        // Safety: `reserve` made room for `source.count` bytes after `count`, which no frame covers.
        (block.base + count).copyMemory(from: source.baseAddress!, byteCount: source.count)
        count += source.count
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
        var wanted = maximumCount
        if case .expectPayload(_, let length, _) = state {
            wanted = max(wanted, min(length - available, limit))
        }
        guard wanted > 0 else { return 0 }
        // Room for one more read beyond this one, so that steady reads reuse the block.
        reserve(wanted, spare: wanted > maximumCount ? 0 : maximumCount)
        // Safety: `reserve` made room for `wanted` bytes after `count`, which no frame covers.
        let got = try read(UnsafeMutableRawBufferPointer(start: block.base + count, count: wanted))
        precondition(got >= 0 && got <= wanted, "read reported \(got) bytes for a \(wanted)-byte buffer")
        count += got
        return got
    }

    /// Makes room for `wanted` bytes after `count`: drops consumed bytes from the front when that
    /// is worth it and no frame points into the block, else moves the unread bytes to another
    /// block with room for `wanted + spare` (a recycled one when possible). A large block (left
    /// by a large message) is not kept once it is mostly consumed.
    private mutating func reserve(_ wanted: Int, spare: Int) {
        let kept = count - position
        let isShared = !isKnownUniquelyReferenced(&block)
        if !isShared && position > 0 && position >= count / 2 {
            if block.capacity > Self.largeBuffer && kept < Self.largeBuffer / 2 {
                move(toCapacity: kept + wanted + spare, keeping: false)
                return
            }
            // Safety: `position..<count` lies inside the block; no frame points into it (unique).
            block.base.copyMemory(from: block.base + position, byteCount: kept)
            consumed += position
            position = 0
            count = kept
        }
        if block.capacity - count >= wanted { return }
        move(toCapacity: kept + wanted + spare, keeping: isShared)
    }

    /// Moves the unread bytes to the front of a block of at least `capacity` bytes; the current
    /// block is kept for reuse when `keeping` (frames still point into it) and not large.
    private mutating func move(toCapacity capacity: Int, keeping: Bool) {
        let kept = count - position
        var fresh: RRDByteBlock?
        for i in spares.indices where spares[i].capacity >= capacity && isKnownUniquelyReferenced(&spares[i]) {
            fresh = spares.remove(at: i)
            break
        }
        // Power-of-two sizes: a block can be reused for the next move, and pushes grow geometrically.
        let next = fresh ?? RRDByteBlock(capacity: max(64 << 10, 1 << (Int.bitWidth - (capacity - 1).leadingZeroBitCount)))
        // Safety: `position..<count` lies inside the current block; `next` holds at least `kept` bytes.
        next.base.copyMemory(from: block.base + position, byteCount: kept)
        if keeping && block.capacity <= Self.largeBuffer {
            if spares.count >= Self.maximumSpares { spares.removeFirst() }
            spares.append(block)
        }
        block = next
        consumed += position
        position = 0
        count = kept
    }

    /// Blocks above this capacity are not kept for reuse.
    private static let largeBuffer = 16 << 20
    /// At most this many blocks are kept for reuse.
    private static let maximumSpares = 8

    private var available: Int { count - position }

    /// A copy of the `length` unread bytes at the read position (`length` are available).
    private func peek(_ length: Int) -> [UInt8] {
        precondition(length >= 0 && length <= available, "frame read out of range")
        // Safety: `position..<position + length` lies inside the written part of the block.
        return Array(UnsafeRawBufferPointer(start: block.base + position, count: length))
    }

    /// Whether the 4 unread bytes at the read position are the magic `RRF2` (4 are available).
    private var atMagic: Bool {
        precondition(available >= 4, "frame read out of range")
        // Safety: the 4 bytes at `position` lie inside the written part of the block.
        return block.base.loadUnaligned(fromByteOffset: position, as: UInt32.self) == Self.magicValue
    }

    /// `RRF2` as loaded from memory.
    private static let magicValue = RRDFraming.magic.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }

    /// The little-endian UInt64 at `index` of the block (8 bytes there are available).
    private func loadUInt64(at index: Int) -> UInt64 {
        precondition(index >= 0 && index <= count - 8, "frame header read out of range")
        // Safety: the 8 bytes at `index` are inside the written part of the block (checked above).
        return UInt64(littleEndian: block.base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    /// The next complete item, or `nil` if more input is needed.
    public mutating func next() throws(RRDError) -> Item? {
        switch try nextFrame() {
        case nil: return nil
        case .streamHeader(let header, let offset)?: return .streamHeader(header, offset: offset)
        case .message(let kind, let payload, let offset, let streamOffset)?:
            return .message(kind, payload: payload.bytes, offset: offset, streamOffset: streamOffset)
        case .streamFooter(let footer, let offset, let matches, let problem)?:
            return .streamFooter(footer, offset: offset, matchesEndMessage: matches, problem: problem)
        }
    }

    /// One framed item whose payload points into the decoder's buffer. It stays valid as long as
    /// it is kept, on any thread (the decoder never changes bytes a frame points to; it reads on
    /// into another block meanwhile), which is what lets `RRDParallelReader` hand frames to
    /// worker threads; dropping it soon lets the decoder reuse its buffer in place.
    enum Frame: Sendable {
        case streamHeader(RRDFraming.StreamHeader, offset: Int)
        case message(RRDFraming.MessageKind, payload: RRDFramePayload, offset: Int, streamOffset: Int)
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
                if atMagic {
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
                let payload = RRDFramePayload(block: block, start: position, count: length)
                position += length
                if kind == .end {
                    state = .afterEnd(endPayloadOffset: payloadOffset, endLength: length,
                                      checksum: length > 0 ? checksum(payload.bytes) : 0)
                } else {
                    state = .expectMessageHeader
                }
                return .message(kind, payload: payload, offset: payloadOffset, streamOffset: payloadOffset - streamStart)

            case .afterEnd(let endOffset, let endLength, let expected):
                guard available >= 4 else { return nil }
                if atMagic {
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
