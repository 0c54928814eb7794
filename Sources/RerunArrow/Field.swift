/// A named, typed column (or child column), with nullability and key/value metadata.
public struct Field: Sendable, Hashable {
    /// The column name.
    public var name: String
    /// The logical type.
    public var type: DataType
    /// Whether the column may hold nulls.
    public var isNullable: Bool
    /// Custom key/value metadata (for example `ARROW:extension:name`, `rerun:component`).
    public var metadata: [String: String]

    /// Creates a field.
    public init(_ name: String, _ type: DataType, nullable: Bool = true, metadata: [String: String] = [:]) {
        self.name = name
        self.type = type
        self.isNullable = nullable
        self.metadata = metadata
    }

    /// The metadata key Arrow uses for extension type names.
    public static let extensionNameKey = "ARROW:extension:name"
    /// The metadata key Arrow uses for serialized extension type parameters.
    public static let extensionMetadataKey = "ARROW:extension:metadata"

    /// The Arrow extension type name stored in the metadata, if any.
    public var extensionName: String? { metadata[Field.extensionNameKey] }

    /// The type followed by `!` when the field is not nullable (as in `float32!`).
    public var typeDescription: String { isNullable ? type.description : "\(type)!" }
}

extension Field: CustomStringConvertible {
    /// `name: type`, with `!` after non-nullable types.
    public var description: String { "\(name): \(typeDescription)" }
}
