public import RerunArrow
import RerunChunk
public import RerunModel
import RerunRRD

/// One component's values for many rows at once, for `RecordingStream.sendColumns`.
public struct ComponentColumnBatch: Sendable {
    /// Which component this is.
    public var descriptor: ComponentDescriptor
    /// All instances of all rows, concatenated (a flat array).
    public var values: ArrayData
    /// How many instances each row has (`nil`: one per row).
    public var lengths: [Int]?

    /// Creates a column; `lengths` partitions `values` into rows (one instance per row if `nil`).
    public init(_ descriptor: ComponentDescriptor, values: ArrayData, lengths: [Int]? = nil) {
        self.descriptor = descriptor
        self.values = values
        self.lengths = lengths
    }

    /// The number of rows.
    public var rowCount: Int { lengths?.count ?? values.length }
}

/// One timeline's values for many rows at once, for `RecordingStream.sendColumns`.
public struct IndexColumn: Sendable {
    /// The timeline.
    public var timeline: Timeline
    /// One time per row.
    public var times: [Int64]

    /// A sequence timeline.
    public static func sequence(_ name: String, _ values: [Int64]) -> IndexColumn {
        IndexColumn(timeline: Timeline(name, .sequence), times: values)
    }

    /// A duration timeline, in nanoseconds.
    public static func durationNanos(_ name: String, _ values: [Int64]) -> IndexColumn {
        IndexColumn(timeline: Timeline(name, .duration), times: values)
    }

    /// A timestamp timeline, in nanoseconds since the Unix epoch.
    public static func timestampNanos(_ name: String, _ values: [Int64]) -> IndexColumn {
        IndexColumn(timeline: Timeline(name, .timestamp), times: values)
    }
}

extension RecordingStream {
    /// The most rows and bytes `sendColumns` puts in one chunk (Rerun's chunk limits).
    public static let columnChunkMaxRows = 4096
    /// See `columnChunkMaxRows`.
    public static let columnChunkMaxBytes = 4 * 1024 * 1024

    /// Sends many rows in one call, without per-row overhead: one time per row on every index
    /// column, and each component partitioned into rows. No `log_time` is added (as in Rerun).
    /// The rows are split into chunks of at most 4096 rows or about 4 MiB, never one giant chunk.
    public func sendColumns(_ path: EntityPath, indexes: [IndexColumn], columns: [ComponentColumnBatch]) throws {
        let rows = indexes.first?.times.count ?? columns.first?.rowCount ?? 0
        for index in indexes where index.times.count != rows {
            throw RerunError(.invalidArgument, "sendColumns(\(path)): index '\(index.timeline.name)' has \(index.times.count) values, expected \(rows)")
        }
        var offsets: [[Int32]] = []
        for column in columns {
            guard column.rowCount == rows else {
                throw RerunError(.invalidArgument, "sendColumns(\(path)): component '\(column.descriptor.component)' has \(column.rowCount) rows, expected \(rows)")
            }
            var running = 0
            var o: [Int32] = [0]
            o.reserveCapacity(rows + 1)
            for length in column.lengths ?? Array(repeating: 1, count: rows) {
                guard length >= 0 else {
                    throw RerunError(.invalidArgument, "sendColumns(\(path)): component '\(column.descriptor.component)' has a negative row length")
                }
                running += length
                guard running <= Int(Int32.max) else {
                    throw RerunError(.invalidArgument, "sendColumns(\(path)): component '\(column.descriptor.component)' has more than 2^31 instances")
                }
                o.append(Int32(running))
            }
            guard running == column.values.length else {
                throw RerunError(.invalidArgument, "sendColumns(\(path)): component '\(column.descriptor.component)' lengths sum to \(running) but \(column.values.length) values were given")
            }
            offsets.append(o)
        }
        let bytesPerRow = rows == 0 ? 0 : columns.reduce(0) { $0 + $1.values.totalBufferBytes } / rows
        let rowsPerChunk = max(1, min(Self.columnChunkMaxRows, bytesPerRow == 0 ? Self.columnChunkMaxRows : Self.columnChunkMaxBytes / bytesPerRow))
        var chunks: [Chunk] = []
        var start = 0
        while start < rows {
            let count = min(rowsPerChunk, rows - start)
            let times: [TimeColumn]
            do {
                times = try indexes.map { index in
                    try TimeColumn(index.timeline, times: Array(index.times[start..<start + count]))
                }
            } catch {
                throw RerunError(.invalidArgument, "sendColumns(\(path)): \(error)")
            }
            var components: [ComponentColumn] = []
            for (column, o) in zip(columns, offsets) {
                let first = Int(o[start]), last = Int(o[start + count])
                let values = column.values.slice(first, last - first)
                let local = o[start...(start + count)].map { $0 - Int32(first) }
                let list = try ArrayData.list(values: values, offsets: local, field: Field("item", values.type))
                components.append(try ComponentColumn(descriptor: column.descriptor, data: list))
            }
            chunks.append(try Chunk(id: .next(), entityPath: path, rowIDs: (0..<count).map { _ in .next() },
                                    timeColumns: times, components: components))
            start += count
        }
        try sendChunks(chunks)
    }
}
