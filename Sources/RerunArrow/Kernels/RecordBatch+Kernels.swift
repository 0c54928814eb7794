extension RecordBatch {
    /// One batch holding the rows of `batches` one after another.
    ///
    /// Every batch must have the same fields (names, types, nullability, metadata) as the first;
    /// the result keeps the first batch's schema (including its metadata).
    public static func concatenate(_ batches: [RecordBatch]) throws(ArrowError) -> RecordBatch {
        guard let first = batches.first else {
            throw ArrowError(.invalidData, "cannot concatenate an empty list of record batches (no schema)")
        }
        for (index, batch) in batches.enumerated() where batch.schema.fields != first.schema.fields {
            throw ArrowError(.typeMismatch, "record batch \(index) has fields \(batch.schema.fields), batch 0 has \(first.schema.fields)")
        }
        if batches.count == 1 { return first }
        var columns: [ArrayData] = []
        for (column, field) in first.schema.fields.enumerated() {
            do {
                columns.append(try ArrayData.concatenate(batches.map { $0.columns[column] }))
            } catch {
                throw ArrowError(error.kind, "column '\(field.name)': \(error.message)")
            }
        }
        return try RecordBatch(schema: first.schema, columns: columns, rowCount: batches.reduce(0) { $0 + $1.rowCount })
    }

    /// A new batch whose row `i` is row `indices[i]` of this batch.
    ///
    /// Throws `outOfRange` if an index is outside `0..<rowCount`.
    public func take(_ indices: [Int]) throws(ArrowError) -> RecordBatch {
        for (position, index) in indices.enumerated() where index < 0 || index >= rowCount {
            throw ArrowError(.outOfRange, "take index \(index) at position \(position) is out of range 0..<\(rowCount)")
        }
        var result: [ArrayData] = []
        for column in columns { result.append(try ArrayData.take(column, indices: indices)) }
        return try RecordBatch(schema: schema, columns: result, rowCount: indices.count)
    }

    /// A new batch of the rows where `mask` is `true`.
    ///
    /// Throws `invalidData` unless `mask` has one entry per row.
    public func filter(_ mask: [Bool]) throws(ArrowError) -> RecordBatch {
        guard mask.count == rowCount else {
            throw ArrowError(.invalidData, "filter mask has \(mask.count) entries for \(rowCount) rows")
        }
        var result: [ArrayData] = []
        for column in columns { result.append(try ArrayData.filter(column, mask: mask)) }
        return try RecordBatch(schema: schema, columns: result, rowCount: mask.lazy.filter { $0 }.count)
    }
}
