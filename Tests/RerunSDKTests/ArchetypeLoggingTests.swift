import Foundation
import Rerun
import RerunArrow
import RerunTestSupport
import Testing

/// Logging the generated archetypes through the SDK: the official tools accept the file, and
/// the official reader sees our values.
@Suite struct ArchetypeLoggingTests {
    @Test func archetypesLoggedFromSwiftAreReadByTheOfficialSDK() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("archetypes.rrd").path
        let rec = try RecordingStream(applicationID: "swift_archetypes", recordingID: "rec_archetypes", savingTo: path)
        for i in 0..<3 {
            rec.setTime("frame", sequence: Int64(i))
            let f = Float(i)
            try rec.log("world/points", Points3D(positions: [[f, 0, 0], [0, f, 0]], radii: Components.Radius(value: 0.5),
                                                 colors: Components.Color(255, 0, 0)))
            try rec.log("plots/sine", Scalars(scalars: [Components.Scalar(value: sin(Double(i)))]))
            try rec.log("log", TextLog(text: [Components.Text(stringLiteral: "step \(i)")], level: Components.TextLogLevel.info))
        }
        try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
        try rec.finish()
        let verify = try Oracle.runRerun(["rrd", "verify", path])
        #expect(verify.status == 0, "\(verify.output)")
        let out = try Oracle.runPython("""
            import sys, json, rerun as rr
            got = {}
            for c in rr.chunk.RrdReader(sys.argv[1]).store().stream():
                b = c.to_record_batch()
                for n in b.schema.names:
                    if ":" in n:
                        got.setdefault(f"{c.entity_path}@{n}", []).extend(b.column(n).to_pylist())
            print(json.dumps(got, sort_keys=True, default=str))
            """, arguments: [path])
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains(#""/world/points@Points3D:positions": [[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]]"#), "\(text)")
        #expect(text.contains(#""/world/points@Points3D:colors": [[4278190335], [4278190335], [4278190335]]"#), "\(text)")
        #expect(text.contains(#""/log@TextLog:text": [["step 0"], ["step 1"], ["step 2"]]"#), "\(text)")
        #expect(text.contains(#""/log@TextLog:level": [["INFO"], ["INFO"], ["INFO"]]"#), "\(text)")
        #expect(text.contains(#"/world@ViewCoordinates:xyz"#), "\(text)")
    }
}
