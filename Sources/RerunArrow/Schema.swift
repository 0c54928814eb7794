/// The ordered list of fields of a record batch, with schema-level key/value metadata.
public struct Schema: Sendable, Hashable {
    /// The top-level columns, in order.
    public var fields: [Field]
    /// Custom key/value metadata of the whole schema (for example `rerun:entity_path`).
    public var metadata: [String: String]

    /// Creates a schema.
    public init(_ fields: [Field], metadata: [String: String] = [:]) {
        self.fields = fields
        self.metadata = metadata
    }

    /// The index of the first field named `name`, if any.
    public func firstIndex(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}

extension Schema: CustomStringConvertible {
    /// One `name: type` line per field.
    public var description: String {
        fields.map(\.description).joined(separator: "\n")
    }
}
