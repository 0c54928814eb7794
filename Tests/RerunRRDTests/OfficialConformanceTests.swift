import Foundation
import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunModel
import RerunRRD
import RerunTestSupport
import Testing

/// Our decoder against the official reader, and our encoder against the official verifier.
@Suite struct OfficialConformanceTests {
    /// For every fixture, the official reader (`rerun.chunk.RrdReader.stream()`) dumps each
    /// chunk's record batch as Arrow IPC; our decoded chunks must match them value for value.
    @Test(arguments: try Oracle.fixtureFiles())
    func decodedChunksEqualTheOfficialReaders(_ fixture: URL) throws {
        try expectChunksEqualOfficialReader(fixture.path)
    }

    /// Our encoder's output of every fixture (LZ4 and uncompressed) passes the official
    /// `rerun rrd verify` (framing, chunks, component types, footers) and `rerun rrd compare`.
    @Test(arguments: try Oracle.fixtureFiles())
    func reencodedFilesPassOfficialVerifyAndCompare(_ fixture: URL) throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = try decodeAll(readFixture(fixture))
        for compression in [RRDCompression.lz4, .none] {
            let out = dir.appendingPathComponent("\(compression)-\(fixture.lastPathComponent)")
            try Data(try reencode(events, compression: compression)).write(to: out)
            let verify = try Oracle.runRerun(["rrd", "verify", out.path])
            #expect(verify.status == 0, "official verify of our \(compression) copy of \(fixture.lastPathComponent):\n\(verify.output)")
            if fixture.pathExtension == "rrd" && fixture.lastPathComponent != "no_footer.rrd" {
                let compare = try Oracle.runRerun(["rrd", "compare", fixture.path, out.path])
                #expect(compare.status == 0, "official compare with \(fixture.lastPathComponent):\n\(compare.output)")
            }
        }
    }

    /// The manifest we build from the official files' chunks (with their byte placements) equals
    /// the official SDK's manifest column for column and value for value.
    @Test(arguments: try Oracle.fixtureFiles().filter { $0.lastPathComponent != "no_footer.rrd" })
    func manifestsEqualTheSDKs(_ fixture: URL) throws {
        let events = try decodeAll(readFixture(fixture))
        var builders: [StoreID: RRDManifestBuilder] = [:]
        var official: [RRDFooter.Manifest] = []
        for event in events {
            switch event {
            case .message(.arrow(let arrow), _, let streamOffset, let length):
                builders[arrow.storeID, default: RRDManifestBuilder(storeID: arrow.storeID)].add(arrow.chunk, placement: .init(
                    byteOffset: UInt64(streamOffset), byteSize: UInt64(length),
                    uncompressedSize: UInt64(arrow.encodedSize!.uncompressed)))
            case .footer(let footer, _):
                official += footer.manifests
            default: break
            }
        }
        try #require(!official.isEmpty)
        for manifest in official {
            let ours = try #require(builders[manifest.storeID]).recordBatch()
            let data = try manifest.data(), sorbetSchema = try manifest.sorbetSchema()
            #expect(ours.schema.fields.map(\.name) == data.schema.fields.map(\.name), "\(fixture.lastPathComponent) manifest columns")
            for (field, theirs) in zip(data.schema.fields, data.schema.fields.indices.map { data.columns[$0] }) {
                guard let i = ours.schema.firstIndex(of: field.name) else { continue }
                #expect(ours.schema.fields[i].type == field.type, "\(field.name) type")
                #expect(ours.schema.fields[i].metadata == field.metadata, "\(field.name) metadata")
                #expect(ours.schema.fields[i].isNullable == field.isNullable, "\(field.name) nullability")
                #expect(ours.columns[i].isLogicallyEqual(to: theirs), "\(fixture.lastPathComponent) \(field.name): \(ours.columns[i]) vs \(theirs)")
            }
            let sorbet = try #require(builders[manifest.storeID]).sorbetSchema
            #expect(Set(sorbet.fields.map(\.name)) == Set(sorbetSchema.fields.map(\.name)))
            for field in sorbetSchema.fields {
                let mine = sorbet.fields.first { $0.name == field.name }
                #expect(mine?.metadata == field.metadata, "sorbet \(field.name) metadata")
                #expect(mine?.type == field.type, "sorbet \(field.name) type")
            }
        }
    }

    /// A recording built from scratch in Swift — several entities, all three timeline kinds,
    /// static and temporal chunks, nulls and cleared cells, a custom component, and a blueprint
    /// store beside it — passes official verify, and the official random-access reader
    /// (`RrdReader(path).store()`, which goes through our footer manifest) returns our values.
    @Test func fromScratchRecordingIsReadByTheOfficialSDK() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = StoreID(kind: .recording, recordingID: "rec_swift", applicationID: "swift_app")
        let blueprint = StoreID(kind: .blueprint, recordingID: "bp_swift", applicationID: "swift_app")
        let scalars = ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar")
        let frame = Timeline("frame", .sequence)
        let temporal = try Chunk(
            id: .next(), entityPath: "world/points", rowIDs: (0..<4).map { _ in .next() },
            timeColumns: [
                try TimeColumn(frame, times: [0, 1, 2, 3]),
                try TimeColumn(Timeline("sensor_time", .timestamp), times: [1_700_000_000_000_000_000, 1_700_000_000_100_000_000, 1_700_000_000_200_000_000, 1_700_000_000_300_000_000]),
                try TimeColumn(Timeline("elapsed", .duration), times: [0, 10, 20, 30]),
            ],
            components: [try ComponentColumn(descriptor: scalars, data: try listOfFloats([[1, 2, 3, 4, 5, 6], [], nil, [7, 8, 9]]))])
        let second = try Chunk(
            id: .next(), entityPath: "plots/b", rowIDs: (0..<3).map { _ in .next() },
            timeColumns: [try TimeColumn(frame, times: [5, 3, 4])],  // unsorted times
            components: [try ComponentColumn(descriptor: scalars, data: try listOfFloats([[0.5], [-1], [2.25]]))])
        let staticChunk = try Chunk(
            id: .next(), entityPath: "notes", rowIDs: [.next()], timeColumns: [],
            components: [try ComponentColumn(descriptor: ComponentDescriptor(component: "custom"), data: try listOfFloats([[42]]))])
        let blueprintChunk = try Chunk(
            id: .next(), entityPath: "custom_panel", rowIDs: [.next()],
            timeColumns: [try TimeColumn(Timeline("blueprint", .sequence), times: [0])],
            components: [try ComponentColumn(descriptor: ComponentDescriptor(component: "custom_state"), data: try listOfFloats([[1]]))])
        var encoder = RRDEncoder()
        var bytes = try encoder.encode(.setStoreInfo(StoreInfo(storeID: store, source: .rerunSwift)))
        for chunk in [temporal, second, staticChunk] {
            bytes += try encoder.encode(.arrow(ArrowMessage(storeID: store, chunk: chunk)))
        }
        bytes += try encoder.encode(.setStoreInfo(StoreInfo(storeID: blueprint, source: .rerunSwift)))
        bytes += try encoder.encode(.arrow(ArrowMessage(storeID: blueprint, chunk: blueprintChunk)))
        bytes += try encoder.encode(.blueprintActivation(BlueprintActivation(blueprintID: blueprint, makeActive: true, makeDefault: true)))
        bytes += try encoder.finish()
        let file = dir.appendingPathComponent("scratch.rrd")
        try Data(bytes).write(to: file)
        let verify = try Oracle.runRerun(["rrd", "verify", file.path])
        #expect(verify.status == 0, "\(verify.output)")
        let dump = try Oracle.runPython("""
            import sys, json, pyarrow as pa, rerun as rr
            def plain(col):  # timestamps and durations as raw int64 nanoseconds
                if pa.types.is_timestamp(col.type) or pa.types.is_duration(col.type):
                    return col.cast(pa.int64())
                return col
            reader = rr.chunk.RrdReader(sys.argv[1])
            out = {"recordings": len(reader.recordings()), "blueprints": len(reader.blueprints()), "chunks": []}
            for c in reader.store().stream():
                b = c.to_record_batch()
                out["chunks"].append({"entity": c.entity_path, "static": c.is_static,
                            "cols": {n: plain(b.column(n)).to_pylist() for n in b.schema.names if n != "rerun.controls.RowId"}})
            print(json.dumps(out, default=str, sort_keys=True))
            """, arguments: [file.path])
        let text = String(decoding: dump, as: UTF8.self)
        #expect(text.contains(#""blueprints": 1"#), "\(text)")
        #expect(text.contains(#""recordings": 1"#), "\(text)")
        #expect(text.contains(#""entity": "/world/points""#))
        #expect(text.contains(#""Scalars:scalars": [[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [], null, [7.0, 8.0, 9.0]]"#), "\(text)")
        #expect(text.contains(#""frame": [0, 1, 2, 3]"#), "\(text)")
        #expect(text.contains(#""elapsed": [0, 10, 20, 30]"#), "\(text)")
        #expect(text.contains(#""sensor_time": [1700000000000000000, 1700000000100000000, 1700000000200000000, 1700000000300000000]"#), "\(text)")
        #expect(text.contains(#""Scalars:scalars": [[0.5], [-1.0], [2.25]]"#), "\(text)")
        #expect(text.contains(#""custom": [[42.0]]"#), "\(text)")
        #expect(text.contains(#""static": true"#))
    }

    /// A list<float64> array from optional rows (nil = null cell).
    func listOfFloats(_ rows: [[Double]?]) throws -> ArrayData {
        var offsets: [Int32] = [0]
        var values: [Double] = []
        var validity = [UInt8](repeating: 0, count: (rows.count + 7) / 8)
        for (i, row) in rows.enumerated() {
            if let row {
                values += row
                validity[i / 8] |= 1 << UInt8(i % 8)
            }
            offsets.append(Int32(values.count))
        }
        let child = ArrayData(type: .float64, length: values.count, nullCount: 0, buffers: [nil, Buffer(copyingValuesOf: values)])
        let list = ArrayData(type: .list(Field("item", .float64)), length: rows.count,
                             buffers: [Buffer(copying: validity), Buffer(copyingValuesOf: offsets)], children: [child])
        try list.validate()
        return list
    }
}
