import Foundation
import RerunArrow
import RerunModel
import RerunTestSupport
import RerunTypes
import Testing

/// Every archetype's fields (descriptors and exact Arrow types) against the official SDK 0.41.
@Suite struct OfficialDescriptorTests {
    /// The official SDK writes, per archetype, the batches of `Archetype.cleared()` (every field,
    /// empty): one IPC stream whose schema has a field per component, named by its identifier,
    /// typed as the batch, with the archetype and component type as metadata.
    static let script = """
        import sys, os, pyarrow as pa, rerun as rr
        out = sys.argv[1]
        names = "\(specArchetypes.joined(separator: ","))".split(",")
        for name in names:
            archetype = getattr(rr.archetypes, name)
            fields, columns = [], []
            for b in archetype.cleared().as_component_batches():
                d = b.component_descriptor()
                columns.append(b.as_arrow_array())
                fields.append(pa.field(d.component, columns[-1].type, True,
                                       {"archetype": d.archetype, "component_type": d.component_type}))
            schema = pa.schema(fields)
            with pa.ipc.new_stream(os.path.join(out, name + ".arrows"), schema) as w:
                pass  # the schema is all we compare (cleared() batches differ in length, see below)
        """

    @Test func registryHoldsExactlyTheSpecArchetypes() {
        #expect(Registry.archetypes.map { $0.archetypeShortName }.sorted() == specArchetypes.sorted())
        for archetype in Registry.archetypes {
            #expect(archetype.archetypeName == "rerun.archetypes.\(archetype.archetypeShortName)")
        }
    }

    @Test func descriptorsAndArrowTypesEqualTheOfficialSDK() throws {
        let official = try officialStreams(Self.script)
        #expect(official.count == specArchetypes.count)
        for archetype in Registry.archetypes {
            let name = archetype.archetypeShortName
            let schema = try #require(official[name]?.schema, "official SDK wrote nothing for \(name)")
            // Same fields, same order as the official SDK's declaration order.
            #expect(archetype.fields.map(\.descriptor.component) == schema.fields.map(\.name), "\(name) fields")
            for field in archetype.fields {
                guard let theirs = schema.fields.first(where: { $0.name == field.descriptor.component }) else { continue }
                #expect(field.descriptor.archetype == theirs.metadata["archetype"], "\(field.descriptor) archetype")
                #expect(field.descriptor.componentType == theirs.metadata["component_type"], "\(field.descriptor) component type")
                #expect(field.descriptor.component == "\(name):\(field.name)")
                // Exact, nested names and nullability included.
                #expect(field.arrowType == theirs.type, "\(field.descriptor): ours \(field.arrowType), official \(theirs.type)")
            }
        }
    }

    /// `cleared()` writes every field as an empty batch of the field's type (spec §4.3.5). The
    /// official Python SDK does the same except for `TensorData` and `AnnotationContext` fields,
    /// whose converters turn the empty list into one empty tensor / one empty context; an empty
    /// batch is what the Rust SDK's `clear_fields` writes and what "cleared" means to the store.
    @Test func clearedWritesEveryFieldEmpty() throws {
        for archetype in Registry.archetypes {
            let columns = clearedColumns(archetype)
            #expect(columns.map(\.0) == archetype.fields.map(\.descriptor), "\(archetype.archetypeShortName)")
            for ((_, data), field) in zip(columns, archetype.fields) {
                #expect(data.length == 0)
                #expect(data.type == field.arrowType)
                try data.validate()
            }
        }
    }

    /// The component type's own `arrowType` is the field's, and every component of the spec is there.
    @Test func componentsAgreeWithTheirFields() {
        let components = Dictionary(uniqueKeysWithValues: Registry.components.map { ($0.componentType, $0) })
        for archetype in Registry.archetypes {
            for field in archetype.fields {
                let component = components[field.descriptor.componentType ?? ""]
                #expect(component != nil, "\(field.descriptor) has no registered component type")
                #expect(component?.arrowType == field.arrowType)
            }
        }
    }

    private func clearedColumns<A: Archetype>(_ type: A.Type) -> [(ComponentDescriptor, ArrayData)] {
        type.cleared().componentColumns()
    }
}
