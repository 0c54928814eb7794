/// A type-erased `ArrayBuilder`, for children of struct and union builders and for builders made
/// from a runtime `DataType` (`DataType.makeBuilder()`).
///
/// Append to the wrapped builder through `withBase(as:_:)`, which hands out the concrete builder
/// in place (no copy of its buffers).
public struct AnyArrayBuilder: ArrayBuilder {
    /// The wrapped builder.
    public private(set) var base: any ArrayBuilder

    /// Wraps `base`.
    public init(_ base: any ArrayBuilder) {
        if let erased = base as? AnyArrayBuilder {
            self.base = erased.base
        } else {
            self.base = base
        }
    }

    /// The type of the arrays the wrapped builder makes.
    public var type: DataType { base.type }

    /// The number of slots appended so far.
    public var length: Int { base.length }

    /// Appends one null slot.
    public mutating func appendNull() { base.appendNull() }

    /// Appends `count` null slots.
    public mutating func appendNulls(_ count: Int) { base.appendNulls(count) }

    /// Reserves room for `count` more slots.
    public mutating func reserveCapacity(_ count: Int) { base.reserveCapacity(count) }

    /// The array built so far; resets the builder.
    public mutating func finish() -> ArrayData { base.finish() }

    /// Calls `body` with the wrapped builder as a `B`, in place. Traps if it is not a `B`
    /// (a programming error; `DataType.makeBuilder()` documents which builder each type gets).
    public mutating func withBase<B: ArrayBuilder, R>(as type: B.Type, _ body: (inout B) throws -> R) rethrows -> R {
        guard var typed = base as? B else {
            preconditionFailure("The builder is a \(Swift.type(of: base)), not a \(B.self)")
        }
        // Drop the boxed copy so `typed` is the only reference to its buffers (no copy-on-write).
        base = NullBuilder()
        defer { base = typed }
        return try body(&typed)
    }
}

extension DataType {
    /// A builder for arrays of this type: `PrimitiveBuilder<T>` for fixed-width types
    /// (`Int64` for timestamps and durations, `UInt16` bit patterns for `float16`),
    /// `BooleanBuilder`, `StringBuilder`, `BinaryBuilder`, `FixedSizeBinaryBuilder`, `NullBuilder`,
    /// `ListBuilder<AnyArrayBuilder>`, `FixedSizeListBuilder<AnyArrayBuilder>`, `StructBuilder`
    /// and `DenseUnionBuilder`, wrapped in an `AnyArrayBuilder`.
    public func makeBuilder(capacity: Int = 0) -> AnyArrayBuilder {
        switch self {
        case .null: AnyArrayBuilder(NullBuilder())
        case .boolean: AnyArrayBuilder(BooleanBuilder(capacity: capacity))
        case .int8: AnyArrayBuilder(PrimitiveBuilder<Int8>(capacity: capacity))
        case .int16: AnyArrayBuilder(PrimitiveBuilder<Int16>(capacity: capacity))
        case .int32: AnyArrayBuilder(PrimitiveBuilder<Int32>(capacity: capacity))
        case .int64, .timestamp, .duration: AnyArrayBuilder(PrimitiveBuilder<Int64>(type: self, capacity: capacity))
        case .uint8: AnyArrayBuilder(PrimitiveBuilder<UInt8>(capacity: capacity))
        case .uint16, .float16: AnyArrayBuilder(PrimitiveBuilder<UInt16>(type: self, capacity: capacity))
        case .uint32: AnyArrayBuilder(PrimitiveBuilder<UInt32>(capacity: capacity))
        case .uint64: AnyArrayBuilder(PrimitiveBuilder<UInt64>(capacity: capacity))
        case .float32: AnyArrayBuilder(PrimitiveBuilder<Float>(capacity: capacity))
        case .float64: AnyArrayBuilder(PrimitiveBuilder<Double>(capacity: capacity))
        case .utf8: AnyArrayBuilder(StringBuilder(capacity: capacity))
        case .binary: AnyArrayBuilder(BinaryBuilder(capacity: capacity))
        case .fixedSizeBinary(let width): AnyArrayBuilder(FixedSizeBinaryBuilder(byteWidth: width, capacity: capacity))
        case .list(let field): AnyArrayBuilder(ListBuilder(values: field.type.makeBuilder(), field: field, capacity: capacity))
        case .fixedSizeList(let field, let size):
            AnyArrayBuilder(FixedSizeListBuilder(values: field.type.makeBuilder(capacity: capacity * size), size: size, field: field))
        case .struct(let fields): AnyArrayBuilder(StructBuilder(fields: fields, capacity: capacity))
        case .denseUnion(let fields, let typeIDs): AnyArrayBuilder(DenseUnionBuilder(fields: fields, typeIDs: typeIDs))
        }
    }
}
