public import RerunArrow
public import RerunModel

/// Anything that can be logged with `RecordingStream.log`: archetypes, and custom data such as
/// `AnyValues`.
public protocol AsComponents: Sendable {
    /// One Arrow array (the batch of instances, not wrapped in a list) per component to log.
    func componentColumns() -> [(ComponentDescriptor, ArrayData)]
}

/// A Rerun archetype: a named bundle of component batches that are logged together, such as
/// `Points3D` (positions, radii, colors, …).
///
/// Every field is optional: `nil` is not logged (a partial update leaves it unchanged), an empty
/// batch clears it. The SDK's `log` turns `componentColumns()` into one row of a chunk.
public protocol Archetype: AsComponents {
    /// The full archetype name, e.g. `rerun.archetypes.Points3D`.
    static var archetypeName: String { get }
    /// The short name, e.g. `Points3D` (the prefix of the component identifiers).
    static var archetypeShortName: String { get }
    /// Every field of the archetype, in IDL order.
    static var fields: [ArchetypeField] { get }
    /// Every field set to an empty batch: logging it clears all of the archetype's components.
    static func cleared() -> Self
    /// One batch per field that is set, not yet encoded.
    func componentBatches() -> [any ComponentBatchProtocol]
    /// Hands each field that is set to `visitor`, in field order, with its concrete component
    /// type: no boxing and no Arrow encoding (the cheapest way for a batcher to take the values).
    func visitComponentBatches<Visitor: ComponentBatchVisitor>(_ visitor: inout Visitor)
    /// One Arrow array (the batch, not wrapped in a list) per field that is set.
    func componentColumns() -> [(ComponentDescriptor, ArrayData)]
}

/// One field of an archetype: its descriptor, the Arrow type of one component value, and how it
/// is expected to be logged.
public struct ArchetypeField: Sendable, Hashable {
    /// How a field is expected to be logged.
    public enum Requirement: String, Sendable, Hashable {
        /// Logging the archetype without it makes little sense (e.g. `Points3D:positions`).
        case required
        /// Usually logged (e.g. `Points3D:colors`).
        case recommended
        /// Sometimes logged.
        case optional
    }

    /// The field name in the IDL, e.g. `positions`.
    public let name: String
    /// The component identifier, archetype and component type.
    public let descriptor: ComponentDescriptor
    /// The Arrow type of one component value (a chunk column is `List<item: arrowType>`).
    public let arrowType: DataType
    /// How the field is expected to be logged.
    public let requirement: Requirement

    /// Creates a field description.
    public init(name: String, descriptor: ComponentDescriptor, arrowType: DataType, requirement: Requirement) {
        self.name = name
        self.descriptor = descriptor
        self.arrowType = arrowType
        self.requirement = requirement
    }
}

/// Receives an archetype's batches with their concrete component types
/// (`Archetype.visitComponentBatches(_:)`).
public protocol ComponentBatchVisitor {
    /// Called once per field that is set.
    mutating func visit<C: Component>(_ descriptor: ComponentDescriptor, _ values: [C])
}

/// A batch of one component under a descriptor, before Arrow encoding.
public protocol ComponentBatchProtocol: Sendable {
    /// Which column the batch belongs to.
    var descriptor: ComponentDescriptor { get }
    /// The number of values.
    var count: Int { get }
    /// The values as one Arrow array.
    func arrowArray() -> ArrayData
}

/// A batch of values of one component type under a descriptor.
public struct ComponentBatch<C: Component>: ComponentBatchProtocol, Equatable {
    /// Which column the batch belongs to.
    public var descriptor: ComponentDescriptor
    /// The values.
    public var values: [C]

    /// Creates a batch.
    public init(descriptor: ComponentDescriptor, values: [C]) {
        self.descriptor = descriptor
        self.values = values
    }

    /// The number of values.
    public var count: Int { values.count }

    /// The values as one Arrow array of `C.arrowType`.
    public func arrowArray() -> ArrayData { C.arrowArray(values) }
}
