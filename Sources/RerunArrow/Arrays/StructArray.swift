/// A zero-copy view of a `struct` array: named child columns sharing one validity bitmap.
///
/// `child(_:)` returns a child column aligned with this array's slots (sliced to its offset and
/// length), so slot `i` of the struct is slot `i` of each child.
public struct StructArray: ArrowArray {
    /// The array data this view reads.
    public let data: ArrayData
    /// The child fields, in order.
    public let fields: [Field]

    /// Creates a view, throwing if `data` is not a `struct` array or a child is too short.
    public init(_ data: ArrayData) throws(ArrowError) {
        guard case .struct(let fields) = data.type else {
            throw ArrowError(.typeMismatch, "StructArray cannot view an array of type \(data.type)")
        }
        guard data.children.count == fields.count else {
            throw ArrowError(.invalidData, "a struct with \(fields.count) fields has \(data.children.count) children")
        }
        let end = try data.checkedEnd()
        for (field, child) in zip(fields, data.children) where child.length < end {
            throw ArrowError(.invalidData, "struct child '\(field.name)' has length \(child.length), needs \(end)")
        }
        _ = try data.checkedValidity()
        self.fields = fields
        self.data = data
    }

    /// Child column `index`, aligned with this array's slots.
    public func child(_ index: Int) -> ArrayData {
        data.children[index].slice(data.offset, data.length)
    }

    /// The child column named `name`, aligned with this array's slots, if there is one.
    public func child(named name: String) -> ArrayData? {
        fields.firstIndex { $0.name == name }.map(child)
    }

    /// All child columns, aligned with this array's slots.
    public var children: [ArrayData] { data.children.indices.map(child) }
}
