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
/// The entry used last is compared first (byte for byte, without hashing), as a stream of chunks
/// of one kind repeats the same fields message after message.
public struct ArrowIPCDecodeCache: Sendable {
    /// The largest fields region remembered (bigger schemas are decoded every time).
    public static let maximumKeyBytes = 16 << 10

    /// One remembered field list: its key bytes, the fields, and an id that no other entry of
    /// this cache has (ids are never reused, also after the cache was emptied).
    struct Entry: Sendable {
        let key: Buffer
        let fields: [Field]
        let id: Int
    }

    private var entries: [FieldsKey: Entry] = [:]
    /// The entry found or inserted last, compared before hashing.
    private var last: Entry?
    private var nextID = 1
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

    /// The number of field lists currently remembered.
    public var count: Int { entries.count }

    /// The cached entry for `region`, if any.
    mutating func lookup(_ region: Buffer) -> Entry? {
        guard region.count <= Self.maximumKeyBytes else { return nil }
        if let last, last.key == region {
            hits += 1
            return last
        }
        if let found = entries[FieldsKey(region)] {
            hits += 1
            last = found
            return found
        }
        misses += 1
        return nil
    }

    /// Remembers `decoded` for `region` (copying the key bytes, so the input is not kept alive)
    /// and returns the new entry, or `nil` when `region` is too large to be remembered.
    mutating func insert(_ decoded: [Field], for region: Buffer) -> Entry? {
        guard region.count <= Self.maximumKeyBytes else { return nil }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        let key = region.withUnsafeBytes { Buffer(copying: $0) }
        let entry = Entry(key: key, fields: decoded, id: nextID)
        nextID += 1
        entries[FieldsKey(key)] = entry
        last = entry
        return entry
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
