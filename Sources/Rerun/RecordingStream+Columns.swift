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
    /// The most bytes of column data (values, list offsets, times and row ids) that one
    /// `sendColumns` chunk holds: 192 MiB. Only larger calls are split.
    ///
    /// The official SDK (0.41 `rr.send_columns`) always sends one chunk per call. We do the same up
    /// to this bound: three quarters of the 256 MiB gRPC message limit of our server
    /// (`GRPCLimits.maxMessageBytes`), leaving room for LZ4's worst-case growth and the message's
    /// metadata, and far below protobuf's 2 GiB, so a gigabyte-sized call still reaches every
    /// sink. A single row larger than the bound stays one (oversized) chunk.
    public static let columnChunkMaxBytes = 192 << 20

    /// Sends many rows in one call, without per-row overhead: one time per row on every index
    /// column, and each component partitioned into rows. No `log_time` is added (as in Rerun).
    ///
    /// Like the official `rr.send_columns`, the rows become ONE chunk (the store splits it on
    /// insert as it sees fit), with row ids that continue the chunk id (`chunk id + 1 + row`).
    /// Only calls with more than `columnChunkMaxBytes` of data are split into consecutive row
    /// ranges of at most that size. The arrays are not copied: the chunk shares their buffers.
    public func sendColumns(_ path: EntityPath, indexes: [IndexColumn], columns: [ComponentColumnBatch]) throws {
        try sendColumns(path, indexes: indexes, columns: columns, maxChunkBytes: Self.columnChunkMaxBytes)
    }

    /// `sendColumns` with another split bound (for tests).
    func sendColumns(_ path: EntityPath, indexes: [IndexColumn], columns: [ComponentColumnBatch], maxChunkBytes: Int) throws {
        let rows = indexes.first?.times.count ?? columns.first?.rowCount ?? 0
        for index in indexes where index.times.count != rows {
            throw RerunError(.invalidArgument, "sendColumns(\(path)): index '\(index.timeline.name)' has \(index.times.count) values, expected \(rows)")
        }
        var offsets: [Buffer] = []
        offsets.reserveCapacity(columns.count)
        for column in columns {
            guard column.rowCount == rows else {
                throw RerunError(.invalidArgument, "sendColumns(\(path)): component '\(column.descriptor.component)' has \(column.rowCount) rows, expected \(rows)")
            }
            offsets.append(try ColumnChunkBuilder.offsets(column, entity: path))
        }
        let times: [TimeColumn]
        do {
            times = try indexes.map { try TimeColumn($0.timeline, times: $0.times) }
        } catch {
            throw RerunError(.invalidArgument, "sendColumns(\(path)): \(error)")
        }
        let builder = ColumnChunkBuilder(entity: path, times: times, columns: columns, offsets: offsets)
        let ranges = builder.rowRanges(maxBytes: maxChunkBytes)
        try sendChunks { try ranges.map { try builder.chunk(rows: $0) } }
    }
}
