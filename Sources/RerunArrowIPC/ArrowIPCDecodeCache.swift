public import RerunArrow

/// Remembers the fields of recently decoded schema messages, so that a stream of many small IPC
/// streams with the same columns (one per Rerun chunk) decodes each distinct field list once.
///
/// The key is the exact bytes of the schema's `fields` vector and everything after it in the
/// message flatbuffer: writers build flatbuffers back to front, so the fields (names, types,
/// metadata, children) come last, after the schema-level metadata (which differs per chunk).
/// A fields list is cached only when it decodes from those bytes alone (every offset stays inside
/// them); otherwise it is decoded as usual. Decoding is a function of those bytes, so a hit gives
/// exactly what decoding would. Errors are never cached.
///
/// Pass the same cache to successive `ArrowIPC.decodeStream(_:cache:)` calls; it holds at most
/// `capacity` entries (forgetting all of them when full) of at most `maximumKeyBytes` bytes each.
public struct ArrowIPCDecodeCache: Sendable {
    /// The largest fields region remembered (bigger schemas are decoded every time).
    public static let maximumKeyBytes = 16 << 10

    private var fields: [FieldsKey: [Field]] = [:]
    /// The number of entries kept before the cache is emptied.
    public let capacity: Int
    /// Lookups that found an entry (for tests and benchmarks).
    public private(set) var hits = 0
    /// Lookups that decoded the fields.
    public private(set) var misses = 0

    /// Creates an empty cache of at most `capacity` field lists.
    public init(capacity: Int = 512) {
        self.capacity = max(capacity, 1)
    }

    /// The cached fields for `region`, if any.
    mutating func lookup(_ region: Buffer) -> [Field]? {
        guard region.count <= Self.maximumKeyBytes else { return nil }
        if let found = fields[FieldsKey(region)] {
            hits += 1
            return found
        }
        misses += 1
        return nil
    }

    /// Remembers `decoded` for `region` (copying the key bytes, so the input is not kept alive).
    mutating func insert(_ decoded: [Field], for region: Buffer) {
        guard region.count <= Self.maximumKeyBytes else { return }
        if fields.count >= capacity { fields.removeAll(keepingCapacity: true) }
        fields[FieldsKey(region.withUnsafeBytes { Buffer(copying: $0) })] = decoded
    }
}

/// Bytes compared by content (a `Buffer`'s own `==` does that; hashing is added here).
private struct FieldsKey: Hashable, Sendable {
    let bytes: Buffer

    init(_ bytes: Buffer) {
        self.bytes = bytes
    }

    static func == (lhs: FieldsKey, rhs: FieldsKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// Hashes the length and at most 256 bytes from each end (equality compares everything).
    func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { raw in
            if raw.count <= 512 {
                hasher.combine(bytes: raw)
            } else {
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[..<256]))
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: raw[(raw.count - 256)...]))
            }
        }
    }
}
