/// A zero-copy view of a `denseUnion` array: slot `i` holds value `valueOffset(at: i)` of the
/// child whose type id is `typeID(at: i)`.
public struct DenseUnionArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    /// The child fields, in order.
    public let fields: [Field]
    /// The type id of each child, in order.
    public let typeIDs: [Int8]
    @usableFromInline let typeIDBuffer: Buffer
    @usableFromInline let offsetBuffer: Buffer
    /// The child index for each type id 0...127 (-1 if undeclared).
    @usableFromInline let childIndexByTypeID: [Int]

    /// Creates a view, throwing if `data` is not a `denseUnion` array.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .denseUnion(let fields, let typeIDs) = data.type else {
            throw ArrowError(.typeMismatch, "DenseUnionArray cannot view an array of type \(data.type)")
        }
        guard fields.count == typeIDs.count, data.children.count == fields.count else {
            throw ArrowError(.invalidData, "a dense union with \(fields.count) fields has \(typeIDs.count) type ids and \(data.children.count) children")
        }
        var table = [Int](repeating: -1, count: 128)
        for (index, id) in typeIDs.enumerated() {
            guard id >= 0 else { throw ArrowError(.invalidData, "dense union type id \(id) is negative") }
            table[Int(id)] = index
        }
        let end = try data.checkedEnd()
        self.typeIDBuffer = try data.checkedBuffer(0, count: end, width: 1)
        self.offsetBuffer = try data.checkedBuffer(1, count: end, width: 4, alignment: 4)
        self.childIndexByTypeID = table
        self.fields = fields
        self.typeIDs = typeIDs
        self.data = data
    }

    /// The type id of slot `index`.
    @inlinable
    public func typeID(at index: Int) -> Int8 {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        // Safety: `init` checked the buffer holds `offset + length` type ids.
        return withExtendedLifetime(typeIDBuffer.storage) {
            typeIDBuffer.base.load(fromByteOffset: data.offset &+ index, as: Int8.self)
        }
    }

    /// The index (into `fields` and `data.children`) of the child holding slot `index`.
    @inlinable
    public func childIndex(at index: Int) -> Int {
        let id = typeID(at: index)
        let child = id >= 0 ? childIndexByTypeID[Int(id)] : -1
        precondition(child >= 0, "Undeclared type id \(id) at slot \(index); validate() the data")
        return child
    }

    /// The position of slot `index`'s value in its child.
    @inlinable
    public func valueOffset(at index: Int) -> Int {
        precondition(index >= 0 && index < data.length, "Index \(index) out of range 0..<\(data.length)")
        // Safety: `init` checked the buffer holds `offset + length` aligned Int32s.
        return withExtendedLifetime(offsetBuffer.storage) {
            Int(offsetBuffer.base.load(fromByteOffset: (data.offset &+ index) &* 4, as: Int32.self))
        }
    }

    /// Child array `index` (whole; union offsets index into it directly).
    @inlinable
    public func child(_ index: Int) -> ArrayData { data.children[index] }

    /// The value of slot `index` as a one-slot slice of its child.
    public func value(at index: Int) -> ArrayData {
        data.children[childIndex(at: index)].slice(valueOffset(at: index), 1)
    }
}
