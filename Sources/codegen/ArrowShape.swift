/// The Arrow type of an IDL type, in a form every emitter can render (Swift `DataType`
/// expressions, JS objects, and the compact text `RerunArrow.DataType.description` prints).
indirect enum ArrowShape: Sendable, Equatable {
    case null
    case primitive(ScalarType)
    case utf8
    case list(ArrowChild)
    case fixedSizeList(ArrowChild, size: Int)
    case `struct`([ArrowChild])
    case denseUnion([ArrowChild], typeIDs: [Int])
}

/// A named child field of a nested Arrow type.
struct ArrowChild: Sendable, Equatable {
    var name: String
    var shape: ArrowShape
    var nullable: Bool
}

extension ArrowShape {
    /// A Swift expression of type `RerunArrow.DataType`.
    var swiftExpression: String {
        switch self {
        case .null: ".null"
        case .primitive(let scalar): ".\(scalar.arrowCase)"
        case .utf8: ".utf8"
        case .list(let child): ".list(\(child.swiftExpression))"
        case .fixedSizeList(let child, let size): ".fixedSizeList(\(child.swiftExpression), size: \(size))"
        case .struct(let children): ".struct([\(children.map(\.swiftExpression).joined(separator: ", "))])"
        case .denseUnion(let children, let ids):
            ".denseUnion([\(children.map(\.swiftExpression).joined(separator: ", "))], typeIDs: [\(ids.map(String.init).joined(separator: ", "))])"
        }
    }

    /// The same text as `RerunArrow.DataType.description`, e.g. `FixedSizeList<float32!, 3>`.
    var text: String {
        switch self {
        case .null: "null"
        case .primitive(let scalar): scalar == .bool ? "bool" : scalar.rawValue
        case .utf8: "utf8"
        case .list(let child): "List<\(child.typeText)>"
        case .fixedSizeList(let child, let size): "FixedSizeList<\(child.typeText), \(size)>"
        case .struct(let children): "Struct{\(children.map { "\($0.name): \($0.typeText)" }.joined(separator: ", "))}"
        case .denseUnion(let children, let ids):
            "DenseUnion{\(zip(ids, children).map { "\($0) \($1.name): \($1.typeText)" }.joined(separator: ", "))}"
        }
    }

    /// A JSON-like value for the JS registry.
    var jsValue: JSValue {
        switch self {
        case .null: .object([("type", .string("null"))])
        case .primitive(let scalar): .object([("type", .string(scalar == .bool ? "bool" : scalar.rawValue))])
        case .utf8: .object([("type", .string("utf8"))])
        case .list(let child): .object([("type", .string("list")), ("item", child.jsValue)])
        case .fixedSizeList(let child, let size):
            .object([("type", .string("fixed_size_list")), ("size", .integer(size)), ("item", child.jsValue)])
        case .struct(let children): .object([("type", .string("struct")), ("fields", .array(children.map(\.jsValue)))])
        case .denseUnion(let children, let ids):
            .object([("type", .string("dense_union")), ("typeIds", .array(ids.map { .integer($0) })),
                     ("fields", .array(children.map(\.jsValue)))])
        }
    }
}

extension ArrowChild {
    var swiftExpression: String {
        "Field(\"\(name)\", \(shape.swiftExpression), nullable: \(nullable))"
    }

    var typeText: String { nullable ? shape.text : "\(shape.text)!" }

    var jsValue: JSValue {
        .object([("name", .string(name)), ("nullable", .bool(nullable)), ("type", shape.jsValue)])
    }
}
