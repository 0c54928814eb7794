/// xxHash32, the non-cryptographic 32-bit hash used for the `.rrd` StreamFooter checksum.
///
/// One-shot: `XXHash32.hash(bytes, seed: 0x0077_CBA9)`. Streaming: create with a seed, feed
/// any number of `update` calls, then `finalize()` (which does not consume the state, so more
/// bytes may follow). Both give identical results for the same bytes.
public struct XXHash32: Sendable {
    static let prime1: UInt32 = 0x9E37_79B1
    static let prime2: UInt32 = 0x85EB_CA77
    static let prime3: UInt32 = 0xC2B2_AE3D
    static let prime4: UInt32 = 0x27D4_EB2F
    static let prime5: UInt32 = 0x1656_67B1

    private let seed: UInt32
    private var lanes: Lanes
    private var totalLength: UInt64 = 0
    /// Up to 15 bytes not yet forming a whole 16-byte stripe.
    private var pending: (UInt64, UInt64) = (0, 0)
    private var pendingCount = 0

    /// A fresh hasher for `seed`.
    public init(seed: UInt32 = 0) {
        self.seed = seed
        self.lanes = Lanes(seed: seed)
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        var count = bytes.count
        var start = base
        totalLength &+= UInt64(count)
        if pendingCount > 0 {
            let take = min(16 - pendingCount, count)
            let filled = pendingCount
            withUnsafeMutableBytes(of: &pending) { stripe in
                // Safety: filled + take <= 16 = stripe.count; `take` bytes are readable at start.
                (stripe.baseAddress! + filled).copyMemory(from: start, byteCount: take)
            }
            pendingCount += take
            start += take
            count -= take
            guard pendingCount == 16 else { return }
            var stripeLanes = lanes
            withUnsafeBytes(of: pending) { stripe in
                // Safety: the stripe holds exactly 16 bytes.
                _ = stripeLanes.consume(stripe.baseAddress!, count: 16)
            }
            lanes = stripeLanes
            pendingCount = 0
        }
        // Safety: `count` bytes are readable at `start`.
        let consumed = lanes.consume(start, count: count)
        let rest = count - consumed
        if rest > 0 {
            withUnsafeMutableBytes(of: &pending) { stripe in
                // Safety: rest < 16 = stripe.count; the bytes lie inside the caller's buffer.
                stripe.baseAddress!.copyMemory(from: start + consumed, byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Feeds `bytes` (an array, slice, `Data` or any byte collection) into the hash.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// The hash of every byte fed so far.
    public func finalize() -> UInt32 {
        var accumulator = totalLength >= 16 ? lanes.converge() : seed &+ Self.prime5
        accumulator &+= UInt32(truncatingIfNeeded: totalLength)
        let count = pendingCount
        return withUnsafeBytes(of: pending) { stripe in
            // Safety: count < 16 bytes are in the stripe.
            Self.finish(accumulator, stripe.baseAddress!, count: count)
        }
    }

    /// The xxHash32 of `bytes` with `seed`.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return avalanche(seed &+ prime5)
        }
        var accumulator: UInt32
        var consumed = 0
        if bytes.count >= 16 {
            var lanes = Lanes(seed: seed)
            // Safety: bytes.count bytes are readable at base.
            consumed = lanes.consume(base, count: bytes.count)
            accumulator = lanes.converge()
        } else {
            accumulator = seed &+ prime5
        }
        accumulator &+= UInt32(truncatingIfNeeded: bytes.count)
        // Safety: the tail [consumed, count) lies inside the buffer.
        return finish(accumulator, base + consumed, count: bytes.count - consumed)
    }

    /// The xxHash32 of `bytes` (an array, slice, `Data` or any byte collection) with `seed`.
    public static func hash(_ bytes: some Collection<UInt8>, seed: UInt32 = 0) -> UInt32 {
        if let value = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0), seed: seed) }) {
            return value
        }
        return Array(bytes).withUnsafeBytes { hash($0, seed: seed) }
    }

    /// Mixes the last `count` (< 16) bytes at `tail` into `accumulator` and avalanches.
    @inline(__always)
    private static func finish(_ accumulator: UInt32, _ tail: UnsafeRawPointer, count: Int) -> UInt32 {
        var h = accumulator
        var i = 0
        while i + 4 <= count {
            // Safety: i + 4 <= count bytes are readable at tail.
            h = (h &+ loadLE32(tail, i) &* prime3).rotatedLeft(17) &* prime4
            i += 4
        }
        while i < count {
            // Safety: i < count.
            h = (h &+ UInt32(tail.load(fromByteOffset: i, as: UInt8.self)) &* prime5).rotatedLeft(11) &* prime1
            i += 1
        }
        return avalanche(h)
    }

    @inline(__always)
    private static func avalanche(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h &>> 15
        h &*= prime2
        h ^= h &>> 13
        h &*= prime3
        h ^= h &>> 16
        return h
    }

    /// The four accumulators of the 16-byte stripe loop.
    private struct Lanes: Sendable {
        var v1: UInt32, v2: UInt32, v3: UInt32, v4: UInt32

        init(seed: UInt32) {
            v1 = seed &+ XXHash32.prime1 &+ XXHash32.prime2
            v2 = seed &+ XXHash32.prime2
            v3 = seed
            v4 = seed &- XXHash32.prime1
        }

        @inline(__always)
        static func round(_ lane: UInt32, _ input: UInt32) -> UInt32 {
            (lane &+ input &* XXHash32.prime2).rotatedLeft(13) &* XXHash32.prime1
        }

        /// Consumes every whole 16-byte stripe of the `count` bytes at `base`; returns the bytes used.
        @inline(__always)
        mutating func consume(_ base: UnsafeRawPointer, count: Int) -> Int {
            var a = v1, b = v2, c = v3, d = v4
            var i = 0
            while i + 16 <= count {
                // Safety: i + 16 <= count bytes are readable at base.
                a = Self.round(a, loadLE32(base, i))
                b = Self.round(b, loadLE32(base, i + 4))
                c = Self.round(c, loadLE32(base, i + 8))
                d = Self.round(d, loadLE32(base, i + 12))
                i += 16
            }
            v1 = a; v2 = b; v3 = c; v4 = d
            return i
        }

        func converge() -> UInt32 {
            v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
        }
    }
}
