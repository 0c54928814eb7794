/// Names one component column of a chunk: the component identifier, and optionally the archetype
/// it belongs to and its component type.
///
/// In Rerun 0.41 the column name and `rerun:component` are the identifier
/// `<ArchetypeShortName>:<field>` (e.g. `Points3D:positions`); `rerun:archetype` holds
/// `rerun.archetypes.Points3D` and `rerun:component_type` `rerun.components.Position3D`.
public struct ComponentDescriptor: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The identifier, e.g. `Points3D:positions` (any string for custom data).
    public let component: String
    /// The archetype's full name, e.g. `rerun.archetypes.Points3D`, if any.
    public let archetype: String?
    /// The component type's full name, e.g. `rerun.components.Position3D`, if any.
    public let componentType: String?

    /// Creates a descriptor.
    public init(component: String, archetype: String? = nil, componentType: String? = nil) {
        self.component = component
        self.archetype = archetype
        self.componentType = componentType
    }

    /// The archetype's short name (`Points3D`), if any.
    public var archetypeShortName: String? {
        archetype.map { String($0.split(separator: ".").last ?? Substring($0)) }
    }

    /// The field name inside the archetype (`positions` for `Points3D:positions`).
    public var fieldName: String {
        component.split(separator: ":", maxSplits: 1).last.map(String.init) ?? component
    }

    /// Ordered by identifier, then archetype, then type.
    public static func < (lhs: ComponentDescriptor, rhs: ComponentDescriptor) -> Bool {
        (lhs.component, lhs.archetype ?? "", lhs.componentType ?? "")
            < (rhs.component, rhs.archetype ?? "", rhs.componentType ?? "")
    }

    public var description: String { component }
}
