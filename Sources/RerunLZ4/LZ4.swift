/// The LZ4 *block* codec, as used for `.rrd` payloads (raw blocks: no frame header, no size
/// prefix, no checksum; the decompressed size is carried outside the block).
///
/// Compression is a greedy single-pass encoder in the style of the reference
/// `LZ4_compress_default` (its output is a standard block any LZ4 decoder reads). Decompression
/// accepts any standard block, checks every length and offset, and throws ``LZ4Error`` (naming
/// the problem and its byte offset) instead of ever reading or writing out of bounds.
///
/// ```swift
/// let block = LZ4.compress(bytes)
/// let back = try LZ4.decompress(block, uncompressedSize: bytes.count)
/// ```
public enum LZ4 {
    /// The largest block `compress` can produce for `count` input bytes (`count + count/255 + 16`).
    public static func compressBound(_ count: Int) -> Int {
        precondition(count >= 0, "negative byte count")
        return count + count / 255 + 16
    }

    /// The largest output a block of `compressedCount` bytes can decode to (LZ4 expands at most
    /// about 255×); `decompress(_:uncompressedSize:)` refuses larger sizes before allocating.
    public static func maximumDecompressedSize(compressedCount: Int) -> Int {
        let (product, overflow) = max(compressedCount, 0).multipliedReportingOverflow(by: 255)
        return overflow ? Int.max : product &+ 16
    }

    // MARK: Compression

    /// Compresses `input` into a new raw LZ4 block.
    public static func compress(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        guard let source = input.baseAddress, !input.isEmpty else { return [0] }  // one empty-literal token
        let bound = compressBound(input.count)
        let block = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            // Safety: buffer has `bound` bytes of capacity; encodeBlock writes at most that many.
            count = encodeBlock(source, count: input.count, into: UnsafeMutableRawPointer(buffer.baseAddress!), capacity: bound)
        }
        // Give back the unused capacity when it is a sizable share (compressible input).
        guard block.count < bound - bound / 4 else { return block }
        return block.withUnsafeBufferPointer { compact in
            [UInt8](unsafeUninitializedCapacity: compact.count) { buffer, count in
                // Safety: buffer has room for compact.count bytes.
                _ = buffer.initialize(fromContentsOf: compact)
                count = compact.count
            }
        }
    }

    /// Compresses `input` (an array, slice, `Data` or any byte collection) into a new raw block.
    public static func compress(_ input: some Collection<UInt8>) -> [UInt8] {
        if let block = input.withContiguousStorageIfAvailable({ compress(UnsafeRawBufferPointer($0)) }) {
            return block
        }
        return Array(input).withUnsafeBytes { compress($0) }
    }

    /// Compresses `input` into `destination`, which must hold at least
    /// ``compressBound(_:)`` bytes, and returns the number of bytes written.
    public static func compress(_ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) -> Int {
        let bound = compressBound(input.count)
        precondition(destination.count >= bound, "LZ4.compress(into:) needs compressBound(input.count) bytes")
        // Safety: destination.count >= bound >= 16 > 0, so baseAddress is non-nil.
        let dst = destination.baseAddress!
        guard let source = input.baseAddress, !input.isEmpty else {
            dst.storeBytes(of: 0, as: UInt8.self)
            return 1
        }
        return encodeBlock(source, count: input.count, into: dst, capacity: destination.count)
    }

    // MARK: Decompression

    /// Decompresses the raw block `input`, which must decode to exactly `uncompressedSize` bytes.
    ///
    /// Throws ``LZ4Error`` if the block is malformed, decodes to more or fewer bytes, or if
    /// `uncompressedSize` is negative or larger than ``maximumDecompressedSize(compressedCount:)``
    /// (checked before allocating, so a corrupt size cannot exhaust memory).
    public static func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(LZ4Error) -> [UInt8] {
        guard uncompressedSize >= 0 else {
            throw LZ4Error(.negativeUncompressedSize, at: 0, value: uncompressedSize)
        }
        let limit = maximumDecompressedSize(compressedCount: input.count)
        guard uncompressedSize <= limit else {
            throw LZ4Error(.uncompressedSizeTooLarge, at: 0, value: uncompressedSize, limit: limit)
        }
        var failure: LZ4Error?
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, count in
            do throws(LZ4Error) {
                let written = try decodeBlock(input, into: UnsafeMutableRawBufferPointer(buffer))
                guard written == uncompressedSize else {
                    throw LZ4Error(.incompleteOutput, at: input.count, value: written, limit: uncompressedSize)
                }
                count = written
            } catch {
                failure = error
                count = 0
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses the raw block `input` (an array, slice, `Data` or any byte collection),
    /// which must decode to exactly `uncompressedSize` bytes. See the pointer overload.
    public static func decompress(_ input: some Collection<UInt8>, uncompressedSize: Int) throws(LZ4Error) -> [UInt8] {
        let result = input.withContiguousStorageIfAvailable { buffer in
            Result { () throws(LZ4Error) in try decompress(UnsafeRawBufferPointer(buffer), uncompressedSize: uncompressedSize) }
        }
        if let result { return try result.get() }
        return try Array(input).withUnsafeBytes { buffer in
            Result { () throws(LZ4Error) in try decompress(buffer, uncompressedSize: uncompressedSize) }
        }.get()
    }

    /// Decompresses the raw block `input` into `destination` and returns the number of bytes
    /// written. The block must fit: a literal run or match reaching past `destination.count`
    /// throws ``LZ4Error`` (nothing is ever written out of bounds). Bytes of `destination`
    /// past the returned count may have been overwritten with scratch data.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer
    ) throws(LZ4Error) -> Int {
        try decodeBlock(input, into: destination)
    }
}
