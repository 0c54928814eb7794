/// The syntax tree of one IDL file, as written (names not yet resolved).
struct IDLFile: Sendable {
    /// The path given to the loader.
    var path: String
    /// `namespace rerun.components;`
    var namespace: String
    var namespaceLocation: SourceLocation
    /// The one type the file declares.
    var declaration: Declaration
}

/// A `name` or `name: value` inside `( … )` after a declaration, field or value.
struct Attribute: Sendable {
    enum Value: Sendable, Equatable {
        case integer(Int)
        case string(String)
        case identifier(String)
    }

    /// The name, e.g. `order`, `nullable`, `attr.arrow.transparent` (quotes removed).
    var name: String
    var value: Value?
    var location: SourceLocation
}

/// A type as written: `float`, `rerun.datatypes.Vec3D`, `[T]`, `[T: N]`.
indirect enum TypeExpression: Sendable {
    case name(String, SourceLocation)
    case vector(TypeExpression, SourceLocation)
    case fixedArray(TypeExpression, count: Int, SourceLocation)

    var location: SourceLocation {
        switch self {
        case .name(_, let l), .vector(_, let l), .fixedArray(_, _, let l): l
        }
    }
}

/// `name: type (attributes);` in a table or struct.
struct FieldDeclaration: Sendable {
    var docs: [String]
    var name: String
    var type: TypeExpression
    var attributes: [Attribute]
    var location: SourceLocation
}

/// `Name = 3 (attributes)` in an enum.
struct EnumValueDeclaration: Sendable {
    var docs: [String]
    var name: String
    var value: Int?
    var attributes: [Attribute]
    var location: SourceLocation
}

/// `Name: type (attributes)` in a union.
struct UnionMemberDeclaration: Sendable {
    var docs: [String]
    var name: String
    var type: TypeExpression
    var attributes: [Attribute]
    var location: SourceLocation
}

/// One `table`, `struct`, `enum` or `union` declaration.
struct Declaration: Sendable {
    enum Kind: Sendable, Equatable {
        case table
        case `struct`
        /// `enum Name: underlying { … }`
        case `enum`(underlying: String)
        case union
    }

    var docs: [String]
    var kind: Kind
    var name: String
    var attributes: [Attribute]
    var fields: [FieldDeclaration] = []
    var values: [EnumValueDeclaration] = []
    var members: [UnionMemberDeclaration] = []
    var location: SourceLocation
}
