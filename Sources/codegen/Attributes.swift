/// The closed set of IDL attributes. Anything else is an error, reported where it is written.
enum KnownAttribute: String, Sendable, CaseIterable {
    /// On a datatype `struct`/`table` with exactly one field: the type is that field on the wire.
    case transparent = "attr.arrow.transparent"
    /// On archetype fields: how the component is expected to be logged (exactly one of these).
    case componentRequired = "attr.rerun.component_required"
    case componentRecommended = "attr.rerun.component_recommended"
    case componentOptional = "attr.rerun.component_optional"
    /// On datatype `table` fields: the Arrow child is nullable and the Swift property optional.
    case nullable
    /// On fields: the position of the field (Arrow child order, Swift parameter order).
    case order
    /// On enum values: the value the viewer assumes when none is logged.
    case `default`
    /// On fields, enum values and union members: the Swift name, when the automatic camelCase
    /// conversion reads badly.
    case swiftName = "attr.swift.name"

    /// Where an attribute may appear.
    enum Place: String, Sendable {
        case declaration, field, enumValue = "enum value", unionMember = "union member"
    }

    /// What value the attribute takes.
    enum ValueKind: Sendable {
        case none, integer, string
    }

    var places: Set<Place> {
        switch self {
        case .transparent: [.declaration]
        case .componentRequired, .componentRecommended, .componentOptional, .nullable, .order: [.field]
        case .default: [.enumValue]
        case .swiftName: [.field, .enumValue, .unionMember]
        }
    }

    var valueKind: ValueKind {
        switch self {
        case .order: .integer
        case .swiftName: .string
        default: .none
        }
    }

    /// How the attribute is written in an attribute list (quoted when it contains dots).
    var spelling: String { rawValue.contains(".") ? "\"\(rawValue)\"" : rawValue }
}

/// The attributes of one declaration, field, value or member after checking them.
struct CheckedAttributes: Sendable {
    var flags: Set<KnownAttribute> = []
    var order: Int?
    var swiftName: String?
    /// Where each attribute was written (for follow-up errors).
    var locations: [KnownAttribute: SourceLocation] = [:]

    /// Checks `attributes` against the closed set for `place`, appending errors.
    init(_ attributes: [Attribute], place: KnownAttribute.Place, errors: inout [CodegenError]) {
        for attribute in attributes {
            guard let known = KnownAttribute(rawValue: attribute.name) else {
                let list = KnownAttribute.allCases.filter { $0.places.contains(place) }.map(\.spelling).joined(separator: ", ")
                errors.append(CodegenError(
                    "unknown attribute '\(attribute.name)' (allowed on a \(place.rawValue): \(list))", at: attribute.location))
                continue
            }
            guard known.places.contains(place) else {
                let where_ = known.places.map(\.rawValue).sorted().joined(separator: ", ")
                errors.append(CodegenError(
                    "attribute '\(attribute.name)' is not allowed on a \(place.rawValue) (only on: \(where_))", at: attribute.location))
                continue
            }
            if locations[known] != nil {
                errors.append(CodegenError("attribute '\(attribute.name)' is given twice", at: attribute.location))
                continue
            }
            locations[known] = attribute.location
            switch (known.valueKind, attribute.value) {
            case (.none, nil):
                flags.insert(known)
            case (.integer, .integer(let value)?):
                order = value
                flags.insert(known)
            case (.string, .string(let value)?):
                swiftName = value
                flags.insert(known)
            case (.none, _?):
                errors.append(CodegenError("attribute '\(attribute.name)' takes no value", at: attribute.location))
            case (.integer, _):
                errors.append(CodegenError("attribute '\(attribute.name)' needs an integer value, as in '\(attribute.name): 100'", at: attribute.location))
            case (.string, _):
                errors.append(CodegenError("attribute '\(attribute.name)' needs a string value, as in '\"\(attribute.name)\": \"name\"'", at: attribute.location))
            }
        }
    }

    func has(_ attribute: KnownAttribute) -> Bool { flags.contains(attribute) }
}
