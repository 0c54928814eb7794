import RerunArrow

/// A fixed-capacity byte buffer of `RRDFrameDecoder`, shared with the frames that point into it.
///
/// The decoder writes only bytes no frame covers (after its fill level), and moves bytes inside a
/// block only while no frame holds it (`isKnownUniquelyReferenced`); so a frame handed to another
/// thread reads bytes that never change under it. Blocks are recycled once their frames are gone.
final class RRDByteBlock: @unchecked Sendable {
    /// The start of the allocation.
    let base: UnsafeMutableRawPointer
    /// The allocated bytes.
    let capacity: Int

    /// Allocates `capacity` bytes (uninitialized).
    init(capacity: Int) {
        self.capacity = capacity
        base = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, 1), alignment: 64)
        if capacity >= HugePages.threshold {
            // Safety: the allocation holds `capacity` bytes from `base`, none written yet.
            HugePages.advise(UnsafeMutableRawBufferPointer(start: base, count: capacity))
        }
    }

    deinit {
        base.deallocate()
    }
}
