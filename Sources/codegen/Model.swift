/// The scalar types of the IDL, with FlatBuffers' spellings and their sized aliases.
enum ScalarType: String, Sendable, CaseIterable {
    case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64

    /// Every spelling the IDL accepts.
    static let spellings: [String: ScalarType] = [
        "bool": .bool,
        "byte": .int8, "int8": .int8, "ubyte": .uint8, "uint8": .uint8,
        "short": .int16, "int16": .int16, "ushort": .uint16, "uint16": .uint16,
        "int": .int32, "int32": .int32, "uint": .uint32, "uint32": .uint32,
        "long": .int64, "int64": .int64, "ulong": .uint64, "uint64": .uint64,
        "half": .float16, "float16": .float16, "float": .float32, "float32": .float32,
        "double": .float64, "float64": .float64,
    ]

    /// The Swift type that stores one value (half floats are `UInt16` bit patterns).
    var swiftType: String {
        switch self {
        case .bool: "Swift.Bool"
        case .int8: "Swift.Int8"
        case .uint8: "Swift.UInt8"
        case .int16: "Swift.Int16"
        case .uint16: "Swift.UInt16"
        case .int32: "Swift.Int32"
        case .uint32: "Swift.UInt32"
        case .int64: "Swift.Int64"
        case .uint64: "Swift.UInt64"
        case .float16: "Swift.UInt16"
        case .float32: "Swift.Float"
        case .float64: "Swift.Double"
        }
    }

    /// The `RerunArrow.DataType` case (`.float32`).
    var arrowCase: String { rawValue == "bool" ? "boolean" : rawValue }

    var isInteger: Bool {
        switch self {
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64: true
        default: false
        }
    }

    var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    /// The range of an integer type, for checking enum values.
    var integerRange: ClosedRange<Int>? {
        switch self {
        case .int8: Int(Int8.min)...Int(Int8.max)
        case .uint8: 0...Int(UInt8.max)
        case .int16: Int(Int16.min)...Int(Int16.max)
        case .uint16: 0...Int(UInt16.max)
        case .int32: Int(Int32.min)...Int(Int32.max)
        case .uint32: 0...Int(UInt32.max)
        case .int64: Int.min...Int.max
        case .uint64: 0...Int.max
        default: nil
        }
    }
}

/// Where a type lives: its namespace decides what it may refer to and what code it becomes.
enum TypeCategory: String, Sendable, CaseIterable {
    case datatype, component, archetype

    /// `rerun.datatypes`, `rerun.components`, `rerun.archetypes`.
    var namespace: String { "rerun.\(rawValue)s" }
    /// The folder under `IDL/`.
    var folder: String { "\(rawValue)s" }
    /// The Swift namespace enum (`Datatypes`, `Components`), or nil for archetypes (top level).
    var swiftNamespace: String? {
        switch self {
        case .datatype: "Datatypes"
        case .component: "Components"
        case .archetype: nil
        }
    }
}

/// A resolved type reference.
indirect enum TypeReference: Sendable, Equatable {
    case scalar(ScalarType)
    case string
    case vector(TypeReference)
    case fixedArray(ScalarType, Int)
    /// A declared type, by full name (`rerun.datatypes.Vec3D`).
    case named(String)
}

/// How an archetype field is expected to be logged.
enum Requirement: String, Sendable {
    case required, recommended, optional
}

/// A field of a struct, table or archetype.
struct FieldDefinition: Sendable {
    var name: String
    var swiftName: String
    var type: TypeReference
    /// The Arrow child field is nullable and the Swift property optional.
    var isNullable: Bool
    var docs: [String]
    /// Archetype fields only.
    var requirement: Requirement?
    var location: SourceLocation
}

/// A value of an enum.
struct EnumValueDefinition: Sendable {
    var name: String
    var swiftName: String
    var value: Int
    var isDefault: Bool
    var docs: [String]
}

/// A member of a union (type id = index + 1; 0 is the null marker).
struct UnionMemberDefinition: Sendable {
    var name: String
    var swiftName: String
    var type: TypeReference
    var docs: [String]
}

/// The shape of a declared type.
enum TypeBody: Sendable {
    /// A table or struct; `transparent` types are their single field on the wire.
    case record(fields: [FieldDefinition], transparent: Bool)
    case enumeration(underlying: ScalarType, values: [EnumValueDefinition])
    case union(members: [UnionMemberDefinition])
}

/// One declared type after resolution and validation.
struct TypeDefinition: Sendable {
    /// `rerun.components.Position3D`
    var fullName: String
    /// `Position3D`
    var name: String
    var category: TypeCategory
    var docs: [String]
    var body: TypeBody
    /// The IDL file, relative to the root.
    var file: String
    var location: SourceLocation

    var fields: [FieldDefinition] {
        if case .record(let fields, _) = body { return fields }
        return []
    }

    var isTransparent: Bool {
        if case .record(_, let transparent) = body { return transparent || category == .component }
        return false
    }
}

/// Every type of the IDL, by full name, plus the orders the emitters use.
struct Model: Sendable {
    var types: [String: TypeDefinition]

    /// All types sorted by category (datatypes, components, archetypes) then name.
    var sortedTypes: [TypeDefinition] {
        types.values.sorted { a, b in
            let ai = TypeCategory.allCases.firstIndex(of: a.category)!, bi = TypeCategory.allCases.firstIndex(of: b.category)!
            return ai != bi ? ai < bi : a.name < b.name
        }
    }

    func types(in category: TypeCategory) -> [TypeDefinition] {
        sortedTypes.filter { $0.category == category }
    }

    subscript(fullName: String) -> TypeDefinition {
        guard let type = types[fullName] else { preconditionFailure("unresolved type \(fullName)") }
        return type
    }
}
