public import RerunArrow
public import RerunModel

/// Arbitrary named columns without an archetype (custom data), like the Python SDK's `AnyValues`.
///
/// ```swift
/// try rec.log("robot", AnyValues().with("battery", ArrayData.from([0.93])))
/// ```
public struct AnyValues: AsComponents, Sendable {
    /// The columns, in insertion order.
    public var columns: [(ComponentDescriptor, ArrayData)] = []

    /// Creates an empty set of values.
    public init() {}

    /// Adds a column named `name` holding `array` (a flat array of instances).
    public func with(_ name: String, _ array: ArrayData) -> AnyValues {
        var copy = self
        copy.columns.append((ComponentDescriptor(component: name), array))
        return copy
    }

    /// Adds a column under a full descriptor.
    public func with(_ descriptor: ComponentDescriptor, _ array: ArrayData) -> AnyValues {
        var copy = self
        copy.columns.append((descriptor, array))
        return copy
    }

    public func componentColumns() -> [(ComponentDescriptor, ArrayData)] { columns }
}
