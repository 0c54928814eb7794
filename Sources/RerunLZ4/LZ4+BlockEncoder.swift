// The LZ4 block encoder: a greedy single-pass matcher over a hash table of 4-byte sequences,
// with the reference encoder's acceleration (the search step grows while no match is found, so
// incompressible input is skimmed rather than hashed at every byte).
//
// Block end rules (LZ4 block format, "end of block restrictions"): the last 5 bytes are always
// literals, and the last match starts at least 12 bytes before the end. Inputs shorter than 13
// bytes are therefore stored as a single literal run.

extension LZ4 {
    /// log2 of the number of hash table entries (4096 entries × 4 bytes = 16 KiB, L1-resident).
    static let hashLog: UInt32 = 12
    /// Matches are searched until this many misses before the step grows by one byte.
    static let skipStrength = 6
    /// The largest match offset the format can encode.
    static let maximumOffset = 65_535

    /// Encodes `count` bytes at `source` into `destination` as one raw LZ4 block and returns
    /// the number of bytes written. `capacity` must be at least `compressBound(count)`.
    static func encodeBlock(
        _ source: UnsafeRawPointer, count n: Int, into dst: UnsafeMutableRawPointer, capacity: Int
    ) -> Int {
        precondition(capacity >= compressBound(n), "LZ4 encoder needs compressBound(count) bytes of room")
        var op = 0
        var anchor = 0  // first input byte not yet emitted
        if n >= 13 {
            let tableSize = 1 << Int(hashLog)
            let table = UnsafeMutablePointer<UInt32>.allocate(capacity: tableSize)
            defer { table.deallocate() }
            // Safety: `table` has tableSize entries.
            table.initialize(repeating: 0, count: tableSize)
            encodeSequences(source, n, dst, capacity, table, &op, &anchor)
        }
        // The last sequence: the remaining bytes as literals, no match.
        let literalCount = n - anchor
        let tokenAt = op
        op += 1
        if literalCount >= 15 {
            // Safety: literal-only output needs 1 + (n - 15) / 255 + 1 + n <= compressBound(n).
            dst.storeBytes(of: 0xF0, toByteOffset: tokenAt, as: UInt8.self)
            op = writeLengthExtension(dst, op, literalCount - 15)
        } else {
            dst.storeBytes(of: UInt8(truncatingIfNeeded: literalCount << 4), toByteOffset: tokenAt, as: UInt8.self)
        }
        if literalCount > 0 {
            // Safety: [anchor, n) is inside the input; the output bound covers the literals.
            (dst + op).copyMemory(from: source + anchor, byteCount: literalCount)
        }
        return op + literalCount
    }

    /// The hash-table slot for the 5 bytes at the bottom of `word` (multiplicative hashing;
    /// hashing 5 rather than 4 bytes spreads text better, the match test still compares 4).
    @inline(__always)
    static func hashSlot(_ word: UInt64) -> Int {
        Int(truncatingIfNeeded: ((word &<< 24) &* 0x9E37_79B9_7F4A_7C15) &>> (64 - UInt64(hashLog)))
    }

    /// Looks up and replaces the table entry for the sequence at `position`; returns the
    /// candidate's distance if it is a usable match (1...65535 back, same 4 bytes), else 0.
    @inline(__always)
    static func probe(
        _ src: UnsafeRawPointer, _ position: Int, _ table: UnsafeMutablePointer<UInt32>
    ) -> Int {
        // Safety: callers guarantee position + 8 <= n.
        let word = loadLE64(src, position)
        let sequence = UInt32(truncatingIfNeeded: word)
        let slot = hashSlot(word)
        let stamp = UInt32(truncatingIfNeeded: position)
        // Safety: slot < 1 << hashLog (a hashLog-bit shift result).
        let candidate = table[slot]
        table[slot] = stamp
        // Positions are stored modulo 2^32; a wrapped stale entry is harmless because the
        // distance is range-checked and the bytes compared before use.
        let distance = Int(stamp &- candidate)
        guard distance > 0, distance <= maximumOffset, distance <= position else { return 0 }
        // Safety: position - distance >= 0 (checked) and + 4 <= position + 4 <= n.
        return loadLE32(src, position - distance) == sequence ? distance : 0
    }

    /// The main loop: emits every sequence with a match; leaves `anchor` at the first byte of
    /// the final literal run.
    @inline(__always)
    private static func encodeSequences(
        _ src: UnsafeRawPointer, _ n: Int, _ dst: UnsafeMutableRawPointer, _ capacity: Int,
        _ table: UnsafeMutablePointer<UInt32>, _ op: inout Int, _ anchor: inout Int
    ) {
        let lastMatchStart = n - 12  // a match may start at or before this position
        let matchEndLimit = n - 5  // a match must end at or before this position
        var ip = 0
        _ = probe(src, 0, table)
        ip = 1

        search: while true {
            // Find the next match at or after ip, stepping faster while none is found.
            var distance = 0
            var attempts = 1 << skipStrength
            var forward = ip
            repeat {
                ip = forward
                forward = ip + (attempts >> skipStrength)
                attempts += 1
                if ip > lastMatchStart { break search }
                distance = probe(src, ip, table)
            } while distance == 0
            var ref = ip - distance

            // Extend the match backwards over bytes not yet emitted.
            // Safety: ip > anchor >= 0 and ref > 0, so both ip - 1 and ref - 1 are inside the input.
            while ip > anchor && ref > 0
                && src.load(fromByteOffset: ip - 1, as: UInt8.self) == src.load(fromByteOffset: ref - 1, as: UInt8.self)
            {
                ip -= 1
                ref -= 1
            }

            while true {
                // Token and literals [anchor, ip).
                let literalCount = ip - anchor
                let tokenAt = op
                op += 1
                var token: UInt8
                if literalCount >= 15 {
                    token = 0xF0
                    op = writeLengthExtension(dst, op, literalCount - 15)
                } else {
                    token = UInt8(truncatingIfNeeded: literalCount << 4)
                }
                if literalCount <= 16 && anchor + 16 <= n && op + 16 <= capacity {
                    // Safety: 16 bytes readable at anchor and writable at op (checked above).
                    copy16(dst + op, src + anchor)
                } else {
                    // Safety: [anchor, ip) is inside the input; the output never exceeds
                    // compressBound(n) <= capacity (the encoder never expands beyond it).
                    (dst + op).copyMemory(from: src + anchor, byteCount: literalCount)
                }
                op += literalCount

                // Offset and match length.
                // Safety: 2 bytes fit within the output bound.
                dst.storeBytes(of: UInt16(truncatingIfNeeded: ip - ref).littleEndian, toByteOffset: op, as: UInt16.self)
                op += 2
                let end = matchEnd(src, ip + 4, ref + 4, matchEndLimit)
                let extra = end - ip - 4
                if extra >= 15 {
                    token |= 15
                    op = writeLengthExtension(dst, op, extra - 15)
                } else {
                    token |= UInt8(truncatingIfNeeded: extra)
                }
                dst.storeBytes(of: token, toByteOffset: tokenAt, as: UInt8.self)
                ip = end
                anchor = ip
                if ip > lastMatchStart { break search }

                // Index a position inside the match, then try for a match right here.
                _ = probe(src, ip - 2, table)
                distance = probe(src, ip, table)
                if distance == 0 { break }
                ref = ip - distance
            }
            ip += 1
        }
    }

    /// The end of the match between `p` and `q` (< p), which extends no further than `limit`.
    @inline(__always)
    static func matchEnd(_ src: UnsafeRawPointer, _ p0: Int, _ q0: Int, _ limit: Int) -> Int {
        var p = p0
        var q = q0
        // Safety: every load below reads only bytes before `limit` (<= n); q < p.
        while p + 8 <= limit {
            let difference = loadLE64(src, p) ^ loadLE64(src, q)
            if difference != 0 { return p + difference.trailingZeroBitCount &>> 3 }
            p += 8
            q += 8
        }
        if p + 4 <= limit && loadLE32(src, p) == loadLE32(src, q) {
            p += 4
            q += 4
        }
        if p + 2 <= limit && loadLE16(src, p) == loadLE16(src, q) {
            p += 2
            q += 2
        }
        if p < limit && src.load(fromByteOffset: p, as: UInt8.self) == src.load(fromByteOffset: q, as: UInt8.self) {
            p += 1
        }
        return p
    }

    /// Writes the continuation bytes (255…, remainder) of a length whose nibble was 15.
    @inline(__always)
    static func writeLengthExtension(_ dst: UnsafeMutableRawPointer, _ op: Int, _ value: Int) -> Int {
        let fullBytes = value / 255
        if fullBytes > 0 {
            // Safety: one extension byte per 255 bytes of literal/match, within compressBound.
            (dst + op).initializeMemory(as: UInt8.self, repeating: 255, count: fullBytes)
        }
        dst.storeBytes(of: UInt8(truncatingIfNeeded: value - fullBytes * 255), toByteOffset: op + fullBytes, as: UInt8.self)
        return op + fullBytes + 1
    }
}
