extension ArrayData {
    /// A new array whose slot `i` is slot `indices[i]` of `data` (indices may repeat and come in
    /// any order). Consecutive indices are copied as runs.
    ///
    /// Throws `outOfRange` (naming the position) if an index is outside `0..<data.length`.
    public static func take(_ data: ArrayData, indices: [Int]) throws(ArrowError) -> ArrayData {
        var runs = RunList(reservingCapacity: Swift.min(indices.count, 1024))
        for (position, index) in indices.enumerated() {
            guard index >= 0 && index < data.length else {
                throw ArrowError(.outOfRange, "take index \(index) at position \(position) is out of range 0..<\(data.length)")
            }
            runs.append(source: 0, start: index, count: 1)
        }
        return try Gather.gather([data], runs, type: data.type)
    }

    /// A new array of the slots at `indices` (see `ArrayData.take(_:indices:)`).
    public func take(_ indices: [Int]) throws(ArrowError) -> ArrayData {
        try ArrayData.take(self, indices: indices)
    }
}
