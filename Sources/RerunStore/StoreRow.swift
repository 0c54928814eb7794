public import RerunArrow
public import RerunChunk
public import RerunModel

/// One cell found by a component-level lookup: a row of a stored chunk.
///
/// Holds the chunk (shared, not copied); `cell` is a zero-copy one-row slice of its column.
public struct StoreRow: Sendable {
    /// The chunk holding the row.
    public let chunk: Chunk
    /// The row within `chunk`.
    public let row: Int
    /// The index of the component's column in `chunk.components`.
    public let column: Int
    /// The row's time on the queried timeline, or `TimeInt.staticTime` for static data.
    public let time: TimeInt
    /// The row's id.
    public let rowID: RowID

    /// Creates a row reference.
    public init(chunk: Chunk, row: Int, column: Int, time: TimeInt, rowID: RowID) {
        self.chunk = chunk
        self.row = row
        self.column = column
        self.time = time
        self.rowID = rowID
    }

    /// Whether the cell is static data.
    public var isStatic: Bool { time.isStatic }

    /// The cell as a one-row slice of the component's list array (zero-copy).
    public var cell: ArrayData { chunk.components[column].data.slice(row, 1) }
}

/// Consecutive rows of one stored chunk that all hold a cell of the queried component, in
/// (time, row id) order: a piece of a range lookup.
public struct StoreRun: Sendable {
    /// The chunk holding the rows.
    public let chunk: Chunk
    /// The index of the component's column in `chunk.components`.
    public let column: Int
    /// The rows (consecutive in the chunk).
    public let rows: Range<Int>
    /// The queried timeline's name, or `nil` for a static cell.
    public let timeline: String?

    /// Creates a run.
    public init(chunk: Chunk, column: Int, rows: Range<Int>, timeline: String?) {
        self.chunk = chunk
        self.column = column
        self.rows = rows
        self.timeline = timeline
    }

    /// The number of rows.
    public var count: Int { rows.count }

    /// The cells: a zero-copy slice of the component's list array.
    public var cells: ArrayData { chunk.components[column].data.slice(rows.lowerBound, rows.count) }

    /// The row ids: a zero-copy slice.
    public var rowIDs: ArrayData { chunk.rowIDs.slice(rows.lowerBound, rows.count) }

    /// The times on the queried timeline: a zero-copy slice (`nil` for static).
    public var times: ArrayData? {
        guard let timeline, let column = chunk.timeColumn(named: timeline) else { return nil }
        return column.data.slice(rows.lowerBound, rows.count)
    }

    /// The time of row `row` (a row of the chunk, inside `rows`).
    public func time(ofRow row: Int) -> TimeInt {
        guard let timeline, let column = chunk.timeColumn(named: timeline) else { return .staticTime }
        return TimeInt(column.time(at: row)) ?? .staticTime
    }
}
