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
            ip &+= 1

            // Literals.
            var literalCount = token &>> 4
            if literalCount < 15 && srcEnd &- ip >= 16 && dstEnd &- op >= 16 {
                // Safety: 16 bytes are readable at ip and writable at op (checked just above);
                // only literalCount (< 15) of them matter, the rest is overwritten later.
                copy16(dst + op, src + ip)
                ip &+= literalCount
                op &+= literalCount
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
            guard srcEnd &- ip >= 2 else {
                throw LZ4Error(.truncatedOffset, at: ip, limit: srcEnd &- ip)
            }
            // Safety: two bytes at ip are inside the input (checked above).
            let offset = Int(loadLE16(src, ip))
            // One unsigned compare for 1 <= offset <= op.
            guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: op) else {
                guard offset != 0 else { throw LZ4Error(.zeroOffset, at: ip) }
                throw LZ4Error(.offsetBeyondOutput, at: ip, value: offset, limit: op)
            }
            ip &+= 2

            // Match length.
            var matchLength = token & 15
            if matchLength == 15 {
                matchLength = try readLengthExtension(src, &ip, srcEnd, startingAt: 15)
            }
            matchLength &+= 4
            let room = dstEnd &- op
            if room >= 32 && matchLength <= room &- 15 {
                // Safety: room >= max(32, matchLength + 15), what copyMatchWide may write.
                copyMatchWide(dst + op, offset: offset, count: matchLength)
            } else {
                guard matchLength <= room else {
                    throw LZ4Error(.matchPastOutputEnd, at: tokenAt, value: matchLength, limit: room)
                }
                copyMatch(dst, at: op, offset: offset, count: matchLength, room: room)
            }
            op &+= matchLength
        }
        return op
    }

    /// Copies a match of `count` bytes from `offset` bytes before `to` (offset >= 1, and the
    /// `offset` bytes before `to` are already written) with 8- and 16-byte stores that may run
    /// up to `max(32, count + 15)` bytes past `to`; the caller guarantees that much room.
    ///
    /// Each wide copy reads only bytes that are already final: with offset >= 8, 8-byte chunks
    /// (16-byte ones past 16 bytes when offset >= 16) read at least a chunk back; with
    /// offset < 8, the repeating pattern is built in a register and stored without reloading.
    @inline(__always)
    private static func copyMatchWide(_ to: UnsafeMutableRawPointer, offset: Int, count: Int) {
        let from = UnsafeRawPointer(to - offset)
        if offset >= 8 {
            // Safety: 8-byte chunk k reads [from + k, from + k + 8), which ends at or before
            // to + k (offset >= 8): bytes already written. Most matches are at most 8 bytes,
            // and one narrow load is more often served straight from an earlier store than a
            // 16-byte one (which is why 16-byte chunks only start at 16).
            copy8(to, from)
            guard count > 8 else { return }
            copy8(to + 8, from + 8)
            guard count > 16 else { return }
            var k = 16
            if offset >= 16 {
                // Safety: chunk k reads [from + k, from + k + 16), which ends at or before
                // to + k (already written); it writes below to + count + 15.
                repeat {
                    copy16(to + k, from + k)
                    k &+= 16
                } while k < count
            } else {
                // Safety: as above with 8-byte chunks and offset >= 8; writes below count + 7.
                repeat {
                    copy8(to + k, from + k)
                    k &+= 8
                } while k < count
            }
        } else {
            // The match repeats its first `offset` (< 8) bytes. Build 8 bytes of that pattern
            // in a register and store it every `step` bytes, `step` being the largest multiple
            // of the offset that is <= 8 (8, 8, 6, 8, 5, 6, 7 for offsets 1…7, one nibble each
            // in `steps`): no store reloads bytes that earlier stores of this match wrote.
            // Single-byte loads: each is served whole by one earlier store, where an 8-byte
            // load across several recent stores would wait for them to reach the cache.
            var pattern: UInt64 = 0
            var j = 0
            repeat {
                // Safety: from + j < to (j < offset): output already written.
                pattern |= UInt64(from.load(fromByteOffset: j, as: UInt8.self)) &<< UInt64(truncatingIfNeeded: j &* 8)
                j &+= 1
            } while j < offset
            let bits = offset &* 8
            pattern |= pattern << bits  // (`<<` shifts of 64 bits or more give 0)
            pattern |= pattern << (bits &* 2)
            pattern |= pattern << (bits &* 4)
            let steps: UInt64 = 0x7658_6880
            let step = Int(truncatingIfNeeded: (steps &>> UInt64(truncatingIfNeeded: offset &* 4)) & 15)
            // Safety: stores start below to + count, so end below to + count + 7.
            var k = 0
            repeat {
                (to + k).storeBytes(of: pattern.littleEndian, as: UInt64.self)
                k &+= step
            } while k < count
        }
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
