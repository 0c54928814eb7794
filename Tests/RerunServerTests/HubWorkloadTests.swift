import Foundation
import RerunChunk
import RerunModel
import RerunRRD
import RerunServer
import RerunStore
import RerunTestSupport
import Testing

/// The official Python SDK streams the benchmark workloads (scaled down) into our server with
/// `rr.connect_grpc`-equivalent sinks while also saving the same stream with `rr.save`; the
/// hub's `--save` output must then equal the SDK's file (`rerun rrd compare`), and the hub's
/// stores must hold exactly the file's chunks.
@Suite(.serialized)
struct HubWorkloadTests {
    /// Workload script, arguments (scaled down to a few seconds each).
    static let workloads: [(script: String, arguments: [String])] = [
        ("w1_scalars.py", ["--mode", "log", "--n", "6000", "--series", "6"]),
        ("w2_points.py", ["--mode", "columns", "--frames", "8", "--points", "5000"]),
        ("w3_images.py", ["--mode", "log", "--n", "6", "--width", "320", "--height", "240"]),
        ("w4_entities.py", ["--mode", "log", "--entities", "300", "--steps", "4"]),
        ("w5_textlogs.py", ["--mode", "columns", "--n", "20000", "--batch", "4000"]),
        ("w6_transforms.py", ["--mode", "log", "--robots", "2", "--links", "4", "--steps", "150"]),
    ]

    @Test(arguments: workloads.indices)
    func officialSDKWorkloadMatchesItsOwnFile(_ index: Int) async throws {
        let (script, arguments) = Self.workloads[index]
        let path = try Self.workloadPath(script)
        let outcome = try await Self.run(
            harness: Self.workloadHarness,
            arguments: [path.deletingLastPathComponent().path, path.lastPathComponent] + arguments)
        #expect(outcome.chunkCount > 0)
    }

    /// A 10 MB image in one message, a blueprint (`rr.send_blueprint`), and a few small images.
    @Test func largeImageAndBlueprint() async throws {
        let outcome = try await Self.run(harness: Self.imageAndBlueprintHarness, arguments: [])
        let summaries = outcome.summaries
        #expect(summaries.contains { $0.kind == .blueprint && $0.applicationID == "server_images" })
        #expect(summaries.first { $0.kind == .recording }?.applicationID == "server_images")
        #expect(outcome.largestPayload >= 10_000_000)
    }

    struct Outcome {
        var summaries: [RecordingSummary]
        var chunkCount: Int
        var largestPayload: Int
    }

    /// Starts a hub server saving to a file, runs `harness` (which saves to its `--out` and
    /// streams to `--url`), waits until the hub has every message of the SDK's file, then
    /// compares the two files and the stores' chunks.
    static func run(harness: String, arguments: [String]) async throws -> Outcome {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sdkFile = directory.appendingPathComponent("sdk.rrd")
        let hubFile = directory.appendingPathComponent("hub.rrd")
        let server = try await HubServer.start(.init(savePath: hubFile))
        do {
            _ = try await runPython(harness, arguments: [server.url, sdkFile.path] + arguments)
            let expected = try await blocking { try rrdMessages(sdkFile) }
            try await waitUntil(timeout: .seconds(60), "hub has all \(expected.count) messages") {
                await server.hub.statistics().messagesAccepted >= expected.count
            }
            try await server.hub.finish()
            let problems = server.log.messages.filter { $0.level >= .warning }
            #expect(problems.isEmpty, "server logged problems: \(problems.map(\.text))")
            let stats = await server.hub.statistics()
            #expect(stats.messagesAccepted == expected.count)
            #expect(stats.messagesRejected == 0)

            let compare = try await blocking { try Oracle.runRerun(["rrd", "compare", sdkFile.path, hubFile.path]) }
            #expect(compare.status == 0, "rerun rrd compare: \(compare.output)")
            let verify = try await blocking { try Oracle.runRerun(["rrd", "verify", hubFile.path]) }
            #expect(verify.status == 0, "rerun rrd verify: \(verify.output)")

            // Every chunk of the SDK's file is in the hub's store of that id, unchanged.
            var chunkCount = 0
            var largest = 0
            for case .arrow(let arrow) in expected {
                chunkCount += 1
                largest = max(largest, arrow.encodedSize?.uncompressed ?? 0)
                let store = try #require(await server.hub.store(for: arrow.storeID))
                #expect(store.hasSeen(chunkID: arrow.chunk.id))
            }
            let summaries = await server.hub.recordings()
            let sizes = [sdkFile, hubFile].map { (try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int) ?? 0 }
            print("workload \(arguments.dropFirst().first ?? "images"): \(expected.count) messages, \(chunkCount) chunks, SDK file \(sizes[0]) B, hub file \(sizes[1]) B, compare: \(compare.output.trimmingCharacters(in: .whitespacesAndNewlines).suffix(80))")
            let storeIDs = Set(expected.map(\.storeID))
            #expect(Set(summaries.map(\.id)) == storeIDs)
            await server.stop()
            return Outcome(summaries: summaries, chunkCount: chunkCount, largestPayload: largest)
        } catch {
            await server.stop()
            throw error
        }
    }

    /// `Benchmarks/workloads/NAME`, else the team's copy in `../shared/bench`.
    static func workloadPath(_ name: String) throws -> URL {
        let candidates = [
            Oracle.repositoryRoot.appendingPathComponent("Benchmarks/workloads/\(name)"),
            Oracle.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/\(name)"),
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw ServerTestFailure("workload \(name) not found in \(candidates.map(\.path))")
        }
        return found
    }

    /// Runs a workload script with its sink replaced by a gRPC sink plus a file sink (the same
    /// batched chunks go to both). Arguments: URL, OUT, WORKLOAD_DIR, SCRIPT, script args…
    static let workloadHarness = """
        import os, runpy, sys
        url, out, wdir, script = sys.argv[1:5]
        extra = sys.argv[5:]
        sys.path.insert(0, wdir)
        import common
        import rerun as rr
        def open_sink(rr_, args):
            rr_.set_sinks(rr_.GrpcSink(url), rr_.FileSink(args.out))
        common.open_sink = open_sink
        os.environ.pop("RRBENCH_GRPC", None)
        sys.argv = [script, "--out", out] + extra
        runpy.run_path(os.path.join(wdir, script), run_name="__main__")
        """

    /// Images (one of 10 MB) and a blueprint, to a gRPC sink plus a file sink. Arguments: URL, OUT.
    static let imageAndBlueprintHarness = """
        import sys
        import numpy as np
        import rerun as rr
        import rerun.blueprint as rrb
        url, out = sys.argv[1:3]
        rr.init("server_images", recording_id="images")
        rr.set_sinks(rr.GrpcSink(url), rr.FileSink(out))
        rr.send_blueprint(rrb.Blueprint(rrb.Spatial2DView(origin="/camera", name="Camera")), make_active=True)
        rng = np.random.default_rng(0)
        for i in range(3):
            rr.set_time("frame", sequence=i)
            rr.log("/camera/image", rr.Image(rng.integers(0, 256, size=(120, 160, 3), dtype=np.uint8)))
        rr.set_time("frame", sequence=3)
        big = rng.integers(0, 256, size=(1824, 1920, 3), dtype=np.uint8)  # 10.5 MB, incompressible
        rr.log("/camera/big", rr.Image(big))
        rr.get_global_data_recording().flush()
        rr.disconnect()
        """
}
