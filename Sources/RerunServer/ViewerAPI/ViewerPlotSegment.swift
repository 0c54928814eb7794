import RerunArrow
import RerunChunk
import RerunModel
import RerunStore

/// One run of a plotted series, ready for decimation without touching its chunk again: the
/// time and value buffers (one `Int64` and one `Float64` per chunk row), the rows in the run,
/// its first and last time, its block summary, and where its samples sit in the series order.
struct ViewerPlotSegment: Sendable {
    /// The time column's values buffer.
    var times: Buffer
    /// The element index of chunk row 0 in `times`.
    var timesBase: Int
    /// The scalar values buffer.
    var values: Buffer
    /// The element index of chunk row 0 in `values`.
    var valuesBase: Int
    /// The chunk's row count.
    var chunkRows: Int
    /// The chunk rows of this run.
    var rows: Range<Int>
    /// The time of the first and of the last row of the run (runs are sorted).
    var firstTime: Int64
    var lastTime: Int64
    /// Sample order of chunk row 0 (`order0 + row` orders samples across segments).
    var order0: Int
    /// The chunk's block extremes.
    var summary: ViewerPlotSummaries.Summary

    /// The segments of `runs`, or `nil` if a run is not a sorted column of one non-null
    /// `Float64` per row (the general M4 path handles those).
    static func segments(of runs: [StoreRun], summaries: ViewerPlotSummaries) -> [ViewerPlotSegment]? {
        var out: [ViewerPlotSegment] = []
        out.reserveCapacity(runs.count)
        var seen = 0
        for run in runs {
            guard let segment = segment(run, order: seen, summaries: summaries) else { return nil }
            out.append(segment)
            seen += run.rows.count
        }
        return out
    }

    private static func segment(_ run: StoreRun, order: Int, summaries: ViewerPlotSummaries) -> ViewerPlotSegment? {
        guard !run.rows.isEmpty, let timeline = run.timeline, let column = run.chunk.timeColumn(named: timeline), column.isSorted,
              column.data.nullCount == 0, column.data.type.primitiveByteWidth == 8, let timeBuffer = column.data.buffers[1] else { return nil }
        let list = run.chunk.components[run.column].data
        guard case .list = list.type, list.nullCount == 0, let values = list.children.first, values.type == .float64,
              values.nullCount == 0, let offsets = list.buffers[1], let valueBuffer = values.buffers[1] else { return nil }
        let rows = run.chunk.rowCount
        let first = Int(offsets.load(fromByteOffset: list.offset * 4, as: Int32.self))
        let last = Int(offsets.load(fromByteOffset: (list.offset + list.length) * 4, as: Int32.self))
        guard list.length == rows, last - first == rows, first >= 0, (values.offset + last) * 8 <= valueBuffer.count,
              (column.data.offset + rows) * 8 <= timeBuffer.count else { return nil }
        let summary = valueBuffer.withUnsafeBufferPointer(of: Double.self) { all in
            // Safety: the range was checked against the buffer's byte count above.
            summaries.summary(chunk: run.chunk, column: run.column,
                              values: UnsafeBufferPointer(rebasing: all[(values.offset + first)..<(values.offset + last)]))
        }
        return ViewerPlotSegment(
            times: timeBuffer, timesBase: column.data.offset, values: valueBuffer, valuesBase: values.offset + first,
            chunkRows: rows, rows: run.rows, firstTime: column.time(at: run.rows.lowerBound),
            lastTime: column.time(at: run.rows.upperBound - 1), order0: order - run.rows.lowerBound, summary: summary)
    }
}
