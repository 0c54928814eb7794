import RerunArrow
import RerunChunk
import RerunModel

/// Turns the validated columns of one `sendColumns` call into chunks, sharing the caller's value
/// buffers (no copies): list offsets and row ids are the only arrays it allocates.
struct ColumnChunkBuilder {
    let entity: EntityPath
    let times: [TimeColumn]
    let columns: [ComponentColumnBatch]
    /// One list array per column over all rows (the caller's values, new offsets).
    let lists: [ArrayData]

    /// `offsets[i]` holds the `rows + 1` Int32 list offsets of `columns[i]`.
    init(entity: EntityPath, times: [TimeColumn], columns: [ComponentColumnBatch], offsets: [Buffer]) {
        self.entity = entity
        self.times = times
        self.columns = columns
        self.lists = zip(columns, offsets).map { column, offsets in
            ArrayData(type: .list(Field("item", column.values.type)), length: column.rowCount, nullCount: 0,
                      buffers: [nil, offsets], children: [column.values])
        }
    }

    /// The `rows + 1` list offsets of a column: `0, 1, 2, …` without `lengths`, else their
    /// running sums. Throws (naming the entity and component) on a negative length, more than
    /// 2^31 - 1 instances, or lengths that do not add up to the number of values.
    static func offsets(_ column: ComponentColumnBatch, entity: EntityPath) throws -> Buffer {
        func invalid(_ what: String) -> RerunError {
            RerunError(.invalidArgument, "sendColumns(\(entity)): component '\(column.descriptor.component)' \(what)")
        }
        let rows = column.rowCount
        guard let lengths = column.lengths else {
            guard rows <= Int(Int32.max) else { throw invalid("has more than 2^31 - 1 instances") }
            return Buffer(initializingCount: (rows + 1) * 4) { raw in
                // Safety: `raw` holds exactly `rows + 1` Int32s (64-byte aligned, fresh memory).
                let out = raw.bindMemory(to: Int32.self)
                for i in 0...rows { out[i] = Int32(truncatingIfNeeded: i) }
            }
        }
        return try Buffer(initializingCount: (rows + 1) * 4) { raw in
            // Safety: `raw` holds exactly `lengths.count + 1` Int32s (64-byte aligned, fresh memory).
            let out = raw.bindMemory(to: Int32.self)
            out[0] = 0
            var running = 0
            for (i, length) in lengths.enumerated() {
                guard length >= 0 else { throw invalid("has a negative row length at row \(i)") }
                running += length
                guard running <= Int(Int32.max) else { throw invalid("has more than 2^31 - 1 instances") }
                out[i + 1] = Int32(truncatingIfNeeded: running)
            }
            guard running == column.values.length else {
                throw invalid("lengths sum to \(running) but \(column.values.length) values were given")
            }
        }
    }

    /// Consecutive row ranges covering every row, each holding at most about `maxBytes` of data
    /// (one range unless the call is larger; a single larger row is a range of its own).
    func rowRanges(maxBytes: Int) -> [Range<Int>] {
        let rows = lists.first?.length ?? times.first?.count ?? 0
        let fixedPerRow = 16 + 8 * times.count + 4 * columns.count
        // Bytes per instance of each column (an estimate for nested and variable-size types).
        let perInstance = columns.map { Double($0.values.totalBufferBytes) / Double(max($0.values.length, 1)) }
        func bytes(_ range: Range<Int>) -> Double {
            var total = Double(fixedPerRow * range.count)
            for (list, width) in zip(lists, perInstance) {
                total += Double(instance(list, range.upperBound) - instance(list, range.lowerBound)) * width
            }
            return total
        }
        guard rows > 0 else { return [0..<0] }
        guard bytes(0..<rows) > Double(maxBytes) else { return [0..<rows] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start < rows {
            // Grow the range by doubling, then bisect to the largest end that fits.
            var good = start + 1, step = 1
            while good < rows, bytes(start..<min(good + step, rows)) <= Double(maxBytes) {
                good = min(good + step, rows)
                step *= 2
            }
            while step > 1 {
                step /= 2
                if good + step <= rows, bytes(start..<(good + step)) <= Double(maxBytes) { good += step }
            }
            ranges.append(start..<good)
            start = good
        }
        return ranges
    }

    /// The chunk of `rows`: a new chunk id, and row ids `chunk id + 1 + row` as the official SDK makes them.
    func chunk(rows: Range<Int>) throws -> Chunk {
        let (id, rowIDs) = Self.reserveIDs(count: rows.count)
        do {
            let components = try zip(columns, lists).map { column, list in
                try ComponentColumn(descriptor: column.descriptor, data: list.slice(rows.lowerBound, rows.count))
            }
            return try Chunk(id: id, entityPath: entity, rowIDData: rowIDs,
                             timeColumns: times.map { $0.slice(rows.lowerBound, rows.count) }, components: components)
        } catch {
            throw RerunError(.invalidArgument, "sendColumns(\(entity)): \(error)")
        }
    }

    /// The instance offset where `row` starts in `list`.
    private func instance(_ list: ArrayData, _ row: Int) -> Int {
        Int(list.buffers[1]!.load(fromByteOffset: (list.offset + row) * 4, as: Int32.self))
    }

    /// A chunk id and `count` row ids after it, as a `FixedSizeBinary(16)` array.
    ///
    /// The row ids are the chunk id's time with increments `+1 … +count` (what Rerun's
    /// `Chunk::from_auto_row_ids` does), made without a generator call per row. They are unique
    /// and ordered against every other id if nobody else took an id between the chunk id and a
    /// second "fence" id, and the fence's time is later (then every later id has a later time).
    /// That is tried a few times; if other threads keep taking ids meanwhile (or the clock stands
    /// still), each row gets a generator id instead.
    static func reserveIDs(count: Int) -> (ChunkID, ArrayData) {
        var first = TUID.next()
        // Safety: each buffer holds exactly `count` 16-byte ids; every store is within it.
        let reserved = Buffer(initializingCount: count * 16) { raw in
            for _ in 0..<4 {
                let time = first.timeNanos.bigEndian
                for i in 0..<count {
                    raw.storeBytes(of: time, toByteOffset: i * 16, as: UInt64.self)
                    raw.storeBytes(of: (first.increment &+ UInt64(i + 1)).bigEndian, toByteOffset: i * 16 + 8, as: UInt64.self)
                }
                let fence = TUID.next()
                if fence.increment == first.increment &+ 1 && fence.timeNanos > first.timeNanos { return }
                first = TUID.next()
            }
            for i in 0..<count {
                let id = TUID.next()
                raw.storeBytes(of: id.timeNanos.bigEndian, toByteOffset: i * 16, as: UInt64.self)
                raw.storeBytes(of: id.increment.bigEndian, toByteOffset: i * 16 + 8, as: UInt64.self)
            }
        }
        return (first, ArrayData(type: .fixedSizeBinary(byteWidth: 16), length: count, nullCount: 0, buffers: [nil, reserved]))
    }
}
