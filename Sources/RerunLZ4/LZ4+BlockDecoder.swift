// The LZ4 block decoder: sequences of (token, literal length, literals, offset, match length).
// Every read from the input and every write to the output is bounds-checked against the
// buffer ends; the fast paths copy 8/16 bytes at a time only after checking that the whole
// wide access (not just the useful part) lies inside the buffers.

extension LZ4 {
    /// Decodes the raw block `source` into `destination`, returning the number of bytes written.
    ///
    /// Throws if the block is malformed or would write more than `destination.count` bytes.
    /// An empty `source` decodes to nothing. The block may end after a literal run (the normal
    /// end) or, leniently, right after a match.
    static func decodeBlock(
        _ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
    ) throws(LZ4Error) -> Int {
        guard let src = source.baseAddress, source.count > 0 else { return 0 }
        guard let dst = destination.baseAddress, destination.count > 0 else {
            return try decodeIntoNothing(source)
        }
        let srcEnd = source.count
        let dstEnd = destination.count
        var ip = 0  // next input byte
        var op = 0  // next output byte

        while ip < srcEnd {
            let tokenAt = ip
            // Safety: ip < srcEnd (loop condition).
            let token = Int(src.load(fromByteOffset: ip, as: UInt8.self))
            ip += 1

            // Literals.
            var literalCount = token &>> 4
            if literalCount < 15 && srcEnd - ip >= 16 && dstEnd - op >= 16 {
                // Safety: 16 bytes are readable at ip and writable at op (checked just above);
                // only literalCount (< 15) of them matter, the rest is overwritten later.
                copy16(dst + op, src + ip)
                ip += literalCount
                op += literalCount
            } else {
                if literalCount == 15 {
                    literalCount = try readLengthExtension(src, &ip, srcEnd, startingAt: 15)
                }
                guard literalCount <= srcEnd - ip else {
                    throw LZ4Error(.literalsPastInputEnd, at: tokenAt, value: literalCount, limit: srcEnd - ip)
                }
                guard literalCount <= dstEnd - op else {
                    throw LZ4Error(.literalsPastOutputEnd, at: tokenAt, value: literalCount, limit: dstEnd - op)
                }
                copyLiterals(dst + op, src + ip, literalCount, inputRoom: srcEnd - ip, outputRoom: dstEnd - op)
                ip += literalCount
                op += literalCount
            }
            if ip == srcEnd { break }  // the last sequence has literals only

            // Match offset.
            guard srcEnd - ip >= 2 else {
                throw LZ4Error(.truncatedOffset, at: ip, limit: srcEnd - ip)
            }
            // Safety: two bytes at ip are inside the input (checked above).
            let offset = Int(loadLE16(src, ip))
            guard offset != 0 else { throw LZ4Error(.zeroOffset, at: ip) }
            guard offset <= op else {
                throw LZ4Error(.offsetBeyondOutput, at: ip, value: offset, limit: op)
            }
            ip += 2

            // Match length.
            var matchLength = token & 15
            if matchLength == 15 {
                matchLength = try readLengthExtension(src, &ip, srcEnd, startingAt: 15)
            }
            matchLength += 4
            let room = dstEnd - op
            guard matchLength <= room else {
                throw LZ4Error(.matchPastOutputEnd, at: tokenAt, value: matchLength, limit: room)
            }
            if offset >= 16 && matchLength <= 32 && room >= 32 {
                // Safety: 32 bytes are writable at op (room >= 32). The first 16 bytes read
                // [op - offset, op - offset + 16) <= op, already produced; the second read ends
                // at op - offset + 32 <= op + 16, produced by the first copy.
                let from = dst + (op - offset)
                copy16(dst + op, from)
                copy16(dst + op + 16, from + 16)
            } else if offset >= 16 && matchLength &+ 15 <= room {
                // Safety: the 16-byte chunks written end before op + matchLength + 15 <= dstEnd;
                // each chunk reads 16 bytes starting offset (>= 16) bytes back, all already
                // produced (offset <= op), so reads and writes of one chunk never overlap.
                var from = dst + (op - offset)
                var to = dst + op
                let end = to + matchLength
                repeat {
                    copy16(to, from)
                    to += 16
                    from += 16
                } while to < end
            } else {
                copyMatch(dst, at: op, offset: offset, count: matchLength, room: room)
            }
            op += matchLength
        }
        return op
    }

    /// Reads the `255…255 x` continuation of a literal or match length that starts at `ip`.
    @inline(__always)
    private static func readLengthExtension(
        _ src: UnsafeRawPointer, _ ip: inout Int, _ srcEnd: Int, startingAt base: Int
    ) throws(LZ4Error) -> Int {
        var length = base
        while true {
            guard ip < srcEnd else { throw LZ4Error(.truncatedLength, at: ip, limit: srcEnd) }
            // Safety: ip < srcEnd.
            let byte = Int(src.load(fromByteOffset: ip, as: UInt8.self))
            ip += 1
            length += byte
            if byte != 255 { return length }
        }
    }

    /// Copies `count` literal bytes; `inputRoom`/`outputRoom` (both >= count) are the bytes
    /// addressable from `source`/`destination`, which allows wide copies past `count`.
    @inline(__always)
    private static func copyLiterals(
        _ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ count: Int,
        inputRoom: Int, outputRoom: Int
    ) {
        if count <= 64 && count &+ 15 <= inputRoom && count &+ 15 <= outputRoom {
            // Safety: the 16-byte chunks start below count, so end before count + 15 <= both rooms.
            var offset = 0
            while offset < count {
                copy16(destination + offset, source + offset)
                offset += 16
            }
        } else {
            // Safety: count <= both rooms (checked by the caller); the buffers are distinct.
            destination.copyMemory(from: source, byteCount: count)
        }
    }

    /// Copies a match of `count` bytes from `offset` bytes back (0 < offset <= at, count <= room)
    /// where the source may overlap the destination, without writing past `at + count`
    /// except within `room`.
    private static func copyMatch(
        _ dst: UnsafeMutableRawPointer, at: Int, offset: Int, count: Int, room: Int
    ) {
        let from = dst + (at - offset)
        let to = dst + at
        if offset >= count {
            // Safety: the source [at - offset, at - offset + count) ends at or before `at`,
            // so the ranges do not overlap; count <= room.
            to.copyMemory(from: UnsafeRawPointer(from), byteCount: count)
            return
        }
        if count < 32 {
            // Safety: byte i reads at - offset + i < at + i, already written; writes < at + count.
            for i in 0..<count {
                to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
            }
            return
        }
        // The output from `from` on repeats with period `offset`. Copying the `copied` bytes
        // after `from` (a whole number of periods) to the end doubles the periodic run each step.
        var copied = offset
        var remaining = count
        while remaining > 0 {
            let n = min(copied, remaining)
            // Safety: reads [from, from + n) with n <= copied, i.e. before the write position
            // from + copied (no overlap); writes end at from + copied + n <= to + count.
            (from + copied).copyMemory(from: UnsafeRawPointer(from), byteCount: n)
            copied += n
            remaining -= n
        }
    }

    /// Decodes into an empty output: only a block of one token with no literals is valid.
    private static func decodeIntoNothing(_ source: UnsafeRawBufferPointer) throws(LZ4Error) -> Int {
        let token = Int(source[0])
        var literalCount = token >> 4
        if literalCount == 15 {
            var ip = 1
            literalCount = 15
            while true {
                guard ip < source.count else { throw LZ4Error(.truncatedLength, at: ip, limit: source.count) }
                let byte = Int(source[ip])
                ip += 1
                literalCount += byte
                if byte != 255 { break }
            }
        }
        if literalCount > 0 {
            guard literalCount <= source.count - 1 else {
                throw LZ4Error(.literalsPastInputEnd, at: 0, value: literalCount, limit: source.count - 1)
            }
            throw LZ4Error(.literalsPastOutputEnd, at: 0, value: literalCount, limit: 0)
        }
        guard source.count >= 3 else {
            if source.count == 1 { return 0 }
            throw LZ4Error(.truncatedOffset, at: 1, limit: source.count - 1)
        }
        let offset = Int(source[1]) | Int(source[2]) << 8
        guard offset != 0 else { throw LZ4Error(.zeroOffset, at: 1) }
        throw LZ4Error(.offsetBeyondOutput, at: 1, value: offset, limit: 0)
    }
}
