import RerunArrow
import RerunChunk
import RerunModel

/// A row's position in time order on one timeline: time first, then row id.
struct RowKey: Comparable, Sendable {
    var time: Int64
    var rowID: RowID

    static func < (lhs: RowKey, rhs: RowKey) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.rowID < rhs.rowID
    }
}

/// One time column of a stored chunk, with the order in which its rows sort by (time, row id).
///
/// "Positions" `0..<rowCount` enumerate rows in that order; `row(at:)` maps a position to a row.
/// When the chunk's rows already are in that order there is no permutation and positions are rows.
struct ChunkTimeline: Sendable {
    /// The column.
    let column: TimeColumn
    /// The row at each sorted position, or `nil` when the rows are already sorted.
    let order: [Int32]?
    /// The smallest and largest time.
    let range: ClosedRange<Int64>

    /// A timeline whose order and range the caller knows.
    init(column: TimeColumn, order: [Int32]?, range: ClosedRange<Int64>) {
        self.column = column
        self.order = order
        self.range = range
    }

    /// The timeline of `column`; `sorted` tells whether the rows are in (time, row id) order on
    /// it when the caller knows (`nil`: checked here).
    init(column: TimeColumn, chunk: Chunk, sorted: Bool? = nil) {
        self.column = column
        let n = column.count
        if sorted ?? ChunkTimeline.isSorted(column, chunk) {
            order = nil
            range = n > 0 ? column.time(at: 0)...column.time(at: n - 1) : 0...0
        } else {
            var keys = [RowKey]()
            keys.reserveCapacity(n)
            for row in 0..<n { keys.append(RowKey(time: column.time(at: row), rowID: chunk.rowID(at: row))) }
            let sorted = (0..<n).sorted { keys[$0] < keys[$1] }
            order = sorted.map { Int32($0) }
            range = keys[sorted[0]].time...keys[sorted[n - 1]].time
        }
    }

    /// Whether rows are in (time, row id) order on `column`: times non-decreasing (known from
    /// `TimeColumn.isSorted`, checked again in one pass over the values) and row ids increasing
    /// among equal times.
    static func isSorted(_ column: TimeColumn, _ chunk: Chunk) -> Bool {
        let n = column.count
        guard n > 1 else { return true }
        guard column.isSorted else { return false }
        let first = column.data.offset
        guard let values = column.data.buffers.count > 1 ? column.data.buffers[1] : nil,
              (first + n) * 8 <= values.count else { return false }
        guard let ids = chunk.rowIDs.buffers.count > 1 ? chunk.rowIDs.buffers[1] : nil,
              (chunk.rowIDs.offset + n) * 16 <= ids.count else { return false }
        let firstID = chunk.rowIDs.offset
        return values.withUnsafeBytes { raw in
            ids.withUnsafeBytes { idBytes in
                // Safety: the buffers hold at least `first + n` Int64 values and `firstID + n`
                // 16-byte row ids (checked above).
                var previous = raw.loadUnaligned(fromByteOffset: first * 8, as: Int64.self)
                for row in 1..<n {
                    let t = raw.loadUnaligned(fromByteOffset: (first + row) * 8, as: Int64.self)
                    if t < previous { return false }
                    if t == previous && RowIDBytes.load(idBytes, firstID + row) < RowIDBytes.load(idBytes, firstID + row - 1) {
                        return false
                    }
                    previous = t
                }
                return true
            }
        }
    }

    var isSorted: Bool { order == nil }
    var count: Int { column.count }

    @inline(__always)
    func row(at position: Int) -> Int {
        if let order { return Int(order[position]) }
        return position
    }

    @inline(__always)
    func time(at position: Int) -> Int64 { column.time(at: row(at: position)) }

    /// The first position whose time is greater than `t`.
    func upperBound(_ t: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if time(at: mid) <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first position whose time is at least `t`.
    func lowerBound(_ t: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if time(at: mid) < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// A chunk as the store keeps it: the chunk plus what queries need to search it without
/// scanning (per-timeline sort order, column lookup) and what accounting needs.
///
/// Immutable; shared between store snapshots.
final class StoredChunk: Sendable {
    let chunk: Chunk
    /// One per `chunk.timeColumns`, in the same order.
    let timelines: [ChunkTimeline]
    /// The smallest row id (GC drops chunks in this order: oldest insertion first).
    let minRowID: RowID
    /// Logical bytes of the rows (see `Chunk.logicalByteCount`).
    let logicalBytes: Int
    /// Per component: logical bytes of its column.
    let componentBytes: [Int]
    /// Per component: non-null cells.
    let cellCounts: [Int]
    /// The buffers the chunk references, for physical accounting (empty for split pieces,
    /// which are accounted through `group`).
    let bufferKeys: [BufferKey]
    /// For pieces of a split chunk: the original's buffers, shared by all pieces.
    let group: BufferGroup?
    /// For packed chunks (`Chunk.packed`): the bytes of the allocations only this chunk uses
    /// (its `bufferKeys` are then empty).
    let ownedBytes: Int
    /// Bytes of bookkeeping the store spends on this chunk (permutations, index entries, keys).
    let overheadBytes: Int
    /// For chunks packed into store-owned memory: that memory, which a slow entity's tail chunk
    /// grows into (see `TailStorage`).
    let storage: TailStorage?

    var id: ChunkID { chunk.id }

    /// The time column of timeline `name`, with its sort order.
    @inline(__always)
    func timeline(_ name: String) -> ChunkTimeline? {
        for timeline in timelines where timeline.column.timeline.name == name { return timeline }
        return nil
    }

    /// The index in `chunk.components` of component `name`.
    @inline(__always)
    func column(_ name: String) -> Int? {
        chunk.components.firstIndex { $0.descriptor.component == name }
    }
    var isStatic: Bool { chunk.isStatic }

    /// `chunk` as the store keeps it: packed into store-owned memory when its row ids and
    /// components need at most `packMaxBytes` bytes (see `TailStorage`, or `Chunk.packed` for
    /// columns it does not support), else as it is.
    static func make(_ chunk: Chunk, packMaxBytes: Int, sorted: SortedTimelines? = nil) throws(StoreError) -> StoredChunk {
        guard packMaxBytes > 0 else { return StoredChunk(chunk, sorted: sorted) }
        if let packed = TailStorage.pack(chunk, maxBytes: packMaxBytes) {
            return StoredChunk(packed.chunk, ownedBytes: packed.storage.allocatedBytes, storage: packed.storage, sorted: sorted)
        }
        do {
            guard let packed = try chunk.packed(maxBytes: packMaxBytes) else { return StoredChunk(chunk, sorted: sorted) }
            return StoredChunk(packed.chunk, ownedBytes: packed.allocatedBytes, sorted: sorted)
        } catch {
            throw StoreError("cannot copy chunk \(chunk.id.hexString) (\(chunk.entityPath)): \(error)")
        }
    }
    var rowCount: Int { chunk.rowCount }

    /// A stored chunk; `sorted` (if known) tells on which timelines `chunk` is sorted.
    convenience init(_ chunk: Chunk, group: BufferGroup? = nil, ownedBytes: Int = 0, storage: TailStorage? = nil,
                     sorted: SortedTimelines? = nil) {
        self.init(chunk, timelines: chunk.timeColumns.enumerated().map { i, column in
            ChunkTimeline(column: column, chunk: chunk, sorted: sorted?.isSorted(i))
        }, minRowID: chunk.minRowID, group: group, ownedBytes: ownedBytes, storage: storage)
    }

    /// A stored chunk whose timelines (one per `chunk.timeColumns`) and smallest row id the caller
    /// knows, and (if known: a packed chunk of the same layout as one whose value it was) its
    /// `overheadBytes`.
    init(_ chunk: Chunk, timelines: [ChunkTimeline], minRowID: RowID, group: BufferGroup?, ownedBytes: Int, storage: TailStorage?,
         overheadBytes knownOverhead: Int? = nil) {
        self.chunk = chunk
        self.group = group
        self.ownedBytes = ownedBytes
        self.storage = storage
        self.timelines = timelines
        self.minRowID = minRowID
        self.componentBytes = chunk.components.map { $0.data.logicalByteCount }
        self.cellCounts = chunk.components.map { $0.data.length - $0.data.nullCount }
        self.logicalBytes = chunk.rowCount * (16 + 8 * chunk.timeColumns.count) + componentBytes.reduce(0, +)
        self.bufferKeys = group == nil && ownedBytes == 0 ? chunk.bufferKeys : []
        if let knownOverhead {
            self.overheadBytes = knownOverhead
            assert(knownOverhead == StoredChunk.overheadBytes(chunk, timelines: timelines, bufferKeys: bufferKeys))
        } else {
            self.overheadBytes = StoredChunk.overheadBytes(chunk, timelines: timelines, bufferKeys: bufferKeys)
        }
    }

    /// The bookkeeping estimate of a stored chunk (see `StoreOverhead`).
    private static func overheadBytes(_ chunk: Chunk, timelines: [ChunkTimeline], bufferKeys: [BufferKey]) -> Int {
        let permutations = timelines.reduce(0) { $0 + ($1.order?.count ?? 0) * 4 }
        let entries = chunk.timeColumns.count * chunk.components.count * StoreOverhead.indexEntry
        var sharedKeys = 0
        for key in bufferKeys where key.count >= BufferKey.sharedThreshold { sharedKeys += 1 }
        return StoreOverhead.chunk + permutations + entries
            + sharedKeys * StoreOverhead.bufferEntry + bufferKeys.count * StoreOverhead.bufferKey
            + chunk.components.count * StoreOverhead.columnEntry
            + chunk.timeColumns.count * StoreOverhead.timeline
            + chunk.arrayNodeCount * StoreOverhead.arrayNode
    }

    /// Whether `component`'s cell in `row` holds a value (an empty list counts: it means cleared).
    @inline(__always)
    func hasCell(column: Int, row: Int) -> Bool {
        let data = chunk.components[column].data
        if data.nullCount == 0 { return true }
        if data.nullCount == data.length { return false }
        return data.isValid(row)
    }

    /// The smallest and largest time on `timeline` among rows that hold a cell of `column`,
    /// or `nil` if none does.
    func cellTimeRange(column: Int, timeline: ChunkTimeline) -> ClosedRange<Int64>? {
        let data = chunk.components[column].data
        if data.nullCount == 0 { return chunk.rowCount > 0 ? timeline.range : nil }
        if data.nullCount == data.length { return nil }
        var first = 0
        while first < rowCount && !data.isValid(timeline.row(at: first)) { first += 1 }
        guard first < rowCount else { return nil }
        var last = rowCount - 1
        while !data.isValid(timeline.row(at: last)) { last -= 1 }
        return timeline.time(at: first)...timeline.time(at: last)
    }
}

/// Fixed estimates of the store's bookkeeping per item (Swift object headers, arrays, dictionary
/// and tree slots), used for the "index overhead" part of memory accounting. Calibrated against
/// the allocator's bytes in use (`Scripts/bench.sh store-memory`, `Docs/store.md`, "Memory
/// accounting"): on W4l (10 k entities, 10 k chunks of 10 rows, three timelines) the chunk table
/// measured 2.1 KB per chunk beyond its buffers, an entity 1.1 KB beyond its log, a seen id 40 B.
enum StoreOverhead {
    /// The `StoredChunk` object, its arrays, the chunk-table slot and the `Chunk` value's arrays.
    static let chunk = 600
    /// Per `ArrayData` in the chunk (its `buffers` and `children` arrays, the type's boxes).
    static let arrayNode = 160
    /// Per time column (the `ChunkTimeline` and `TimeColumn` values).
    static let timeline = 80
    /// Per (timeline, component) index entry.
    static let indexEntry = 48
    /// Per entry in the table of shared buffers.
    static let bufferEntry = 48
    /// Per buffer key kept for accounting (unpacked chunks).
    static let bufferKey = 16
    /// Per component column.
    static let columnEntry = 64
    /// Per entity: its slot in the entity table, path, statistics, index dictionaries and
    /// compaction queues (its modification log is counted by `ModificationLog.byteCount`).
    static let entity = 1100
    /// Per chunk id in the set of ids seen.
    static let chunkID = 40
}

extension Chunk {
    /// The number of `ArrayData` values in the chunk (row ids, time columns, components with
    /// their children).
    var arrayNodeCount: Int {
        var count = 1 + timeColumns.count
        for i in components.indices { count += components[i].data.nodeCount }
        return count
    }
}
/// On which of a chunk's timelines (by index in `timeColumns`) its rows are in (time, row id)
/// order, checked once per inserted chunk and passed along instead of scanning again.
struct SortedTimelines: Sendable {
    /// Bit `i`: timeline `i` is sorted (timelines from 64 on are checked on demand).
    private let mask: UInt64
    private let chunk: Chunk

    /// A chunk known to be sorted on every timeline.
    init(allOf chunk: Chunk) {
        mask = .max
        self.chunk = chunk
    }

    init(_ chunk: Chunk) {
        var mask: UInt64 = 0
        for (i, column) in chunk.timeColumns.prefix(64).enumerated() where ChunkTimeline.isSorted(column, chunk) {
            mask |= 1 << UInt64(i)
        }
        self.mask = mask
        self.chunk = chunk
    }

    func isSorted(_ i: Int) -> Bool {
        i < 64 ? mask & (1 << UInt64(i)) != 0 : ChunkTimeline.isSorted(chunk.timeColumns[i], chunk)
    }

    /// Sorted on every timeline.
    var all: Bool { chunk.timeColumns.indices.allSatisfy(isSorted) }
    /// Sorted on at least one timeline.
    var any: Bool { chunk.timeColumns.indices.contains(where: isSorted) }
}

/// Row ids as stored in a chunk's `FixedSizeBinary(16)` buffer: big-endian time, then increment,
/// so (time, increment) order is the order of the pairs of loaded values.
enum RowIDBytes {
    @inline(__always)
    static func load(_ bytes: UnsafeRawBufferPointer, _ row: Int) -> (UInt64, UInt64) {
        (UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: row * 16, as: UInt64.self)),
         UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: row * 16 + 8, as: UInt64.self)))
    }
}

extension Chunk {
    /// The smallest row id (a zero id for a chunk without rows).
    var minRowID: RowID {
        guard rowCount > 0 else { return RowID(timeNanos: 0, increment: 0) }
        guard let ids = rowIDs.buffers.count > 1 ? rowIDs.buffers[1] : nil, (rowIDs.offset + rowCount) * 16 <= ids.count else {
            var result = rowID(at: 0)
            for row in 1..<rowCount where rowID(at: row) < result { result = rowID(at: row) }
            return result
        }
        let first = rowIDs.offset
        let smallest = ids.withUnsafeBytes { bytes in
            // Safety: the buffer holds `first + rowCount` row ids (checked above).
            var best = RowIDBytes.load(bytes, first)
            for row in 1..<rowCount {
                let id = RowIDBytes.load(bytes, first + row)
                if id < best { best = id }
            }
            return best
        }
        return RowID(timeNanos: smallest.0, increment: smallest.1)
    }
}
