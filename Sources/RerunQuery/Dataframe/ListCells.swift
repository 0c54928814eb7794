import RerunArrow

/// Small helpers over a component column's `List` cells.
enum ListCells {
    /// Whether every cell is null or an empty list (Rerun's "semantically empty").
    static func isSemanticallyEmpty(_ data: ArrayData) -> Bool {
        if data.nullCount == data.length { return true }
        guard let list = try? ListArray(data) else { return false }
        return list.withUnsafeOffsets { offsets in
            for row in 0..<data.length where offsets[row + 1] != offsets[row] && data.isValid(row) {
                return false
            }
            return true
        }
    }

    /// The child slots of list cell `row` (the data must be a valid `List` array).
    static func valueRange(_ data: ArrayData, row: Int) -> Range<Int> {
        precondition(row >= 0 && row < data.length, "row \(row) out of range 0..<\(data.length)")
        // Safety: a valid list array's offsets buffer holds `offset + length + 1` Int32 values.
        let offsets = data.buffers[1]!
        let base = (data.offset + row) * 4
        let start = Int(offsets.load(fromByteOffset: base, as: Int32.self))
        let end = Int(offsets.load(fromByteOffset: base + 4, as: Int32.self))
        return start..<end
    }

    /// The rows whose cell is not null.
    static func validRows(_ data: ArrayData) -> [Int32] {
        if data.nullCount == 0 { return (0..<Int32(data.length)).map { $0 } }
        var rows: [Int32] = []
        rows.reserveCapacity(data.length - data.nullCount)
        for row in 0..<data.length where data.isValid(row) { rows.append(Int32(row)) }
        return rows
    }

    /// The positions of `true` among the flattened values of `rows` (in that order) of a
    /// `List<bool>` column, or `nil` if the column is not a list of booleans.
    static func trueValuePositions(_ data: ArrayData, rows: [Int32]) -> [Int]? {
        guard let list = try? ListArray(data), let flags = try? BooleanArray(list.values) else { return nil }
        var positions: [Int] = []
        var position = 0
        for row in rows {
            for index in list.valueRange(at: Int(row)) {
                if flags.data.isValid(index) && flags.value(at: index) { positions.append(position) }
                position += 1
            }
        }
        return positions
    }
}
