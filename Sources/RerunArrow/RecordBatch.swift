/// Equal-length columns with a schema: the unit of Arrow IPC and of a Rerun chunk.
public struct RecordBatch: Sendable {
    /// The schema; one field per column.
    public let schema: Schema
    /// The columns, in schema order.
    public let columns: [ArrayData]
    /// The number of rows (the length of every column).
    public let rowCount: Int

    /// Creates a batch, checking that the columns match the schema's count and types and that
    /// every column has `rowCount` rows.
    public init(schema: Schema, columns: [ArrayData], rowCount: Int? = nil) throws(ArrowError) {
        guard schema.fields.count == columns.count else {
            throw ArrowError(.invalidData, "schema has \(schema.fields.count) fields but \(columns.count) columns were given")
        }
        let rows = rowCount ?? columns.first?.length ?? 0
        for (field, column) in zip(schema.fields, columns) {
            guard column.type == field.type else {
                throw ArrowError(.typeMismatch, "column '\(field.name)' has type \(column.type), schema says \(field.type)")
            }
            guard column.length == rows else {
                throw ArrowError(.invalidData, "column '\(field.name)' has \(column.length) rows, expected \(rows)")
            }
        }
        self.schema = schema
        self.columns = columns
        self.rowCount = rows
    }

    /// The column named `name`, if any.
    public func column(named name: String) -> ArrayData? {
        schema.firstIndex(of: name).map { columns[$0] }
    }

    /// A zero-copy view of `count` rows starting at `start`.
    public func slice(_ start: Int, _ count: Int) -> RecordBatch {
        // Safety of `try!`: slicing keeps types and makes every column `count` long.
        try! RecordBatch(schema: schema, columns: columns.map { $0.slice(start, count) }, rowCount: count)
    }
}
