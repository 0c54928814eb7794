/// Builds `struct` arrays: append one value to every child, then call `endStruct()`.
///
/// ```swift
/// var builder = StructBuilder(fields: [Field("x", .float32), Field("label", .utf8)])
/// builder.withChild(0, as: PrimitiveBuilder<Float>.self) { $0.append(1.5) }
/// builder.withChild(1, as: StringBuilder.self) { $0.append("a") }
/// builder.endStruct()
/// builder.appendNull()
/// ```
public struct StructBuilder: ArrayBuilder {
    /// The child fields (each child's built type must equal its field's type).
    public let fields: [Field]
    /// The child builders, one per field.
    public var children: [AnyArrayBuilder]
    @usableFromInline var validity = ValidityBuilder()

    /// Creates a builder with a `makeBuilder()` child builder per field.
    public init(fields: [Field], capacity: Int = 0) {
        self.init(fields: fields, children: fields.map { $0.type.makeBuilder(capacity: capacity) })
    }

    /// Creates a builder with the given (empty) child builders, one per field.
    public init(fields: [Field], children: [any ArrayBuilder]) {
        precondition(fields.count == children.count, "A struct builder needs one child builder per field")
        for (field, child) in zip(fields, children) {
            precondition(field.type == child.type, "Child builder for '\(field.name)' builds \(child.type), not \(field.type)")
            precondition(child.length == 0, "Child builders must start empty")
        }
        self.fields = fields
        self.children = children.map(AnyArrayBuilder.init)
    }

    /// `struct` of the fields.
    public var type: DataType { .struct(fields) }

    /// The number of slots appended so far.
    public var length: Int { validity.length }

    /// Reserves room for `count` more slots in every child.
    public mutating func reserveCapacity(_ count: Int) {
        for i in children.indices { children[i].reserveCapacity(count) }
    }

    /// Calls `body` with child builder `index` as a `B`, in place.
    public mutating func withChild<B: ArrayBuilder, R>(
        _ index: Int, as type: B.Type = B.self, _ body: (inout B) throws -> R
    ) rethrows -> R {
        try children[index].withBase(as: type, body)
    }

    /// Ends a valid slot: every child must hold exactly one more value than before.
    public mutating func endStruct() {
        for (field, child) in zip(fields, children) {
            precondition(child.length == length + 1,
                         "Struct child '\(field.name)' has \(child.length) values, expected \(length + 1)")
        }
        validity.appendValid()
    }

    /// Appends a null slot (every child gets a null too).
    public mutating func appendNull() { appendNulls(1) }

    /// Appends `count` null slots.
    public mutating func appendNulls(_ count: Int) {
        for i in children.indices { children[i].appendNulls(count) }
        validity.appendNulls(count: count)
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let length = self.length
        let (bitmap, nulls) = validity.finish()
        var built: [ArrayData] = []
        for i in children.indices { built.append(children[i].finish()) }
        return ArrayData(type: type, length: length, nullCount: nulls, buffers: [bitmap], children: built)
    }
}
