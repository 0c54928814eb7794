/// What the emitters need to know about types: Swift spellings, Arrow shapes, and how values are
/// laid out in memory (for the bulk-copy fast paths).
struct TypeSystem {
    let model: Model

    // MARK: Erasure

    /// Transparent datatypes whose field is a scalar, string, vector or another type are not
    /// Swift types of their own: `rerun.datatypes.Float32` is `Float` and `Utf8` is `String` in
    /// Swift. Transparent datatypes over fixed-size arrays (`Vec3D`) stay structs, for their
    /// conveniences.
    func isErased(_ definition: TypeDefinition) -> Bool {
        guard definition.category == .datatype, case .record(let fields, true) = definition.body, let field = fields.first else {
            return false
        }
        if case .fixedArray = field.type { return false }
        return true
    }

    /// The type a reference stands for after erasing transparent wrappers.
    func unerased(_ type: TypeReference) -> TypeReference {
        if case .named(let name) = type, isErased(model[name]) { return unerased(model[name].fields[0].type) }
        return type
    }

    // MARK: Swift

    /// The qualified Swift name of a declared (non-erased) type.
    func swiftName(_ definition: TypeDefinition) -> String {
        if let namespace = definition.category.swiftNamespace { return "\(namespace).\(definition.name)" }
        return definition.name
    }

    /// The Swift type of a reference.
    func swiftType(_ type: TypeReference) -> String {
        switch unerased(type) {
        case .scalar(let scalar): scalar.swiftType
        case .string: "Swift.String"
        case .vector(let element): "[\(swiftType(element))]"
        case .fixedArray(let scalar, let count): "(\(Array(repeating: scalar.swiftType, count: count).joined(separator: ", ")))"
        case .named(let name): swiftName(model[name])
        }
    }

    func swiftType(_ field: FieldDefinition) -> String {
        field.isNullable ? "\(swiftType(field.type))?" : swiftType(field.type)
    }

    // MARK: Arrow

    /// The Arrow type of a reference.
    func arrowShape(_ type: TypeReference) -> ArrowShape {
        switch type {
        case .scalar(let scalar): .primitive(scalar)
        case .string: .utf8
        case .vector(let element): .list(ArrowChild(name: "item", shape: arrowShape(element), nullable: false))
        case .fixedArray(let scalar, let count):
            .fixedSizeList(ArrowChild(name: "item", shape: .primitive(scalar), nullable: false), size: count)
        case .named(let name): arrowShape(model[name])
        }
    }

    /// The Arrow type of a declared type.
    func arrowShape(_ definition: TypeDefinition) -> ArrowShape {
        switch definition.body {
        case .record(let fields, _):
            if definition.isTransparent { return arrowShape(fields[0].type) }
            return .struct(fields.map { ArrowChild(name: $0.name, shape: arrowShape($0.type), nullable: isArrowNullable($0)) })
        case .enumeration(let underlying, _):
            return .primitive(underlying)
        case .union(let members):
            let children = [ArrowChild(name: "_null_markers", shape: .null, nullable: true)]
                + members.map { ArrowChild(name: $0.name, shape: arrowShape($0.type), nullable: false) }
            return .denseUnion(children, typeIDs: Array(0...members.count))
        }
    }

    /// Nullable fields, and fields of union type (a union can always hold a null marker).
    func isArrowNullable(_ field: FieldDefinition) -> Bool {
        if field.isNullable { return true }
        if case .named(let name) = unerased(field.type), case .union = model[name].body { return true }
        return false
    }

    // MARK: Layout

    /// For types whose Swift values are `count` scalars back to back with nothing else (a
    /// scalar, a fixed-size array, or transparent wrappers around them), the scalar and count:
    /// such arrays are encoded with one memory copy.
    func flatLayout(_ type: TypeReference) -> (scalar: ScalarType, count: Int)? {
        switch type {
        case .scalar(let scalar): scalar == .bool ? nil : (scalar, 1)
        case .fixedArray(let scalar, let count): (scalar, count)
        case .string, .vector: nil
        case .named(let name): flatLayout(model[name])
        }
    }

    func flatLayout(_ definition: TypeDefinition) -> (scalar: ScalarType, count: Int)? {
        guard definition.isTransparent, let field = definition.fields.first, !field.isNullable else { return nil }
        return flatLayout(field.type)
    }

    /// Follows single-field wrappers (components, transparent datatypes) from a declared type to
    /// the innermost value: the Swift property path to it and its type.
    func leaf(_ definition: TypeDefinition) -> (path: [String], type: TypeReference) {
        var path: [String] = []
        var current = definition
        while current.isTransparent, let field = current.fields.first {
            path.append(field.swiftName)
            let next = field.type
            if case .named(let name) = next {
                let target = model[name]
                if isErased(target) {
                    // An erased wrapper adds no Swift property: continue with its field's type.
                    var inner = target.fields[0].type
                    while case .named(let innerName) = inner, isErased(model[innerName]) { inner = model[innerName].fields[0].type }
                    if case .named(let innerName) = inner, model[innerName].isTransparent, model[innerName].category == .datatype {
                        current = model[innerName]
                        continue
                    }
                    return (path, inner)
                }
                if target.isTransparent {
                    current = target
                    continue
                }
            }
            return (path, next)
        }
        return (path, .named(current.fullName))
    }
}
