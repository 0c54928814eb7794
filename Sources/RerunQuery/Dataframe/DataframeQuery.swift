/// A dataframe query over a `DataframeDataset`, with the semantics of Rerun 0.41's
/// `dataset.reader(index, include_semantically_empty_columns=, include_tombstone_columns=,
/// fill_latest_at=, using_index_values=)` run through `rr.server.Server` (see `Docs/dataframe.md`).
///
/// - Rows: one per distinct value of the index timeline at which some column in view has data
///   (or a `Clear` applies), ascending; with `usingIndexValues`, one per given value instead.
///   Several rows at one index value (other entities, duplicate times) merge into one: per
///   column the cell with the largest row id wins.
/// - Columns: `rerun_segment_id`, every timeline (the other timelines hold the largest time
///   among the cells that make up the row), then the component columns in view.
/// - `index == nil`: static data only, one row per segment.
public struct DataframeQuery: Sendable, Hashable {
    /// The index timeline, or `nil` for static data only.
    public var index: String?
    /// Which entities are in view (`/**` by default; properties only when named).
    public var contents: EntityPathFilter
    /// The columns to return, by name (`frame`, `/world/points:Points3D:positions`,
    /// `rerun_segment_id`), in order; `nil` returns every column. Like DataFrame's `select`,
    /// this also narrows the view to the selected entities, which changes the rows.
    public var selection: [String]?
    /// Only rows whose index value lies in this range (inclusive); `nil` for all.
    public var timeRange: ClosedRange<Int64>?
    /// Resample: one row per value (sorted, no duplicates allowed), whether or not data exists there.
    public var usingIndexValues: [Int64]?
    /// Fill null cells with the latest value at or before the row's index value.
    public var fillLatestAt: Bool
    /// Keep columns whose cells are all null or empty lists.
    public var includeSemanticallyEmptyColumns: Bool
    /// Keep `Clear:is_recursive` columns.
    public var includeTombstoneColumns: Bool
    /// The largest number of rows in one record batch.
    public var batchSize: Int

    /// Creates a query.
    public init(
        index: String?, contents: EntityPathFilter = .everything, selection: [String]? = nil,
        timeRange: ClosedRange<Int64>? = nil, usingIndexValues: [Int64]? = nil, fillLatestAt: Bool = false,
        includeSemanticallyEmptyColumns: Bool = false, includeTombstoneColumns: Bool = false,
        batchSize: Int = 2048
    ) {
        self.index = index
        self.contents = contents
        self.selection = selection
        self.timeRange = timeRange
        self.usingIndexValues = usingIndexValues
        self.fillLatestAt = fillLatestAt
        self.includeSemanticallyEmptyColumns = includeSemanticallyEmptyColumns
        self.includeTombstoneColumns = includeTombstoneColumns
        self.batchSize = batchSize
    }

    /// A time range from bounds that may be open; throws `invertedRange` if `from > to`.
    public static func range(from: Int64?, to: Int64?) throws(DataframeError) -> ClosedRange<Int64>? {
        if from == nil && to == nil { return nil }
        let lower = from ?? (Int64.min + 1)
        let upper = to ?? Int64.max
        guard lower <= upper else {
            throw DataframeError(.invertedRange, "inverted time range: from \(lower) is after to \(upper)")
        }
        return lower...upper
    }
}
