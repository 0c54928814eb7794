/// The start address and size of one buffer of a source array, read once per kernel call so the
/// per-run loops do no reference counting. Valid while the source array is alive.
struct RawView {
    /// The source array's slot offset.
    let offset: Int
    /// The buffer's first byte.
    let base: UnsafeRawPointer
    /// The buffer's size in bytes.
    let count: Int

    /// Buffer `index` of `data` (empty if absent).
    init(_ data: ArrayData, buffer index: Int) {
        let buffer = data.buffer(index)
        self.offset = data.offset
        self.base = buffer.base
        self.count = buffer.count
    }

    /// Traps unless the buffer holds at least `bytes` bytes (the sources were not validated).
    @inline(__always)
    func check(bytes: Int) {
        precondition(bytes <= count, "Buffer too short (\(count) bytes, needs \(bytes)); validate() the data")
    }
}
