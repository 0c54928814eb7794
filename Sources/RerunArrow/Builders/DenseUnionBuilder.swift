/// Builds `denseUnion` arrays: each slot names a child (by index) and a value in it.
///
/// ```swift
/// var builder = DenseUnionBuilder(fields: [Field("i", .int32), Field("s", .utf8)], typeIDs: [0, 1])
/// builder.append(child: 0, as: PrimitiveBuilder<Int32>.self) { $0.append(7) }
/// builder.append(child: 1, as: StringBuilder.self) { $0.append("seven") }
/// ```
public struct DenseUnionBuilder: ArrayBuilder {
    /// The child fields (each child's built type must equal its field's type).
    public let fields: [Field]
    /// The type id of each child.
    public let typeIDs: [Int8]
    /// The child builders, one per field.
    public var children: [AnyArrayBuilder]
    @usableFromInline var ids: BufferBuilder<Int8>
    @usableFromInline var offsets: BufferBuilder<Int32>

    /// Creates a builder with a `makeBuilder()` child builder per field.
    public init(fields: [Field], typeIDs: [Int8], capacity: Int = 0) {
        self.init(fields: fields, typeIDs: typeIDs, children: fields.map { $0.type.makeBuilder() }, capacity: capacity)
    }

    /// Creates a builder with the given (empty) child builders, one per field, with type ids
    /// `typeIDs` (distinct, 0...127).
    public init(fields: [Field], typeIDs: [Int8], children: [any ArrayBuilder], capacity: Int = 0) {
        precondition(fields.count == children.count && fields.count == typeIDs.count,
                     "A dense union builder needs one child builder and type id per field")
        precondition(Set(typeIDs).count == typeIDs.count && typeIDs.allSatisfy { $0 >= 0 },
                     "Dense union type ids must be distinct and non-negative")
        for (field, child) in zip(fields, children) {
            precondition(field.type == child.type, "Child builder for '\(field.name)' builds \(child.type), not \(field.type)")
        }
        self.fields = fields
        self.typeIDs = typeIDs
        self.children = children.map(AnyArrayBuilder.init)
        self.ids = BufferBuilder(capacity: capacity)
        self.offsets = BufferBuilder(capacity: capacity)
    }

    /// `denseUnion` of the fields and type ids.
    public var type: DataType { .denseUnion(fields, typeIDs: typeIDs) }

    /// The number of slots appended so far.
    public var length: Int { ids.count }

    /// Reserves room for `count` more slots.
    public mutating func reserveCapacity(_ count: Int) {
        ids.reserve(additional: count)
        offsets.reserve(additional: count)
    }

    /// Appends a slot referring to value `offset` of child `index` (which must already exist
    /// when the array is finished).
    public mutating func appendSlot(child index: Int, offset: Int) {
        precondition(offset >= 0 && offset <= Int(Int32.max), "Union offset \(offset) out of range")
        ids.append(typeIDs[index])
        offsets.append(Int32(offset))
    }

    /// Appends a slot holding the one value that `body` appends to child `index`.
    public mutating func append<B: ArrayBuilder, R>(
        child index: Int, as type: B.Type = B.self, _ body: (inout B) throws -> R
    ) rethrows -> R {
        let position = children[index].length
        let result = try children[index].withBase(as: type, body)
        precondition(children[index].length == position + 1, "Append exactly one value to the union child per slot")
        appendSlot(child: index, offset: position)
        return result
    }

    /// Calls `body` with child builder `index` as a `B`, in place, without appending slots
    /// (use `appendSlot(child:offset:)` to refer to the values).
    public mutating func withChild<B: ArrayBuilder, R>(
        _ index: Int, as type: B.Type = B.self, _ body: (inout B) throws -> R
    ) rethrows -> R {
        try children[index].withBase(as: type, body)
    }

    /// Appends a slot holding a null of the first child (unions have no validity of their own).
    public mutating func appendNull() {
        precondition(!children.isEmpty, "A dense union without children cannot hold nulls")
        appendSlot(child: 0, offset: children[0].length)
        children[0].appendNull()
    }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData {
        let length = self.length
        var built: [ArrayData] = []
        for i in children.indices { built.append(children[i].finish()) }
        return ArrayData(type: type, length: length, nullCount: 0, buffers: [ids.finish(), offsets.finish()],
                         children: built)
    }
}
