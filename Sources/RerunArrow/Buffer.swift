#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An immutable, reference-counted region of bytes that an Arrow array reads from.
///
/// Buffers allocated by this library are 64-byte aligned and zero-padded to a multiple of 64 bytes,
/// as the Arrow columnar format recommends. A buffer may also *view* memory owned by someone else
/// (a decoded file, a memory map) without copying; the owner is kept alive by the buffer.
/// Slicing never copies.
// Safety (Sendable): `base` points into `storage`, which is immutable and kept alive by the struct.
public struct Buffer: @unchecked Sendable {
    /// The alignment of every allocation made by this library.
    public static let alignment = 64

    /// Allocations from this size on are advised to use huge pages (see `HugePages`); smaller
    /// ones are not (direct compaction for many mid-sized buffers costs more than it saves).
    static let hugePageThreshold = 32 << 20

    @usableFromInline let storage: Storage
    /// Start of this buffer's bytes (already includes the slice offset).
    @usableFromInline let base: UnsafeRawPointer
    /// The number of bytes in this buffer.
    public let count: Int

    /// The memory behind one or more buffers. Either owned (allocated here) or borrowed from `owner`.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // Safety: the memory is never mutated after the buffer is created (builders write before
        // handing the storage to a `Buffer`), so sharing it across threads is safe.
        @usableFromInline let pointer: UnsafeMutableRawPointer
        @usableFromInline let capacity: Int
        let owned: Bool
        let owner: (any Sendable)?

        @usableFromInline
        init(capacity: Int) {
            let rounded = Buffer.paddedLength(max(capacity, 0))
            self.pointer = UnsafeMutableRawPointer.allocate(
                byteCount: max(rounded, Buffer.alignment), alignment: Buffer.alignment)
            // Large buffers are mostly written once right away (decompression, copies): huge
            // pages cut the page faults of that first write.
            if rounded >= Buffer.hugePageThreshold {
                HugePages.advise(UnsafeMutableRawBufferPointer(start: pointer, count: rounded))
            }
            self.capacity = rounded
            self.owned = true
            self.owner = nil
        }

        init(borrowing pointer: UnsafeRawPointer, count: Int, owner: any Sendable) {
            self.pointer = UnsafeMutableRawPointer(mutating: pointer)
            self.capacity = count
            self.owned = false
            self.owner = owner
        }

        deinit {
            if owned { pointer.deallocate() }
        }
    }

    @usableFromInline
    init(storage: Storage, base: UnsafeRawPointer, count: Int) {
        self.storage = storage
        self.base = base
        self.count = count
    }

    /// Rounds `length` up to a multiple of 64 bytes.
    @inlinable
    public static func paddedLength(_ length: Int) -> Int {
        (length + (alignment - 1)) & ~(alignment - 1)
    }

    /// An empty buffer.
    public static let empty = Buffer(zeroedCount: 0)

    /// A new buffer of `count` zero bytes.
    public init(zeroedCount count: Int) {
        precondition(count >= 0, "Buffer byte count must not be negative")
        let storage = Storage(capacity: count)
        // Safety: `storage.capacity >= count` and the allocation is at least `alignment` bytes.
        storage.pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(storage.capacity, Buffer.alignment))
        self.init(storage: storage, base: UnsafeRawPointer(storage.pointer), count: count)
    }

    /// A new buffer holding a copy of `bytes`.
    public init(copying bytes: some Collection<UInt8>) {
        let count = bytes.count
        self.init(initializingCount: count) { destination in
            destination.copyBytes(from: bytes)
        }
    }

    /// A new buffer holding a copy of the raw bytes of `values` (native, i.e. little-endian, layout).
    public init<T: BitwiseCopyable>(copyingValuesOf values: some Collection<T>) {
        let byteCount = values.count * MemoryLayout<T>.stride
        let storage = Storage(capacity: byteCount)
        storage.pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(storage.capacity, Buffer.alignment))
        let typed = storage.pointer.bindMemory(to: T.self, capacity: values.count)
        // Safety: the allocation holds `values.count` elements of `T`.
        _ = UnsafeMutableBufferPointer(start: typed, count: values.count).initialize(from: values)
        self.init(storage: storage, base: UnsafeRawPointer(storage.pointer), count: byteCount)
    }

    /// A new buffer of `count` bytes that `body` initializes. Bytes beyond `count` up to the
    /// 64-byte padding are zero.
    public init(initializingCount count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "Buffer byte count must not be negative")
        let storage = Storage(capacity: count)
        let total = max(storage.capacity, Buffer.alignment)
        // Safety: the padding past `count` is inside the allocation of `total` bytes.
        (storage.pointer + count).initializeMemory(as: UInt8.self, repeating: 0, count: total - count)
        try body(UnsafeMutableRawBufferPointer(start: storage.pointer, count: count))
        self.init(storage: storage, base: UnsafeRawPointer(storage.pointer), count: count)
    }

    /// A buffer that views `count` bytes at `pointer` without copying; `owner` keeps the memory
    /// alive for as long as any buffer (or slice) refers to it.
    ///
    /// The memory must not change while the buffer exists.
    public init(borrowing pointer: UnsafeRawPointer, count: Int, owner: any Sendable) {
        precondition(count >= 0, "Buffer byte count must not be negative")
        let storage = Storage(borrowing: pointer, count: count, owner: owner)
        self.init(storage: storage, base: pointer, count: count)
    }

    /// A zero-copy view of `count` bytes starting `offset` bytes into this buffer.
    @inlinable
    public func slice(offset: Int, count: Int) -> Buffer {
        precondition(offset >= 0 && count >= 0 && offset <= self.count - count, "Buffer slice out of range")
        return Buffer(storage: storage, base: base + offset, count: count)
    }

    /// Calls `body` with the buffer's bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeRawBufferPointer(start: base, count: count))
        }
    }

    /// Calls `body` with the buffer's bytes viewed as `count / stride` values of `T`.
    ///
    /// The buffer must be suitably aligned for `T` (buffers allocated here always are; the IPC reader
    /// checks alignment of borrowed memory and copies misaligned buffers once).
    @inlinable
    public func withUnsafeBufferPointer<T: BitwiseCopyable, R>(
        of type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R
    ) rethrows -> R {
        try withExtendedLifetime(storage) {
            let n = count / MemoryLayout<T>.stride
            return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: n))
        }
    }

    /// Reads the byte at `index`.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "Buffer index out of range")
        return withExtendedLifetime(storage) { base.load(fromByteOffset: index, as: UInt8.self) }
    }

    /// Reads a `T` at byte offset `offset` (unaligned reads allowed).
    @inlinable
    public func load<T: BitwiseCopyable>(fromByteOffset offset: Int, as type: T.Type) -> T {
        precondition(offset >= 0 && offset <= count - MemoryLayout<T>.size, "Buffer read out of range")
        return withExtendedLifetime(storage) { base.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Whether this buffer's start address is a multiple of `alignment`.
    public func isAligned(to alignment: Int) -> Bool {
        Int(bitPattern: base) % alignment == 0
    }

    /// A copy of the bytes as an array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Whether two buffers view the very same memory (same start address and length).
    public func isIdentical(to other: Buffer) -> Bool {
        base == other.base && count == other.count
    }
}

extension Buffer: Equatable {
    /// Byte-wise equality of the two buffers' contents.
    public static func == (lhs: Buffer, rhs: Buffer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.base == rhs.base || lhs.count == 0 { return true }
        // Safety: both regions hold `count` bytes and stay alive for the call.
        return withExtendedLifetime((lhs.storage, rhs.storage)) { memcmp(lhs.base, rhs.base, lhs.count) == 0 }
    }
}
