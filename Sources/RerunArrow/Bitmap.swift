/// Helpers for Arrow's LSB-first bit-packed bitmaps (validity and boolean values).
public enum Bitmap {
    /// The number of bytes needed for `bitCount` bits.
    @inlinable
    public static func byteCount(forBits bitCount: Int) -> Int { (bitCount + 7) >> 3 }

    /// Reads bit `index` of `buffer`.
    @inlinable
    public static func get(_ buffer: Buffer, _ index: Int) -> Bool {
        buffer[index >> 3] & (1 << UInt8(index & 7)) != 0
    }

    /// Counts set bits in `[offset, offset + count)`.
    public static func countSetBits(_ buffer: Buffer, offset: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        precondition(offset >= 0 && byteCount(forBits: offset + count) <= buffer.count, "Bitmap range out of bounds")
        return buffer.withUnsafeBytes { raw in
            var total = 0
            var i = offset
            let end = offset + count
            // Leading bits up to a byte boundary.
            while i < end && i & 7 != 0 {
                if raw[i >> 3] & (1 << UInt8(i & 7)) != 0 { total += 1 }
                i += 1
            }
            // Whole 64-bit words.
            while end - i >= 64 {
                total += raw.loadUnaligned(fromByteOffset: i >> 3, as: UInt64.self).nonzeroBitCount
                i += 64
            }
            // Whole bytes.
            while end - i >= 8 {
                total += raw[i >> 3].nonzeroBitCount
                i += 8
            }
            while i < end {
                if raw[i >> 3] & (1 << UInt8(i & 7)) != 0 { total += 1 }
                i += 1
            }
            return total
        }
    }

    /// Copies `count` bits starting at bit `sourceOffset` into a new buffer starting at bit 0.
    public static func copyBits(_ buffer: Buffer, offset sourceOffset: Int, count: Int) -> Buffer {
        let bytes = byteCount(forBits: count)
        if sourceOffset & 7 == 0 {
            return Buffer(initializingCount: bytes) { dst in
                buffer.withUnsafeBytes { src in
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[(sourceOffset >> 3)..<(sourceOffset >> 3) + bytes]))
                }
                clearTrailingBits(dst, count: count)
            }
        }
        return Buffer(initializingCount: bytes) { dst in
            dst.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.withUnsafeBytes { src in
                for i in 0..<count {
                    let j = i + sourceOffset
                    if src[j >> 3] & (1 << UInt8(j & 7)) != 0 {
                        dst[i >> 3] |= 1 << UInt8(i & 7)
                    }
                }
            }
        }
    }

    /// Zeroes the bits past `count` in the last byte, so bitmaps compare byte-wise.
    static func clearTrailingBits(_ dst: UnsafeMutableRawBufferPointer, count: Int) {
        if count & 7 != 0, !dst.isEmpty {
            dst[dst.count - 1] &= UInt8((1 << (count & 7)) - 1)
        }
    }
}
