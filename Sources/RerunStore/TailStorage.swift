import RerunArrow
import RerunChunk
import RerunModel
import Synchronization

/// One allocation the store owns for the buffers of one small chunk (see `TailStorage`).
// Safety (Sendable): the bytes are written only (a) while a `TailStorage` is being made, before any
// `Buffer` views them, or (b) past the end of every region a `Buffer` views, by the one caller that
// won `claims` for that state (`TailStorage.appending`). Bytes a chunk's buffers view never change.
final class TailArena: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    /// The size of the allocation.
    let byteCount: Int
    /// How many appends in place were made (see `TailStorage.token`).
    let claims = Atomic<Int>(0)

    init(byteCount: Int) {
        self.byteCount = max(byteCount, 8)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: self.byteCount, alignment: TailStorage.alignment)
    }

    deinit { pointer.deallocate() }
}

/// The buffers of a small stored chunk copied into one store-owned allocation (a `TailArena`), one
/// region per buffer, with room to append rows in place.
///
/// A decoded chunk's buffers view its whole decompressed IPC message (for a one-row chunk 30–60
/// times its data), and each array a kernel builds is its own 64-byte padded allocation; packing
/// drops both. A slow entity's tail chunk (`ChunkStore.appendToSlowTail`) grows by appending the new
/// rows after the regions' used bytes: the rows already there are not copied again, and the
/// previous tail chunk (still viewing the shorter regions) stays valid for snapshots. When a region
/// is full, everything moves to a new arena with room for about twice the rows.
///
/// Supported columns: no nulls anywhere (validity bitmaps are dropped, as concatenation does), of
/// fixed-width primitive, fixed-size binary, utf8/binary, list, fixed-size list and struct types.
/// Other chunks are packed or merged the general way.
struct TailStorage: Sendable {
    /// Alignment of every region (enough for the 8-byte values the store reads).
    static let alignment = 8

    struct Region: Sendable {
        /// Byte offset in the arena.
        var start: Int
        var capacity: Int
        /// Bytes written (the buffer views this many).
        var used: Int
    }

    let arena: TailArena
    /// A buffer over the whole arena; the chunk's buffers are slices of it that never extend
    /// past a region's used bytes.
    let root: Buffer
    /// `arena.claims` when this state was made. Appending in place moves the claims from `token`
    /// to `token + 1`; any other holder of the same state (a copy of the store) then fails to claim
    /// and copies instead, so two stores never write the same bytes.
    let token: Int
    let regions: [Region]

    /// The bytes the store accounts for this storage (the allocation).
    var allocatedBytes: Int { arena.byteCount }

    /// The bytes the chunk's buffers use.
    var usedBytes: Int { regions.reduce(0) { $0 + $1.used } }

    private init(arena: TailArena, root: Buffer? = nil, token: Int, regions: [Region]) {
        self.arena = arena
        // Safety: see `TailArena`; this buffer itself is never read, only sliced to used bytes.
        self.root = root ?? Buffer(borrowing: arena.pointer, count: arena.byteCount, owner: arena)
        self.token = token
        self.regions = regions
    }

    /// The bytes of `chunk`'s buffers packed into one allocation of exactly that size, with the
    /// chunk rebuilt on them, or `nil` when the chunk's columns are not supported (see the type) or
    /// the row ids and components need more than `maxBytes` (larger chunks are stored as they are).
    static func pack(_ chunk: Chunk, maxBytes: Int) -> (storage: TailStorage, chunk: Chunk)? {
        concatenate([chunk], id: chunk.id, maxBytes: maxBytes, sortedTimes: nil)
    }

    /// The rows of `chunks` (same entity and columns, in this order) packed into one allocation
    /// of exactly their size, as one chunk with id `id` whose time columns are declared sorted
    /// when `sortedTimes` is true (`nil`: as the first chunk's columns say; only for one chunk);
    /// `nil` under the same conditions as `pack`.
    static func concatenate(_ chunks: [Chunk], id: ChunkID, maxBytes: Int, sortedTimes: Bool?) -> (storage: TailStorage, chunk: Chunk)? {
        // What the buffers view bounds what they hold: most chunks too large to pack are
        // recognised without walking their columns.
        var viewed = 0
        for chunk in chunks {
            viewed += chunk.rowIDs.viewedBytes
            for column in chunk.components { viewed += column.data.viewedBytes }
            if viewed > maxBytes { return nil }
        }
        guard let first = chunks.first, var sizes = RegionWalker.measure(first, used: []) else { return nil }
        if chunks.count > 1 {
            // Regions that already hold data: list offsets need no leading 0.
            let started = [Region](repeating: Region(start: 0, capacity: 0, used: 1), count: sizes.count)
            for chunk in chunks.dropFirst() {
                guard let more = RegionWalker.measure(chunk, used: started), more.count == sizes.count else { return nil }
                for i in sizes.indices { sizes[i] += more[i] }
            }
        }
        var dataBytes = 0
        for (i, size) in sizes.enumerated() where i == 0 || i > first.timeColumns.count { dataBytes += size }
        guard dataBytes <= maxBytes else { return nil }
        for i in sizes.indices { sizes[i] = aligned(sizes[i]) }
        let empty = allocate(capacities: sizes, copying: nil)
        var walker = RegionWalker(regions: empty.regions, base: empty.arena.pointer)
        for chunk in chunks { _ = walker.visit(chunk) }
        let storage = TailStorage(arena: empty.arena, root: empty.root, token: 0, regions: walker.regions)
        return (storage, storage.chunk(like: first, id: id, sortedTimes: sortedTimes))
    }

    /// `tail` (the chunk this storage holds) followed by the rows of `chunk`, as a chunk with id
    /// `id`; or `nil` when `chunk`'s columns do not fit this layout (another type, nulls). Appends
    /// in place when the regions have room and no other holder appended first; otherwise copies
    /// everything into a new arena with room for about twice the rows, but not more than
    /// `maxRows` rows. Every time column of the result is declared sorted: callers append only
    /// rows that keep each timeline in (time, row id) order.
    func appending(_ chunk: Chunk, to tail: Chunk, id: ChunkID, maxRows: Int) -> (storage: TailStorage, chunk: Chunk)? {
        if arena.claims.compareExchange(expected: token, desired: token + 1, ordering: .relaxed).exchanged {
            var walker = RegionWalker(regions: regions, base: arena.pointer)
            if walker.visit(chunk) && walker.index == regions.count {
                let next = TailStorage(arena: arena, root: root, token: token + 1, regions: walker.regions)
                return (next, next.chunk(like: tail, id: id, sortedTimes: true))
            }
            // No room (or not this layout): what was written past the used bytes is seen by no
            // chunk, and this state's claim is spent, so its holders copy from now on.
        }
        guard let sizes = RegionWalker.measure(chunk, used: regions) else { return nil }
        let rows = tail.rowCount + chunk.rowCount
        let targetRows = max(rows, min(max(2 * rows, 4), maxRows))
        var capacities: [Int] = []
        capacities.reserveCapacity(regions.count)
        for i in regions.indices {
            let needed = regions[i].used + sizes[i]
            capacities.append(TailStorage.aligned(needed * targetRows / rows + (needed * targetRows % rows > 0 ? 1 : 0)))
        }
        let moved = TailStorage.allocate(capacities: capacities, copying: self)
        return moved.write(chunk, template: tail, id: id, sortedTimes: true)
    }

    /// A new arena with regions of `capacities`, holding the used bytes of `source`'s regions.
    private static func allocate(capacities: [Int], copying source: TailStorage?) -> TailStorage {
        var regions: [Region] = []
        regions.reserveCapacity(capacities.count)
        var total = 0
        for capacity in capacities {
            regions.append(Region(start: total, capacity: capacity, used: 0))
            total += capacity
        }
        let arena = TailArena(byteCount: total)
        if let source {
            for i in regions.indices {
                let used = source.regions[i].used
                regions[i].used = used
                // Safety: `used <= capacity` of both regions; the arenas are distinct allocations.
                (arena.pointer + regions[i].start).copyMemory(from: source.arena.pointer + source.regions[i].start, byteCount: used)
            }
        }
        return TailStorage(arena: arena, token: 0, regions: regions)
    }

    /// Writes `chunk`'s rows after the used bytes (the regions have room: measured by the caller)
    /// and returns the storage and the chunk its used bytes hold, shaped like `template`.
    private func write(_ chunk: Chunk, template: Chunk, id: ChunkID, sortedTimes: Bool?) -> (storage: TailStorage, chunk: Chunk) {
        var walker = RegionWalker(regions: regions, base: arena.pointer)
        _ = walker.visit(chunk)
        let storage = TailStorage(arena: arena, root: root, token: token, regions: walker.regions)
        return (storage, storage.chunk(like: template, id: id, sortedTimes: sortedTimes))
    }

    /// The chunk the used bytes hold, with `template`'s entity, columns and types.
    private func chunk(like template: Chunk, id: ChunkID, sortedTimes: Bool?) -> Chunk {
        var index = 0
        let rowIDs = array(template.rowIDs.type, length: regions[0].used / 16, index: &index)
        let rows = rowIDs.length
        var times: [TimeColumn] = []
        times.reserveCapacity(template.timeColumns.count)
        for column in template.timeColumns {
            let data = array(column.data.type, length: rows, index: &index)
            times.append(TimeColumn(uncheckedTimeline: column.timeline, data: data, isSorted: sortedTimes ?? column.isSorted))
        }
        var components: [ComponentColumn] = []
        components.reserveCapacity(template.components.count)
        for column in template.components {
            components.append(ComponentColumn(descriptor: column.descriptor,
                                              uncheckedListData: array(column.data.type, length: rows, index: &index)))
        }
        return Chunk(uncheckedID: id, entityPath: template.entityPath, rowIDs: rowIDs, timeColumns: times,
                     components: components, extraMetadata: template.extraMetadata)
    }

    private func view(_ region: Region) -> Buffer {
        region.used > 0 ? root.slice(offset: region.start, count: region.used) : Buffer.empty
    }

    /// The array of `type` and `length` whose buffers are the regions from `index` on (in the
    /// order `RegionWalker` fills them).
    private func array(_ type: DataType, length: Int, index: inout Int) -> ArrayData {
        switch type {
        case .utf8, .binary:
            let offsets = regions[index], bytes = regions[index + 1]
            index += 2
            return ArrayData(type: type, length: length, nullCount: 0, buffers: [nil, view(offsets), view(bytes)])
        case .list(let field):
            let offsets = regions[index]
            index += 1
            // Safety: the region's last 4 used bytes are its last offset, inside the arena.
            let childLength = offsets.used >= 4
                ? Int(arena.pointer.loadUnaligned(fromByteOffset: offsets.start + offsets.used - 4, as: Int32.self)) : 0
            let child = array(field.type, length: childLength, index: &index)
            return ArrayData(type: type, length: length, nullCount: 0, buffers: [nil, view(offsets)], children: [child])
        case .fixedSizeList(let field, let size):
            let child = array(field.type, length: length * size, index: &index)
            return ArrayData(type: type, length: length, nullCount: 0, buffers: TailStorage.noBuffers, children: [child])
        case .struct(let fields):
            var children: [ArrayData] = []
            children.reserveCapacity(fields.count)
            for field in fields { children.append(array(field.type, length: length, index: &index)) }
            return ArrayData(type: type, length: length, nullCount: 0, buffers: TailStorage.noBuffers, children: children)
        default:
            // Fixed width (the only other kind `RegionWalker` accepts).
            let values = regions[index]
            index += 1
            return ArrayData(type: type, length: length, nullCount: 0, buffers: [nil, view(values)])
        }
    }

    /// The buffers of a fixed-size list or struct without nulls (one shared array).
    private static let noBuffers: [Buffer?] = [nil]

    static func aligned(_ count: Int) -> Int {
        (count + alignment - 1) & ~(alignment - 1)
    }
}

extension Chunk {
    /// The bytes all buffers view (row ids, times, components), an upper bound of
    /// `logicalByteCount` (validity bits aside, which are counted at most once per slot here too).
    /// Elements are read in place by index (no copy of each column, so no reference counting).
    var viewedBytes: Int {
        var total = rowIDs.viewedBytes
        for i in timeColumns.indices { total += timeColumns[i].data.viewedBytes }
        for i in components.indices { total += components[i].data.viewedBytes }
        return total
    }
}

extension ArrayData {
    /// The bytes the buffers of this array and its children view (not only the slots in use).
    var viewedBytes: Int {
        var total = 0
        for i in buffers.indices { total += buffers[i]?.count ?? 0 }
        for i in children.indices { total += children[i].viewedBytes }
        return total
    }
}

/// Walks a chunk's arrays in a fixed order (row ids, time columns, components; each array before
/// its children) and either measures the bytes each region needs for its rows (`base == nil`) or
/// appends them after each region's used bytes, rebasing list offsets.
private struct RegionWalker {
    var regions: [TailStorage.Region]
    /// Where to write (each region must have room, else the walk stops), or `nil` to measure
    /// into `sizes`.
    let base: UnsafeMutableRawPointer?
    var sizes: [Int] = []
    var index = 0

    init(regions: [TailStorage.Region], base: UnsafeMutableRawPointer?) {
        self.regions = regions
        self.base = base
    }

    /// The bytes each region needs to append all of `chunk`'s rows after `used` (empty: a new
    /// storage), or `nil` if a column is not supported.
    static func measure(_ chunk: Chunk, used: [TailStorage.Region]) -> [Int]? {
        var walker = RegionWalker(regions: used, base: nil)
        walker.sizes.reserveCapacity(max(used.count, 4))
        return walker.visit(chunk) ? walker.sizes : nil
    }

    /// Whether the current region can take `bytes` more (writing), after recording them
    /// (measuring).
    private mutating func room(_ bytes: Int) -> Bool {
        guard base != nil else {
            sizes.append(bytes)
            return true
        }
        return index < regions.count && regions[index].used + bytes <= regions[index].capacity
    }

    /// Measures or appends all rows of `chunk`; `false` if a column is not supported (or, when
    /// writing, a region has no room: the walk stops there).
    mutating func visit(_ chunk: Chunk) -> Bool {
        index = 0
        let rows = chunk.rowCount
        guard visit(chunk.rowIDs, start: 0, count: rows) else { return false }
        for column in chunk.timeColumns {
            guard visit(column.data, start: 0, count: rows) else { return false }
        }
        for column in chunk.components {
            guard visit(column.data, start: 0, count: rows) else { return false }
        }
        return true
    }

    private var usedHere: Int { index < regions.count ? regions[index].used : 0 }

    /// Measures or copies `bytes` bytes of `source` from byte `from` into the current region.
    private mutating func copy(_ source: Buffer, from: Int, bytes: Int) -> Bool {
        guard room(bytes) else { return false }
        if let base {
            let region = regions[index]
            if bytes > 0 {
                source.withUnsafeBytes { raw in
                    // Safety: the caller checked `from + bytes <= source.count`, and `measure` made
                    // room for `bytes` after `used` in this region.
                    (base + region.start + region.used).copyMemory(from: raw.baseAddress! + from, byteCount: bytes)
                }
            }
            regions[index].used += bytes
        }
        index += 1
        return true
    }

    /// Measures or appends the int32 offsets of slots `first ..< first + count`, rebased to follow
    /// the region's last offset; returns the referenced range of the child (or values), or `nil`
    /// if the offsets buffer is too short or decreasing. (Rebased offsets cannot overflow: the
    /// store appends only to chunks within `ChunkStoreConfig.maxBytes`.)
    private mutating func offsets(_ data: ArrayData, first: Int, count: Int) -> Range<Int>? {
        guard data.buffers.count > 1, let source = data.buffers[1], (first + count + 1) * 4 <= source.count else { return nil }
        let lo = Int(source.load(fromByteOffset: first * 4, as: Int32.self))
        let hi = Int(source.load(fromByteOffset: (first + count) * 4, as: Int32.self))
        guard lo >= 0, lo <= hi else { return nil }
        let used = usedHere
        guard room(count * 4 + (used == 0 ? 4 : 0)) else { return nil }
        if let base {
            // Safety: `measure` made room for `count` offsets (plus the leading 0 of an empty region).
            var destination = base + regions[index].start + used
            var rebase = -lo
            if used == 0 {
                destination.storeBytes(of: 0, as: Int32.self)
                destination += 4
            } else {
                rebase += Int(destination.loadUnaligned(fromByteOffset: -4, as: Int32.self))
            }
            source.withUnsafeBytes { raw in
                for i in 0..<count {
                    let value = Int(raw.loadUnaligned(fromByteOffset: (first + 1 + i) * 4, as: Int32.self)) + rebase
                    destination.storeBytes(of: Int32(truncatingIfNeeded: value), toByteOffset: i * 4, as: Int32.self)
                }
            }
            regions[index].used += count * 4 + (used == 0 ? 4 : 0)
        }
        index += 1
        return lo..<hi
    }

    /// Measures or appends slots `start ..< start + count` of `data` (relative to its offset).
    mutating func visit(_ data: ArrayData, start: Int, count: Int) -> Bool {
        guard data.nullCount == 0, start >= 0, count >= 0, start + count <= data.length else { return false }
        let first = data.offset + start
        switch data.type {
        case .utf8, .binary:
            guard data.buffers.count > 2, let values = data.buffers[2],
                  let range = offsets(data, first: first, count: count), range.upperBound <= values.count else { return false }
            return copy(values, from: range.lowerBound, bytes: range.count)
        case .list:
            guard let child = data.children.first, let range = offsets(data, first: first, count: count) else { return false }
            return visit(child, start: range.lowerBound, count: range.count)
        case .fixedSizeList(_, let size):
            guard let child = data.children.first else { return false }
            return visit(child, start: first * size, count: count * size)
        case .struct(let fields):
            guard data.children.count == fields.count else { return false }
            for child in data.children where !visit(child, start: first, count: count) { return false }
            return true
        case .fixedSizeBinary(let width):
            return fixed(data, width: width, first: first, count: count)
        default:
            guard let width = data.type.primitiveByteWidth else { return false }
            return fixed(data, width: width, first: first, count: count)
        }
    }

    private mutating func fixed(_ data: ArrayData, width: Int, first: Int, count: Int) -> Bool {
        guard data.buffers.count > 1, let values = data.buffers[1], (first + count) * width <= values.count else { return false }
        return copy(values, from: first * width, bytes: count * width)
    }
}
