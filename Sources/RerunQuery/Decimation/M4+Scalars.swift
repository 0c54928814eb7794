public import RerunArrow
public import RerunStore

extension M4 {
    /// Adds one series of a `List<Float64>` scalar column (`Scalars:scalars`): for each row, the
    /// `series`-th value of the cell at that row's time. Rows whose cell is null or too short
    /// are skipped; `Float32` columns are widened.
    ///
    /// When the rows are sorted by time and every cell holds exactly one `Float64` value, the
    /// samples are read in place (no copy); otherwise they are gathered once for this call.
    ///
    /// - Parameters:
    ///   - times: the index column (`Int64`, `Timestamp(ns)` or `Duration(ns)`), one per row.
    ///   - scalars: the list column, one cell per row.
    ///   - sorted: whether `times` is non-decreasing.
    public mutating func add(times: ArrayData, scalars: ArrayData, series: Int = 0, sorted: Bool) {
        guard times.length == scalars.length, times.type.primitiveByteWidth == 8, times.nullCount == 0,
              case .list(let item) = scalars.type, let values = scalars.children.first else { return }
        let rows = times.length
        guard rows > 0, let timeBuffer = times.buffers[1] else { return }
        let offsets = scalars.buffers[1]
        // In place: one Float64 per cell, no nulls, contiguous.
        if sorted, series == 0, item.type == .float64, scalars.nullCount == 0, values.nullCount == 0,
           let offsets, let valueBuffer = values.buffers[1] {
            let first = Int(offsets.load(fromByteOffset: scalars.offset * 4, as: Int32.self))
            let last = Int(offsets.load(fromByteOffset: (scalars.offset + rows) * 4, as: Int32.self))
            if last - first == rows, first >= 0, (values.offset + last) * 8 <= valueBuffer.count,
               (times.offset + rows) * 8 <= timeBuffer.count {
                timeBuffer.withUnsafeBufferPointer(of: Int64.self) { allTimes in
                    valueBuffer.withUnsafeBufferPointer(of: Double.self) { allValues in
                        // Safety: the ranges were checked against both buffers just above.
                        let t = UnsafeBufferPointer(rebasing: allTimes[times.offset..<(times.offset + rows)])
                        let v = UnsafeBufferPointer(rebasing: allValues[(values.offset + first)..<(values.offset + last)])
                        add(times: t, values: v)
                    }
                }
                return
            }
        }
        // Gathered: the series' value of each row that has one.
        var sampleTimes: [Int64] = []
        var sampleValues: [Double] = []
        sampleTimes.reserveCapacity(rows)
        sampleValues.reserveCapacity(rows)
        guard let offsets else { return }
        for row in 0..<rows where scalars.isValid(row) {
            let start = Int(offsets.load(fromByteOffset: (scalars.offset + row) * 4, as: Int32.self))
            let end = Int(offsets.load(fromByteOffset: (scalars.offset + row + 1) * 4, as: Int32.self))
            let index = start + series
            guard index < end, index < values.length, values.isValid(index) else { continue }
            let value: Double
            switch values.type {
            case .float64: value = values.buffers[1]!.load(fromByteOffset: (values.offset + index) * 8, as: Double.self)
            case .float32: value = Double(values.buffers[1]!.load(fromByteOffset: (values.offset + index) * 4, as: Float.self))
            default: return
            }
            sampleTimes.append(timeBuffer.load(fromByteOffset: (times.offset + row) * 8, as: Int64.self))
            sampleValues.append(value)
        }
        sampleTimes.withUnsafeBufferPointer { t in
            sampleValues.withUnsafeBufferPointer { v in
                if sorted { add(times: t, values: v) } else { add(unsortedTimes: t, values: v) }
            }
        }
    }

    /// Adds the samples of a range lookup's runs (as `ChunkStore.range` returns them; runs may
    /// overlap in time); runs of unsorted chunks go through the unsorted path.
    public mutating func add(runs: [StoreRun], series: Int = 0) {
        for run in runs {
            guard let timeline = run.timeline, let column = run.chunk.timeColumn(named: timeline), let times = run.times else { continue }
            add(times: times, scalars: run.cells, series: series, sorted: column.isSorted)
        }
    }
}
