public import RerunArrow

/// A Swift value type with a fixed Arrow type, encoded a whole batch at a time.
///
/// Generated datatypes and components conform. `arrowArray(_:)` encodes values with bulk copies
/// where the Swift layout allows (scalars and fixed-size vectors are one `memcpy`), never with a
/// closure or existential call per value.
public protocol ArrowEncodable: Sendable {
    /// The Arrow type of one value.
    static var arrowType: DataType { get }
    /// `values` as one Arrow array of `arrowType`, one slot per value, without nulls.
    static func arrowArray(_ values: [Self]) -> ArrayData
}

/// A Rerun component: a named Arrow-encodable value type, such as `Components.Position3D`.
///
/// A component value is also a one-element batch of itself (`ComponentBatchConvertible`), so an
/// archetype field accepts either an array or a single value that applies to every instance.
public protocol Component: ArrowEncodable, Equatable, ComponentBatchConvertible where Element == Self {
    /// The full component type name, e.g. `rerun.components.Position3D`.
    static var componentType: String { get }
}

extension Component {
    /// A one-element batch.
    @inlinable
    public var componentValues: [Self] { [self] }
}

/// Something that can be logged as a batch of one component type: an array of the component, or
/// a single value (a one-element batch, which Rerun applies to every instance: a "splat").
public protocol ComponentBatchConvertible<Element> {
    /// The component type.
    associatedtype Element: Component
    /// The values of the batch.
    var componentValues: [Element] { get }
}

extension Array: ComponentBatchConvertible where Element: Component {
    /// The array itself.
    @inlinable
    public var componentValues: [Element] { self }
}
