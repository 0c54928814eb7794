import Foundation
import RerunTestSupport
import Testing

/// The examples in `Examples/` run and write files the official tools accept.
@Suite struct ExamplesTests {
    @Test(arguments: ["example-camera", "example-robot-arm", "example-text-logs"])
    func exampleWritesAFileTheOfficialToolsVerify(name: String) throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(name).rrd").path
        let run = try Oracle.runCapturingStatus(executable: builtExecutable(name), arguments: [path])
        #expect(run.status == 0, "\(run.output)")
        let verify = try Oracle.runRerun(["rrd", "verify", path])
        #expect(verify.status == 0, "\(verify.output)")
        let entities = try Oracle.runPython("""
            import sys, rerun as rr
            print(" ".join(sorted({str(c.entity_path) for c in rr.chunk.RrdReader(sys.argv[1]).store().stream()})))
            """, arguments: [path])
        let expected: [String: [String]] = [
            "example-camera": ["/world", "/world/camera", "/world/camera/image", "/world/camera/image/markers", "/world/markers"],
            "example-robot-arm": ["/world/arm", "/world/arm/yaw", "/world/arm/yaw/shoulder", "/world/arm/yaw/shoulder/elbow",
                                  "/world/arm/yaw/shoulder/elbow/tool"],
            "example-text-logs": ["/logs/app", "/logs/network", "/readme"],
        ]
        let found = Set(String(decoding: entities, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init))
        for entity in expected[name] ?? [] {
            #expect(found.contains(entity), "\(name): \(entity) missing from \(found.sorted())")
        }
    }

    @Test(.timeLimit(.minutes(1))) func exampleStreamsToARunningServerWithConnect() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let portFile = dir.appendingPathComponent("port.json")
        let server = try DemoProcess(arguments: ["serve", "--grpc-port", "0", "--web-port", "0", "--port-file", portFile.path])
        defer { server.stop() }
        _ = try server.waitForOutput(containing: "/proxy", timeout: .seconds(30))
        let port = try #require(DemoServeTests.port(in: server.output), "no gRPC URL in:\n\(server.output)")
        let run = try Oracle.runCapturingStatus(
            executable: builtExecutable("example-text-logs"), arguments: ["--connect", "rerun+http://127.0.0.1:\(port)/proxy"])
        #expect(run.status == 0, "\(run.output)")
        let info = try serverInfo(port: port)
        let json = try #require(try JSONSerialization.jsonObject(with: info) as? [String: Any])
        let recordings = try #require(json["recordings"] as? [[String: Any]])
        let example = recordings.first { $0["application_id"] as? String == "rerun_example_text_logs" }
        #expect((example?["chunks"] as? Int ?? 0) > 0, "\(json)")
    }
}

/// An executable of this package, built next to the tests (`swift build --build-tests` builds
/// every executable target).
func builtExecutable(_ name: String) throws -> String {
    var candidates: [URL] = []
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent(name))
        dir.deleteLastPathComponent()
    }
    candidates.append(Oracle.repositoryRoot.appendingPathComponent(".build/debug/\(name)"))
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw MissingExecutable(description: "\(name) is not built (looked in \(candidates.map(\.path))); run swift build --build-tests")
    }
    return found.path
}

/// A package executable the tests need is not built.
struct MissingExecutable: Error, CustomStringConvertible {
    let description: String
}
