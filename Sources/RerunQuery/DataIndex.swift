public import RerunModel

/// Where a cell sits in time: its time on the queried timeline (`TimeInt.staticTime` for static
/// data) and its row id.
public struct DataIndex: Sendable, Hashable, CustomStringConvertible {
    /// The time, or `TimeInt.staticTime`.
    public let time: TimeInt
    /// The row id.
    public let rowID: RowID

    /// Creates an index.
    public init(time: TimeInt, rowID: RowID) {
        self.time = time
        self.rowID = rowID
    }

    /// Whether the cell is static.
    public var isStatic: Bool { time.isStatic }

    /// Rerun's order of data indices for clear shadowing: static data comes after all temporal
    /// data; two static indices compare by row id; two temporal ones by (time, row id).
    public func isAfter(_ other: DataIndex) -> Bool {
        switch (isStatic, other.isStatic) {
        case (true, true): return rowID > other.rowID
        case (true, false): return true
        case (false, true): return false
        case (false, false): return time != other.time ? time > other.time : rowID > other.rowID
        }
    }

    public var description: String { "(\(time), \(rowID.hexString))" }
}
