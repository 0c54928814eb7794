import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD
import RerunTestSupport
import RerunTypes
import Testing

/// Files written with our types pass the official `rerun rrd verify` (which checks every column's
/// datatype against the archetype definitions), and the official reader sees the official SDK's
/// values in them.
@Suite struct RRDVerifyTests {
    /// One chunk per archetype with every field cleared (all fields, empty batches), and one per
    /// value case of `OfficialValueTests`, each a one-row chunk on a `frame` timeline.
    static func recording() throws -> [UInt8] {
        let store = StoreID(kind: .recording, recordingID: "rec_types", applicationID: "rerun_types_tests")
        var encoder = RRDEncoder()
        var bytes = try encoder.encode(.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift)))
        func append(_ entity: String, _ columns: [(ComponentDescriptor, ArrayData)]) throws {
            let chunk = try Chunk(
                id: .next(), entityPath: EntityPath(parsingForgiving: entity), rowIDs: [.next()],
                timeColumns: [try TimeColumn(Timeline("frame", .sequence), times: [0])],
                components: try columns.map { try ComponentColumn(descriptor: $0.0, data: try oneRow($0.1)) })
            bytes += try encoder.encode(.arrow(ArrowMessage(storeID: store, chunk: chunk)))
        }
        for archetype in Registry.archetypes {
            try append("cleared/\(archetype.archetypeShortName)", clearedColumns(archetype))
        }
        for (name, archetype) in try OfficialValueTests.swiftCases().sorted(by: { $0.key < $1.key }) {
            try append("values/\(name)", archetype.componentColumns())
        }
        bytes += try encoder.finish()
        return bytes
    }

    private static func clearedColumns<A: Archetype>(_ type: A.Type) -> [(ComponentDescriptor, ArrayData)] {
        type.cleared().componentColumns()
    }

    @Test func everyArchetypePassesOfficialVerify() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("types.rrd")
        try Data(try Self.recording()).write(to: file)
        let verify = try Oracle.runRerun(["rrd", "verify", file.path])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// The check above is meaningful: the same writer with `Points3D:radii` as float64 fails verify.
    @Test func officialVerifyRejectsAWrongDatatype() throws {
        let store = StoreID(kind: .recording, recordingID: "rec_bad", applicationID: "rerun_types_tests")
        var encoder = RRDEncoder()
        var bytes = try encoder.encode(.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift)))
        let radii = ArrayData.from([0.5, 1.0] as [Double])
        let chunk = try Chunk(
            id: .next(), entityPath: "points", rowIDs: [.next()], timeColumns: [],
            components: [try ComponentColumn(descriptor: Points3D.Descriptors.radii, data: try oneRow(radii))])
        bytes += try encoder.encode(.arrow(ArrowMessage(storeID: store, chunk: chunk)))
        bytes += try encoder.finish()
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.rrd")
        try Data(bytes).write(to: file)
        let verify = try Oracle.runRerun(["rrd", "verify", file.path])
        #expect(verify.status != 0, "\(verify.output)")
        #expect(verify.output.contains("Points3D:radii") || verify.output.contains("Radius"), "\(verify.output)")
    }

    /// The official `RrdReader` reads every value case back equal to the official SDK's own batches.
    @Test func officialReaderSeesTheOfficialValues() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("types.rrd")
        try Data(try Self.recording()).write(to: file)
        let output = try Oracle.runPython(OfficialValueTests.casesScript + "\n" + #"""
            import json
            seen, problems = set(), []
            for chunk in rr.chunk.RrdReader(sys.argv[1]).stream():
                path = chunk.entity_path
                batch = chunk.to_record_batch()
                if path.startswith("/cleared/"):
                    for name in batch.schema.names:
                        if name.startswith("rerun.") or name == "frame": continue
                        if batch.column(name).to_pylist() != [[]]: problems.append(f"{path} {name} not empty")
                    seen.add(path)
                    continue
                case = path[len("/values/"):]
                expected = {b.component_descriptor().component: b for b in cases[case].as_component_batches()}
                got = {n for n in batch.schema.names if ":" in n}
                if got != set(expected): problems.append(f"{case}: columns {sorted(got)} vs {sorted(expected)}")
                for name, b in expected.items():
                    field = batch.schema.field(name)
                    d = b.component_descriptor()
                    if field.metadata.get(b"rerun:component_type", b"").decode() != d.component_type: problems.append(f"{case} {name} type")
                    if field.metadata.get(b"rerun:archetype", b"").decode() != d.archetype: problems.append(f"{case} {name} archetype")
                    ours = batch.column(name)[0].values
                    theirs = b.as_arrow_array()
                    if not ours.equals(theirs): problems.append(f"{case} {name}: {ours.to_pylist()} vs {theirs.to_pylist()}")
                seen.add(path)
            print(json.dumps({"seen": len(seen), "problems": problems}))
            """#, arguments: [file.path])
        let text = String(decoding: output, as: UTF8.self)
        let expectedChunks = Registry.archetypes.count + (try OfficialValueTests.swiftCases().count)
        #expect(text.contains("\"seen\": \(expectedChunks),"), "\(text)")
        #expect(text.contains("\"problems\": []"), "\(text)")
    }
}
