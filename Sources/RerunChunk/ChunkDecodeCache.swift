public import RerunArrow
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
    /// The most entity paths kept (forgotten all at once when full).
    static let maximumPaths = 1 << 15
    /// Longer entity path strings are parsed every time.
    static let maximumPathBytes = 512

    private var layouts: [Int: ChunkLayout] = [:]
    private var lastLayout: (id: Int, layout: ChunkLayout)?
    private var paths: [ByteKey: EntityPath] = [:]
    private var lastPath: (key: Buffer, path: EntityPath)?

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
    /// `EntityPath(parsingForgiving:)`), from the cache when it was seen before.
    mutating func entityPath(_ bytes: Buffer) -> EntityPath {
        guard bytes.count <= Self.maximumPathBytes else { return Self.parse(bytes) }
        if let lastPath, lastPath.key == bytes { return lastPath.path }
        if let found = paths[ByteKey(bytes)] {
            lastPath = (bytes, found)
            return found
        }
        let path = Self.parse(bytes)
        if paths.count >= Self.maximumPaths { paths.removeAll(keepingCapacity: true) }
        let key = bytes.withUnsafeBytes { Buffer(copying: $0) }  // not keeping the input alive
        paths[ByteKey(key)] = path
        lastPath = (key, path)
        return path
    }

    private static func parse(_ bytes: Buffer) -> EntityPath {
        EntityPath(parsingForgiving: bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
    }
}

/// Bytes compared and hashed by content.
private struct ByteKey: Hashable, Sendable {
    let bytes: Buffer

    init(_ bytes: Buffer) {
        self.bytes = bytes
    }

    static func == (lhs: ByteKey, rhs: ByteKey) -> Bool {
        lhs.bytes == rhs.bytes
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
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
        let idString = idBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let id = try Chunk.chunkID(parsing: idString)
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
            "\(idString) (\(pathBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }))"
        }
    }

    private static let entityPathKeyBytes = Array(ChunkSchema.entityPathKey.utf8)
    private static let chunkIDKeyBytes = Array(ChunkSchema.chunkIDKey.utf8)
    private static let sorbetVersionKeyBytes = Array(ChunkSchema.sorbetVersionKey.utf8)

    private static func equals(_ bytes: Buffer, _ key: [UInt8]) -> Bool {
        bytes.count == key.count && bytes.withUnsafeBytes { raw in key.withUnsafeBytes { raw.elementsEqual($0) } }
    }
}
