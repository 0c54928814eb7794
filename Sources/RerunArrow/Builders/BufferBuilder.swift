/// A growable, 64-byte-aligned array of `T` that becomes an immutable `Buffer` without copying.
///
/// Copy-on-write: copies of a builder share storage until one of them writes.
// Safety (Sendable): storage is only written when uniquely referenced (checked before every
// write), the same discipline as the standard library's copy-on-write collections.
@usableFromInline
struct BufferBuilder<T: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline var storage: Buffer.Storage
    /// The number of elements written.
    @usableFromInline var count: Int
    /// The number of elements the storage holds.
    @usableFromInline var capacity: Int

    @inlinable
    static var stride: Int { MemoryLayout<T>.stride }

    @inlinable
    init(capacity: Int = 0) {
        precondition(capacity >= 0, "Capacity must not be negative")
        self.storage = Buffer.Storage(capacity: capacity * MemoryLayout<T>.stride)
        self.count = 0
        self.capacity = storage.capacity / MemoryLayout<T>.stride
    }

    /// Ensures room for `additional` more elements in uniquely referenced storage.
    @inlinable
    mutating func reserve(additional: Int) {
        precondition(additional >= 0, "Capacity must not be negative")
        if _slowPath(capacity - count < additional || !isKnownUniquelyReferenced(&storage)) {
            grow(minimumCapacity: count + additional)
        }
    }

    /// Moves the elements into new storage of at least `minimumCapacity` elements, at least
    /// doubling (amortized O(1) appends).
    @usableFromInline @inline(never)
    mutating func grow(minimumCapacity: Int) {
        let target = Swift.max(minimumCapacity, capacity &* 2, 64 / Swift.max(Self.stride, 1))
        let (bytes, overflow) = target.multipliedReportingOverflow(by: Self.stride)
        precondition(!overflow, "Buffer size overflows")
        let newStorage = Buffer.Storage(capacity: bytes)
        // Safety: both allocations hold at least `count * stride` bytes.
        newStorage.pointer.copyMemory(from: storage.pointer, byteCount: count * Self.stride)
        storage = newStorage
        capacity = newStorage.capacity / Self.stride
    }

    @inlinable
    mutating func append(_ value: T) {
        reserve(additional: 1)
        // Safety: `reserve` made room for one more element in unique storage.
        storage.pointer.storeBytes(of: value, toByteOffset: count &* Self.stride, as: T.self)
        count &+= 1
    }

    /// Appends all of `values` with one memory copy.
    @inlinable
    mutating func append(contentsOf values: UnsafeBufferPointer<T>) {
        guard let source = values.baseAddress, !values.isEmpty else { return }
        reserve(additional: values.count)
        // Safety: `reserve` made room for `values.count` more elements.
        (storage.pointer + count * Self.stride).copyMemory(from: source, byteCount: values.count * Self.stride)
        count += values.count
    }

    /// Appends `count` copies of `value`.
    @inlinable
    mutating func append(repeating value: T, count n: Int) {
        reserve(additional: n)
        let typed = (storage.pointer + count * Self.stride).bindMemory(to: T.self, capacity: n)
        // Safety: `reserve` made room for `n` more elements.
        typed.initialize(repeating: value, count: n)
        count += n
    }

    /// Appends `n` zero-filled elements.
    @inlinable
    mutating func appendZeros(_ n: Int) {
        reserve(additional: n)
        // Safety: `reserve` made room for `n` more elements.
        (storage.pointer + count * Self.stride).initializeMemory(as: UInt8.self, repeating: 0, count: n * Self.stride)
        count += n
    }

    /// The last element appended (the builder must not be empty).
    @inlinable
    var last: T {
        precondition(count > 0, "BufferBuilder is empty")
        // Safety: element `count - 1` was written.
        return storage.pointer.load(fromByteOffset: (count - 1) * Self.stride, as: T.self)
    }

    /// Calls `body` with the elements written so far, for in-place updates.
    @inlinable
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        reserve(additional: 0)
        let typed = storage.pointer.bindMemory(to: T.self, capacity: count)
        // Safety: storage is unique and holds `count` initialized elements.
        return try body(UnsafeMutableBufferPointer(start: typed, count: count))
    }

    /// The elements as an immutable buffer (zero-padded to 64 bytes); resets the builder.
    ///
    /// If less than half the capacity is used (only possible after over-reserving; doubling
    /// growth keeps it at least half full), the bytes are copied into a right-sized buffer.
    @inlinable
    mutating func finish() -> Buffer {
        let bytes = count * Self.stride
        let padded = Buffer.paddedLength(bytes)
        let result: Buffer
        if storage.capacity - padded > Swift.max(padded, 4096) {
            result = storage.pointer.withMemoryRebound(to: UInt8.self, capacity: bytes) { p in
                // Safety: `bytes` bytes were written.
                Buffer(initializingCount: bytes) { $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: bytes)) }
            }
        } else {
            // Safety: `padded <= capacity`; the bytes past `count` are unused by any builder or
            // buffer sharing this storage (a writer would have copied it first).
            (storage.pointer + bytes).initializeMemory(as: UInt8.self, repeating: 0, count: padded - bytes)
            result = Buffer(storage: storage, base: UnsafeRawPointer(storage.pointer), count: bytes)
        }
        self = BufferBuilder()
        return result
    }
}
