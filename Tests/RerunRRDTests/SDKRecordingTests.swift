import Foundation
import RerunRRD
import RerunTestSupport
import Testing

/// Files the official SDK writes during the test, with fresh random content.
@Suite struct SDKRecordingTests {
    /// Thousands of chunks (one row each, `RERUN_FLUSH_NUM_ROWS=1`) across many entities, archetypes
    /// and timelines: our decoder sees the same chunks and values as the official reader, and our
    /// re-encoding passes the official verifier.
    @Test func thousandsOfChunksDecodeLikeTheOfficialReader() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sdk.rrd").path
        try Oracle.runPython("""
            import os, sys
            os.environ["RERUN_FLUSH_NUM_ROWS"] = "1"
            import numpy as np, rerun as rr
            rng = np.random.default_rng()
            rr.init("sdk_test", recording_id="rec_sdk_test")
            rr.save(sys.argv[1])
            for i in range(700):
                rr.set_time("frame", sequence=i)
                rr.set_time("sensor", timestamp=1.7e9 + i * 0.01)
                rr.log(f"world/points/{i % 40}", rr.Points3D(rng.random((int(rng.integers(1, 50)), 3)), colors=rng.integers(0, 255, (1, 3), dtype=np.uint8), radii=float(rng.random())))
                rr.log(f"plots/{i % 5}", rr.Scalars(float(rng.normal())))
                if i % 10 == 0:
                    rr.log("log", rr.TextLog(f"message {i} {rng.integers(1e9)}", level="INFO"))
                    rr.log(f"images/{i % 3}", rr.Image(rng.integers(0, 255, (8, 12, 3), dtype=np.uint8)))
            rr.disconnect()
            """, arguments: [path])
        let events = try decodeAll(Array(Data(contentsOf: URL(fileURLWithPath: path))))
        let chunkCount = messages(events).filter { if case .arrow = $0 { true } else { false } }.count
        #expect(chunkCount > 1000, "\(chunkCount) chunks")
        try expectChunksEqualOfficialReader(path)
        let copy = dir.appendingPathComponent("copy.rrd")
        try Data(try reencode(events, compression: .lz4)).write(to: copy)
        let verify = try Oracle.runRerun(["rrd", "verify", copy.path])
        #expect(verify.status == 0, "\(verify.output)")
    }
}
