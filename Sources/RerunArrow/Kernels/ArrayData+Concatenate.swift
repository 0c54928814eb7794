extension ArrayData {
    /// One array holding the slots of `arrays` one after another (copied into new, compact
    /// buffers; offsets and slices of the inputs are handled).
    ///
    /// Throws `typeMismatch` unless every array has the same type, `invalidData` for an empty
    /// list, and `outOfRange` if the result exceeds the 32-bit offset limit. A single array is
    /// returned unchanged. Inputs must be valid (`validate()` untrusted data first).
    public static func concatenate(_ arrays: [ArrayData]) throws(ArrowError) -> ArrayData {
        guard let first = arrays.first else {
            throw ArrowError(.invalidData, "cannot concatenate an empty list of arrays (no type)")
        }
        for (index, array) in arrays.enumerated() where array.type != first.type {
            throw ArrowError(.typeMismatch, "array \(index) has type \(array.type), array 0 has \(first.type)")
        }
        if arrays.count == 1 { return first }
        var runs = RunList(reservingCapacity: arrays.count)
        for (index, array) in arrays.enumerated() {
            runs.append(source: index, start: 0, count: array.length)
        }
        return try Gather.gather(arrays, runs, type: first.type)
    }
}
