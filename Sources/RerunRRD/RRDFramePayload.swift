/// A framed message's payload: a byte range of an `RRDByteBlock`, which it keeps alive (valid on
/// any thread for as long as it exists; the bytes never change).
struct RRDFramePayload: Sendable {
    let block: RRDByteBlock
    let start: Int
    /// The payload's length in bytes.
    let count: Int

    /// A payload of `count` bytes at `start` of `block` (the range lies inside the block's written bytes).
    init(block: RRDByteBlock, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= block.capacity, "payload out of its block")
        self.block = block
        self.start = start
        self.count = count
    }

    /// Whether the payload is empty.
    var isEmpty: Bool { count == 0 }

    /// Calls `body` with the payload's bytes (valid only during the call).
    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        // Safety: `start..<start + count` lies inside the block (checked in `init`), whose bytes
        // were written before this payload was made and are not changed while it exists.
        let result = try body(UnsafeRawBufferPointer(start: block.base + start, count: count))
        withExtendedLifetime(block) {}
        return result
    }

    /// A copy of the bytes.
    var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}
