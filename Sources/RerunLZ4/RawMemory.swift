// Small unaligned load/store helpers shared by the LZ4 encoder, decoder and xxHash32.
// Every caller checks, before calling, that the bytes touched lie inside its buffers.

/// Loads a little-endian `UInt32` from `base + offset` (no alignment needed).
@inline(__always)
func loadLE32(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
    UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
}

/// Loads a little-endian `UInt64` from `base + offset` (no alignment needed).
@inline(__always)
func loadLE64(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
}

/// Loads a little-endian `UInt16` from `base + offset` (no alignment needed).
@inline(__always)
func loadLE16(_ base: UnsafeRawPointer, _ offset: Int) -> UInt16 {
    UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// Copies exactly 8 bytes from `source` to `destination` (they must not overlap).
@inline(__always)
func copy8(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer) {
    destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), as: UInt64.self)
}

/// Copies exactly 16 bytes from `source` to `destination` (they must not overlap).
@inline(__always)
func copy16(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer) {
    destination.storeBytes(of: source.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
}

extension UInt32 {
    /// `self` rotated left by `count` bits (0 < count < 32).
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 {
        (self &<< count) | (self &>> (32 &- count))
    }
}
