/// A growable LSB-first bitmap (validity or boolean values) that becomes a `Buffer`.
@usableFromInline
struct BitmapBuilder: Sendable {
    @usableFromInline var bytes: BufferBuilder<UInt8>
    /// The number of bits written.
    @usableFromInline var count: Int

    @inlinable
    init(capacity: Int = 0) {
        self.bytes = BufferBuilder(capacity: Bitmap.byteCount(forBits: capacity))
        self.count = 0
    }

    @inlinable
    mutating func append(_ bit: Bool) {
        if count & 7 == 0 {
            bytes.append(bit ? 1 : 0)
        } else if bit {
            bytes.reserve(additional: 0)
            // Safety: byte `count >> 3` exists (it was appended at the last byte boundary) and
            // storage is unique after `reserve`.
            let p = bytes.storage.pointer.assumingMemoryBound(to: UInt8.self) + (count >> 3)
            p.pointee |= 1 << UInt8(count & 7)
        }
        count &+= 1
    }

    /// Appends `n` copies of `bit`.
    @inlinable
    mutating func append(repeating bit: Bool, count n: Int) {
        var remaining = n
        while remaining > 0 && count & 7 != 0 {
            append(bit)
            remaining -= 1
        }
        let wholeBytes = remaining >> 3
        bytes.append(repeating: bit ? 0xFF : 0, count: wholeBytes)
        count += wholeBytes << 3
        remaining -= wholeBytes << 3
        while remaining > 0 {
            append(bit)
            remaining -= 1
        }
    }

    /// Appends bits `[offset, offset + n)` of `source`.
    mutating func append(bitsOf source: Buffer, offset: Int, count n: Int) {
        guard n > 0 else { return }
        precondition(offset >= 0 && Bitmap.byteCount(forBits: offset + n) <= source.count, "Bitmap range out of bounds")
        if count & 7 == 0 && offset & 7 == 0 {
            // Byte-aligned on both sides: copy whole bytes, then clear the bits past the end.
            let byteCount = Bitmap.byteCount(forBits: n)
            source.withUnsafeBufferPointer(of: UInt8.self) { src in
                // Safety: the precondition checked `offset / 8 + byteCount <= source.count`.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[(offset >> 3)..<((offset >> 3) + byteCount)]))
            }
            count += n
            if count & 7 != 0 {
                bytes.withUnsafeMutableBufferPointer { $0[$0.count - 1] &= UInt8((1 << (count & 7)) - 1) }
            }
            return
        }
        // Unaligned: move up to 8 bits at a time, shifting them into place. Bits past `count` are
        // zero (an invariant of this builder), so OR-ing into the destination is enough.
        let destinationStart = count
        bytes.appendZeros(Bitmap.byteCount(forBits: count + n) - bytes.count)
        bytes.withUnsafeMutableBufferPointer { dst in
            source.withUnsafeBufferPointer(of: UInt8.self) { src in
                var i = 0
                while i < n {
                    let s = offset + i
                    let d = destinationStart + i
                    let chunk = Swift.min(8 - (d & 7), n - i)
                    // Safety: the precondition checked the source holds bits up to `offset + n`;
                    // the second byte is read only if it exists.
                    var window = UInt16(src[s >> 3])
                    if (s >> 3) + 1 < src.count { window |= UInt16(src[(s >> 3) + 1]) << 8 }
                    let bits = UInt8(truncatingIfNeeded: window >> UInt16(s & 7)) & UInt8(truncatingIfNeeded: (1 << chunk) - 1)
                    dst[d >> 3] |= bits << UInt8(d & 7)
                    i += chunk
                }
            }
        }
        count += n
    }

    /// Ensures room for `n` more bits.
    @inlinable
    mutating func reserveBits(_ n: Int) {
        bytes.reserve(additional: Bitmap.byteCount(forBits: count + n) - Bitmap.byteCount(forBits: count))
    }

    /// The bits as a buffer (bits past `count` are zero); resets the builder.
    @inlinable
    mutating func finish() -> Buffer {
        count = 0
        return bytes.finish()
    }
}
