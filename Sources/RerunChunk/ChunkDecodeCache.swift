#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import RerunArrow
import RerunModel

/// What a decoder of many chunks remembers between them so that chunks of one kind decode
/// without redoing the same work: the `ChunkLayout` of each field list (by the id an
/// `ArrowIPCDecodeCache` gave it) and recent entity paths (by the bytes of their string form).
///
/// Use one cache with one `ArrowIPCDecodeCache` (field ids are only unique within one), from one
/// thread at a time (it is a value: give each worker its own). Results are exactly those of
/// decoding without it; errors are never cached.
package struct ChunkDecodeCache: Sendable {
    /// The most layouts kept (the cache forgets all of them when full).
    static let maximumLayouts = 1024
    /// The most entity paths kept (slots of the direct-mapped table, a power of two).
    static let maximumPathSlots = 1 << 16
    /// Longer entity path strings are parsed every time.
    static let maximumPathBytes = 512

    private var layouts: [Int: ChunkLayout] = [:]
    private var lastLayout: (id: Int, layout: ChunkLayout)?
    /// Entity paths by the hash of their bytes: a direct-mapped table (a slot keeps the path seen
    /// last with its hash), grown when many paths compete for slots.
    private var pathSlots: [PathSlot?] = []
    private var pathEvictions = 0

    /// One remembered entity path and the bytes it was parsed from.
    private struct PathSlot: Sendable {
        let hash: UInt64
        let bytes: [UInt8]
        let path: EntityPath
    }

    /// Creates an empty cache.
    package init() {}

    /// The layout of `fields`, remembered under `id` (the fields' `ArrowIPCDecodeCache` entry id;
    /// `nil` = not cached: built every time).
    mutating func layout(of fields: [Field], id: Int?) throws(ChunkError) -> ChunkLayout {
        guard let id else { return try ChunkLayout(fields: fields) }
        if let lastLayout, lastLayout.id == id { return lastLayout.layout }
        if let found = layouts[id] {
            lastLayout = (id, found)
            return found
        }
        let layout = try ChunkLayout(fields: fields)
        if layouts.count >= Self.maximumLayouts { layouts.removeAll(keepingCapacity: true) }
        layouts[id] = layout
        lastLayout = (id, layout)
        return layout
    }

    /// The entity path whose string form is the UTF-8 `bytes`, parsed leniently (as
    /// `EntityPath(parsingForgiving:)`), from the cache when it was seen before (the bytes are
    /// compared in full, the hash only picks the slot).
    mutating func entityPath(_ bytes: Buffer) -> EntityPath {
        guard bytes.count <= Self.maximumPathBytes else { return Self.parse(bytes) }
        let hash = bytes.withUnsafeBytes { Self.hash($0) }
        if pathSlots.isEmpty { pathSlots = Array(repeating: nil, count: 1024) }
        let slot = Int(truncatingIfNeeded: hash) & (pathSlots.count - 1)
        if let found = pathSlots[slot], found.hash == hash,
           found.bytes.withUnsafeBytes({ a in bytes.withUnsafeBytes { b in Chunk.sameBytes(a, b) } }) {
            return found.path
        }
        let path = Self.parse(bytes)
        if pathSlots[slot] != nil {
            pathEvictions += 1
            if pathEvictions > pathSlots.count / 2 && pathSlots.count < Self.maximumPathSlots { growPathSlots() }
        }
        let entry = PathSlot(hash: hash, bytes: bytes.bytes, path: path)
        pathSlots[Int(truncatingIfNeeded: hash) & (pathSlots.count - 1)] = entry
        return path
    }

    /// Quadruples the path table, keeping what it holds.
    private mutating func growPathSlots() {
        var grown = [PathSlot?](repeating: nil, count: pathSlots.count * 4)
        for case let entry? in pathSlots { grown[Int(truncatingIfNeeded: entry.hash) & (grown.count - 1)] = entry }
        pathSlots = grown
        pathEvictions = 0
    }

    /// FNV-1a over `bytes` (cheap for short strings; only picks a slot).
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return h
    }

    private static func parse(_ bytes: Buffer) -> EntityPath {
        EntityPath(parsingForgiving: bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
    }
}

extension Chunk {
    /// The chunk of a decoded record batch given as parts — its schema's fields, its schema
    /// metadata as UTF-8 bytes (in stored order; the last of repeated keys wins) and one column
    /// per field (of the field's type, all of one length, as a decoded record batch's are) —
    /// with exactly the result and the checks of `Chunk(recordBatch:)`, reusing from `cache`
    /// the layout of fields seen before (`fieldsID` names them, see `ChunkDecodeCache`) and
    /// entity paths parsed before.
    package init(
        fields: [Field], fieldsID: Int?, metadata: [(key: Buffer, value: Buffer)], columns: [ArrayData],
        cache: inout ChunkDecodeCache
    ) throws(ChunkError) {
        var pathBytes: Buffer?
        var idBytes: Buffer?
        var hasOtherKeys = false
        for (key, value) in metadata {
            if Self.equals(key, Self.entityPathKeyBytes) {
                pathBytes = value
            } else if Self.equals(key, Self.chunkIDKeyBytes) {
                idBytes = value
            } else if !Self.equals(key, Self.sorbetVersionKeyBytes) {
                hasOtherKeys = true
            }
        }
        guard let pathBytes else { throw Chunk.missingMetadata(ChunkSchema.entityPathKey) }
        guard let idBytes else { throw Chunk.missingMetadata(ChunkSchema.chunkIDKey) }
        let id: ChunkID
        if let fast = idBytes.withUnsafeBytes(Self.chunkID(hexBytes:)) {
            id = fast
        } else {
            id = try Chunk.chunkID(parsing: idBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        }
        let entityPath = cache.entityPath(pathBytes)
        let layout = try cache.layout(of: fields, id: fieldsID)
        var extra: [String: String] = [:]
        if hasOtherKeys {  // keep the other keys, as `Chunk(recordBatch:)` does
            for (key, value) in metadata {
                extra[key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }] =
                    value.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            }
            for known in [ChunkSchema.entityPathKey, ChunkSchema.chunkIDKey, ChunkSchema.sorbetVersionKey] {
                extra[known] = nil
            }
        }
        self = try layout.chunk(id: id, entityPath: entityPath, columns: columns, extraMetadata: extra) {
            "\(idBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }) (\(pathBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }))"
        }
    }

    private static let entityPathKeyBytes = Array(ChunkSchema.entityPathKey.utf8)
    private static let chunkIDKeyBytes = Array(ChunkSchema.chunkIDKey.utf8)
    private static let sorbetVersionKeyBytes = Array(ChunkSchema.sorbetVersionKey.utf8)

    private static func equals(_ bytes: Buffer, _ key: [UInt8]) -> Bool {
        bytes.count == key.count && bytes.withUnsafeBytes { raw in key.withUnsafeBytes { sameBytes(raw, $0) } }
    }

    /// Whether two byte ranges hold the same bytes.
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0, let p = a.baseAddress, let q = b.baseAddress else { return true }
        // Safety: both regions hold `a.count` bytes.
        return memcmp(p, q, a.count) == 0
    }

    /// The chunk id of a `rerun:id` value in its usual form, `chunk_` and 32 hex digits of any
    /// case, read from the bytes (as `ChunkID(hexString:prefix:)` reads the string); `nil` for
    /// any other form, which `chunkID(parsing:)` then reads or rejects.
    static func chunkID(hexBytes bytes: UnsafeRawBufferPointer) -> ChunkID? {
        let prefix = chunkIDPrefixBytes
        guard bytes.count == prefix.count + 32,
              prefix.withUnsafeBytes({ sameBytes($0, UnsafeRawBufferPointer(rebasing: bytes[..<prefix.count])) }) else {
            return nil
        }
        return ChunkID(hexDigits: UnsafeRawBufferPointer(rebasing: bytes[prefix.count...]))
    }

    private static let chunkIDPrefixBytes = Array("chunk_".utf8)
}
