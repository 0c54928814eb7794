public import RerunArrow
public import RerunModel

/// One component's instances for one log call: a descriptor and a flat Arrow array (not a list).
public struct ComponentBatch: Sendable {
    /// Which component this is.
    public var descriptor: ComponentDescriptor
    /// The instances (a flat array of the component's datatype). Empty means "cleared".
    public var array: ArrayData

    /// Creates a batch.
    public init(_ descriptor: ComponentDescriptor, _ array: ArrayData) {
        self.descriptor = descriptor
        self.array = array
    }
}

/// Anything that can be logged: archetypes, single components, custom data.
public protocol AsComponents {
    /// The component batches to log, one per present field.
    func componentBatches() throws -> [ComponentBatch]
}

/// Arbitrary named columns (custom data without an archetype), like the Python SDK's `AnyValues`.
public struct AnyValues: AsComponents, Sendable {
    /// The batches, in insertion order.
    public var batches: [ComponentBatch] = []

    /// Creates an empty set of values.
    public init() {}

    /// Adds a column named `name` holding `array` (a flat array of instances).
    public func with(_ name: String, _ array: ArrayData) -> AnyValues {
        var copy = self
        copy.batches.append(ComponentBatch(ComponentDescriptor(component: name), array))
        return copy
    }

    public func componentBatches() throws -> [ComponentBatch] { batches }
}
