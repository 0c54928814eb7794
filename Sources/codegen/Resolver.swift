/// Turns parsed files into a validated `Model`: resolves type names, checks the attributes and
/// the rules of each namespace, and reports every problem with its location.
///
/// Rules:
/// - `IDL/<folder>/<Name>.fbs` declares exactly the type `<Name>` in namespace `rerun.<folder>`
///   (`datatypes`, `components`, `archetypes`).
/// - Datatypes may use scalars, `string`, vectors, fixed-size arrays of numeric scalars, and
///   other datatypes. A transparent datatype has exactly one field.
/// - A component is an enum, or a struct/table with exactly one field whose type is a datatype or
///   a scalar/string/vector/array (components are always transparent).
/// - An archetype is a table whose fields are vectors of components, each with exactly one of
///   the `attr.rerun.component_*` attributes.
/// - Every declaration, field, enum value and union member has a `///` doc comment.
/// - Enums are integer-backed with unique values that fit the underlying type.
/// - No type contains itself except through a vector.
struct Resolver {
    private var errors: [CodegenError] = []
    private var declarations: [String: (IDLFile, TypeCategory)] = [:]

    /// Resolves `files` (paths relative to the root, e.g. `IDL/components/Color.fbs`).
    static func resolve(_ files: [IDLFile]) throws(CodegenErrors) -> Model {
        var resolver = Resolver()
        return try resolver.run(files)
    }

    private mutating func run(_ files: [IDLFile]) throws(CodegenErrors) -> Model {
        for file in files.sorted(by: { $0.path < $1.path }) {
            let declaration = file.declaration
            guard let category = TypeCategory.allCases.first(where: { $0.namespace == file.namespace }) else {
                let known = TypeCategory.allCases.map(\.namespace).joined(separator: ", ")
                errors.append(CodegenError("unknown namespace '\(file.namespace)' (expected one of \(known))", at: file.namespaceLocation))
                continue
            }
            let components = file.path.split(separator: "/").map(String.init)
            let folder = components.count >= 2 ? components[components.count - 2] : ""
            let stem = components.last.map { $0.hasSuffix(".fbs") ? String($0.dropLast(4)) : $0 } ?? ""
            if folder != category.folder {
                errors.append(CodegenError(
                    "namespace '\(file.namespace)' belongs in IDL/\(category.folder)/, not in '\(folder)/'", at: file.namespaceLocation))
            }
            if stem != declaration.name {
                errors.append(CodegenError(
                    "the file \(components.last ?? file.path) must be named after its type '\(declaration.name)' (\(declaration.name).fbs)",
                    at: declaration.location))
            }
            let fullName = "\(file.namespace).\(declaration.name)"
            if let (existing, _) = declarations[fullName] {
                errors.append(CodegenError("'\(fullName)' is already declared in \(existing.path)", at: declaration.location))
                continue
            }
            declarations[fullName] = (file, category)
        }

        var types: [String: TypeDefinition] = [:]
        for fullName in declarations.keys.sorted() {
            let (file, category) = declarations[fullName]!
            if let definition = define(file, category: category, fullName: fullName) {
                types[fullName] = definition
            }
        }
        if errors.isEmpty { checkCycles(types) }
        if errors.isEmpty { checkSwiftNames(types) }
        guard errors.isEmpty else { throw CodegenErrors(errors: errors) }
        return Model(types: types)
    }

    // MARK: - Declarations

    private mutating func define(_ file: IDLFile, category: TypeCategory, fullName: String) -> TypeDefinition? {
        let declaration = file.declaration
        let attributes = CheckedAttributes(declaration.attributes, place: .declaration, errors: &errors)
        requireDocs(declaration.docs, "type '\(declaration.name)'", at: declaration.location)
        let errorCount = errors.count
        let body: TypeBody
        switch declaration.kind {
        case .table, .struct:
            let fields = defineFields(declaration, category: category, namespace: file.namespace)
            let transparent = attributes.has(.transparent)
            if transparent, category != .datatype {
                errors.append(CodegenError(
                    "'attr.arrow.transparent' is only for datatypes (components are always transparent)",
                    at: attributes.locations[.transparent]))
            }
            // Counts use the declared fields: a field whose type failed to resolve is already reported.
            if (transparent || category == .component), declaration.fields.count != 1 {
                let what = category == .component ? "a component" : "a transparent datatype"
                errors.append(CodegenError(
                    "\(what) must have exactly one field, '\(declaration.name)' has \(declaration.fields.count)", at: declaration.location))
            }
            if category == .archetype, declaration.kind != .table {
                errors.append(CodegenError("an archetype must be a 'table'", at: declaration.location))
            }
            if category == .datatype, !transparent, declaration.fields.isEmpty {
                errors.append(CodegenError("'\(declaration.name)' has no fields", at: declaration.location))
            }
            body = .record(fields: fields, transparent: transparent)
        case .enum(let underlyingName):
            if category == .archetype {
                errors.append(CodegenError("an archetype must be a 'table', not an enum", at: declaration.location))
            }
            guard let underlying = ScalarType.spellings[underlyingName], underlying.isInteger else {
                errors.append(CodegenError("an enum's underlying type must be an integer type such as 'ubyte', not '\(underlyingName)'", at: declaration.location))
                return nil
            }
            body = .enumeration(underlying: underlying, values: defineValues(declaration, underlying: underlying))
        case .union:
            if category != .datatype {
                errors.append(CodegenError("unions are only allowed among datatypes", at: declaration.location))
            }
            body = .union(members: defineMembers(declaration, namespace: file.namespace))
        }
        guard errors.count == errorCount else { return nil }
        return TypeDefinition(fullName: fullName, name: declaration.name, category: category, docs: declaration.docs,
                              body: body, file: file.path, location: declaration.location)
    }

    private mutating func defineFields(_ declaration: Declaration, category: TypeCategory, namespace: String) -> [FieldDefinition] {
        var fields: [(FieldDefinition, Int?)] = []
        var seen: [String: SourceLocation] = [:]
        for field in declaration.fields {
            let attributes = CheckedAttributes(field.attributes, place: .field, errors: &errors)
            requireDocs(field.docs, "field '\(field.name)'", at: field.location)
            if let previous = seen[field.name] {
                errors.append(CodegenError("field '\(field.name)' is declared twice (first at line \(previous.line))", at: field.location))
            }
            seen[field.name] = field.location
            guard let type = resolveType(field.type, from: category, namespace: namespace) else { continue }
            let nullable = attributes.has(.nullable)
            if nullable, !(category == .datatype && declaration.kind == .table) {
                errors.append(CodegenError("'nullable' is only allowed on fields of datatype tables", at: attributes.locations[.nullable]))
            }
            let requirements: [(KnownAttribute, Requirement)] = [
                (.componentRequired, .required), (.componentRecommended, .recommended), (.componentOptional, .optional),
            ]
            let given = requirements.filter { attributes.has($0.0) }
            var requirement: Requirement?
            if category == .archetype {
                if given.count != 1 {
                    errors.append(CodegenError(
                        "archetype field '\(field.name)' needs exactly one of \(requirements.map { $0.0.spelling }.joined(separator: ", "))",
                        at: field.location))
                }
                requirement = given.first?.1
                if case .vector(.named(let name)) = type, declarations[name]?.1 == .component {
                    // An archetype field is a batch of one component type.
                } else {
                    errors.append(CodegenError(
                        "archetype field '\(field.name)' must be a vector of a component, as in '[rerun.components.Color]'",
                        at: field.type.location))
                }
            } else if let (attribute, _) = given.first {
                errors.append(CodegenError("'\(attribute.rawValue)' is only allowed on archetype fields", at: attributes.locations[attribute]))
            }
            var swiftName = Naming.camelCase(fieldName: field.name)
            if let override = attributes.swiftName {
                if Naming.isIdentifier(override) {
                    swiftName = Naming.escape(override)
                } else {
                    errors.append(CodegenError("'\(override)' is not a Swift identifier", at: attributes.locations[.swiftName]))
                }
            }
            fields.append((FieldDefinition(
                name: field.name, swiftName: swiftName, type: type, isNullable: nullable, docs: field.docs,
                requirement: requirement, location: field.location), attributes.order))
        }
        let ordered = fields.filter { $0.1 != nil }
        if !ordered.isEmpty, ordered.count != fields.count {
            let missing = fields.first { $0.1 == nil }!.0
            errors.append(CodegenError(
                "either every field of '\(declaration.name)' has an 'order' or none does ('\(missing.name)' has none)", at: missing.location))
            return fields.map(\.0)
        }
        var orders: [Int: String] = [:]
        for (field, order) in fields {
            guard let order else { continue }
            if let other = orders[order] {
                errors.append(CodegenError("fields '\(other)' and '\(field.name)' have the same order \(order)", at: field.location))
            }
            orders[order] = field.name
        }
        // Stable: declaration order unless orders are given.
        return fields.enumerated().sorted { a, b in (a.element.1 ?? a.offset, a.offset) < (b.element.1 ?? b.offset, b.offset) }
            .map(\.element.0)
    }

    private mutating func defineValues(_ declaration: Declaration, underlying: ScalarType) -> [EnumValueDefinition] {
        var values: [EnumValueDefinition] = []
        var next = 0
        var seenNames: Set<String> = []
        var seenValues: [Int: String] = [:]
        if declaration.values.isEmpty {
            errors.append(CodegenError("enum '\(declaration.name)' has no values", at: declaration.location))
        }
        for value in declaration.values {
            let attributes = CheckedAttributes(value.attributes, place: .enumValue, errors: &errors)
            requireDocs(value.docs, "enum value '\(value.name)'", at: value.location)
            let number = value.value ?? next
            next = number &+ 1
            if !seenNames.insert(value.name).inserted {
                errors.append(CodegenError("enum value '\(value.name)' is declared twice", at: value.location))
            }
            if let other = seenValues[number] {
                errors.append(CodegenError("enum values '\(other)' and '\(value.name)' are both \(number)", at: value.location))
            }
            seenValues[number] = value.name
            if let range = underlying.integerRange, !range.contains(number) {
                errors.append(CodegenError("enum value '\(value.name)' = \(number) does not fit in \(underlying.rawValue)", at: value.location))
            }
            var swiftName = Naming.camelCase(valueName: value.name)
            if let override = attributes.swiftName {
                if Naming.isIdentifier(override) {
                    swiftName = Naming.escape(override)
                } else {
                    errors.append(CodegenError("'\(override)' is not a Swift identifier", at: attributes.locations[.swiftName]))
                }
            }
            values.append(EnumValueDefinition(name: value.name, swiftName: swiftName, value: number,
                                              isDefault: attributes.has(.default), docs: value.docs))
        }
        let defaults = values.filter(\.isDefault)
        if defaults.count > 1 {
            errors.append(CodegenError("enum '\(declaration.name)' marks \(defaults.count) values as 'default'; at most one", at: declaration.location))
        }
        return values
    }

    private mutating func defineMembers(_ declaration: Declaration, namespace: String) -> [UnionMemberDefinition] {
        var members: [UnionMemberDefinition] = []
        var seen: Set<String> = []
        if declaration.members.isEmpty {
            errors.append(CodegenError("union '\(declaration.name)' has no members", at: declaration.location))
        }
        if declaration.members.count > 127 {
            errors.append(CodegenError("union '\(declaration.name)' has more than 127 members", at: declaration.location))
        }
        for member in declaration.members {
            let attributes = CheckedAttributes(member.attributes, place: .unionMember, errors: &errors)
            requireDocs(member.docs, "union member '\(member.name)'", at: member.location)
            if !seen.insert(member.name).inserted {
                errors.append(CodegenError("union member '\(member.name)' is declared twice", at: member.location))
            }
            if member.name == "_null_markers" {
                errors.append(CodegenError("'_null_markers' is reserved: the generator adds it as type id 0", at: member.location))
            }
            guard let type = resolveType(member.type, from: .datatype, namespace: namespace) else { continue }
            var swiftName = Naming.camelCase(valueName: member.name)
            if let override = attributes.swiftName {
                if Naming.isIdentifier(override) {
                    swiftName = Naming.escape(override)
                } else {
                    errors.append(CodegenError("'\(override)' is not a Swift identifier", at: attributes.locations[.swiftName]))
                }
            }
            members.append(UnionMemberDefinition(name: member.name, swiftName: swiftName, type: type, docs: member.docs))
        }
        return members
    }

    // MARK: - Types

    private mutating func resolveType(_ expression: TypeExpression, from category: TypeCategory, namespace: String) -> TypeReference? {
        switch expression {
        case .vector(let element, _):
            return resolveType(element, from: category, namespace: namespace).map { .vector($0) }
        case .fixedArray(let element, let count, let location):
            guard case .name(let name, _) = element, let scalar = ScalarType.spellings[name], scalar != .bool else {
                errors.append(CodegenError("a fixed-size array's element must be a numeric scalar such as 'float' (as in '[float: 3]')", at: location))
                return nil
            }
            return .fixedArray(scalar, count)
        case .name(let name, let location):
            if let scalar = ScalarType.spellings[name] { return .scalar(scalar) }
            if name == "string" { return .string }
            let fullName = name.contains(".") ? name : "\(namespace).\(name)"
            guard let (_, targetCategory) = declarations[fullName] else {
                errors.append(CodegenError("unknown type '\(name)'\(suggestion(for: name))", at: location))
                return nil
            }
            let allowed: Set<TypeCategory> = switch category {
            case .datatype: [.datatype]
            case .component: [.datatype]
            case .archetype: [.component]
            }
            guard allowed.contains(targetCategory) else {
                errors.append(CodegenError(
                    "a \(category.rawValue) cannot refer to the \(targetCategory.rawValue) '\(fullName)' (only to \(allowed.map { $0.rawValue + "s" }.sorted().joined(separator: ", ")))",
                    at: location))
                return nil
            }
            return .named(fullName)
        }
    }

    private func suggestion(for name: String) -> String {
        let short = name.split(separator: ".").last.map(String.init) ?? name
        let matches = declarations.keys.filter { $0.hasSuffix("." + short) }.sorted()
        if let match = matches.first { return " (did you mean '\(match)'?)" }
        // A misspelled scalar or type name: the closest name within two edits.
        let candidates = Array(ScalarType.spellings.keys) + ["string"] + declarations.keys.map { String($0.split(separator: ".").last!) }
        let scored = candidates.map { ($0, Resolver.editDistance($0, short)) }.filter { $0.1 <= 2 }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        if let best = scored.first {
            let full = declarations.keys.sorted().first { $0.hasSuffix("." + best.0) } ?? best.0
            return " (did you mean '\(full)'?)"
        }
        return ""
    }

    /// Levenshtein distance, for suggestions.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    private mutating func requireDocs(_ docs: [String], _ what: String, at location: SourceLocation) {
        if docs.allSatisfy({ $0.trimmingSpaces.isEmpty }) {
            errors.append(CodegenError("\(what) needs a '///' doc comment", at: location))
        }
    }

    /// A type may contain itself only through a vector (which can be empty).
    private mutating func checkCycles(_ types: [String: TypeDefinition]) {
        func directReferences(_ type: TypeReference) -> [String] {
            switch type {
            case .named(let name): [name]
            default: []
            }
        }
        for start in types.keys.sorted() {
            var stack = [(start, [start])]
            var visited: Set<String> = []
            while let (current, path) = stack.popLast() {
                guard let definition = types[current] else { continue }
                let references: [String] = switch definition.body {
                case .record(let fields, _): fields.flatMap { directReferences($0.type) }
                case .union(let members): members.flatMap { directReferences($0.type) }
                case .enumeration: []
                }
                for next in references {
                    if next == start {
                        errors.append(CodegenError("'\(start)' contains itself (\((path + [next]).joined(separator: " → ")))", at: types[start]!.location))
                        return
                    }
                    if visited.insert(next).inserted { stack.append((next, path + [next])) }
                }
            }
        }
    }

    /// Swift names must stay unique after camelCase conversion.
    private mutating func checkSwiftNames(_ types: [String: TypeDefinition]) {
        for name in types.keys.sorted() {
            let definition = types[name]!
            var seen: [String: String] = [:]
            let pairs: [(String, String, SourceLocation)] = switch definition.body {
            case .record(let fields, _): fields.map { ($0.swiftName, $0.name, $0.location) }
            case .enumeration(_, let values): values.map { ($0.swiftName, $0.name, definition.location) }
            case .union(let members): members.map { ($0.swiftName, $0.name, definition.location) }
            }
            for (swift, original, location) in pairs {
                if let other = seen[swift] {
                    errors.append(CodegenError(
                        "'\(other)' and '\(original)' both become '\(swift)' in Swift; rename one or give it \"attr.swift.name\"", at: location))
                }
                seen[swift] = original
            }
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
