import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import RerunTestSupport
import Synchronization
import Testing

/// `rerun-swift demo` without `--save`: it serves, logs the scene into its own server over gRPC,
/// and a client of that server (the official `rerun` CLI) receives the whole scene; SIGINT ends it.
@Suite struct DemoServeTests {
    @Test(.timeLimit(.minutes(2))) func demoServesTheSceneItLoggedAndStopsOnSIGINT() throws {
        let frames = 40
        let demo = try DemoProcess(arguments: ["demo", "--port", "0", "--no-open", "--frames", "\(frames)"])
        defer { demo.stop() }
        let banner = try demo.waitForOutput(containing: "logged \(frames) frames", timeout: .seconds(60))
        let port = try #require(Self.port(in: banner), "no gRPC URL in:\n\(banner)")

        // The server lists the demo recording.
        let info = try serverInfo(port: port)
        let json = try #require(try JSONSerialization.jsonObject(with: info) as? [String: Any])
        let recordings = try #require(json["recordings"] as? [[String: Any]])
        let demoRecording = recordings.first { $0["application_id"] as? String == "rerun_swift_demo" }
        #expect((demoRecording?["chunks"] as? Int ?? 0) > 0, "\(json)")

        // The official CLI, as a client of our server, receives the scene with its values.
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = dir.appendingPathComponent("relayed.rrd")
        let saver = try DemoProcess(
            executable: Oracle.rerunCLI(),
            arguments: ["rerun+http://127.0.0.1:\(port)/proxy", "--save", saved.path, "--port", "0", "--bind", "127.0.0.1"])
        var lastSize = -1
        for _ in 0..<60 {  // until the file stops growing (at most 30 s)
            Thread.sleep(forTimeInterval: 0.5)
            let size = (try? FileManager.default.attributesOfItem(atPath: saved.path)[.size] as? Int) ?? 0
            if size > 0, size == lastSize { break }
            lastSize = size
        }
        saver.stop()
        let checked = try Oracle.runPython(DemoSceneTests.checkScript, arguments: [saved.path, "\(frames)"])
        #expect(String(decoding: checked, as: UTF8.self).hasPrefix("OK"))

        // Ctrl-C: a clean exit.
        let status = try demo.interrupt(timeout: .seconds(15))
        #expect(status == 0, "\(demo.output)")
    }

    /// The port of `rerun+http://127.0.0.1:PORT/proxy` in the banner.
    static func port(in text: String) -> Int? {
        guard let range = text.range(of: "rerun+http://127.0.0.1:") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}

/// `GET /api/info` of a rerun-swift server on loopback `port`.
func serverInfo(port: Int) throws -> Data {
    try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/api/info")!)
}

/// A child process whose combined output is collected as it runs.
final class DemoProcess: @unchecked Sendable {
    // Safety: `@unchecked` because `process` is configured in `init` only; later calls only
    // read its state or signal it.
    private let process: Process
    private let collected = OutputBuffer()

    init(executable: String? = nil, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try executable ?? Oracle.rerunSwiftExecutable())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERUN_ANALYTICS"] = "false"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let collected = collected
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.data.withLock { $0.append(data) }
        }
        try process.run()
    }

    /// Everything the process printed so far.
    var output: String { collected.data.withLock { String(decoding: $0, as: UTF8.self) } }

    /// Waits until the output contains `text`; returns the output. Throws on timeout or exit.
    func waitForOutput(containing text: String, timeout: Duration) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = output
            if now.contains(text) { return now }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw DemoProcessFailure(description: "'\(text)' did not appear within \(timeout); output:\n\(output)")
    }

    /// Sends SIGINT and waits for the exit; returns the exit status.
    func interrupt(timeout: Duration) throws -> Int32 {
        kill(process.processIdentifier, SIGINT)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            throw DemoProcessFailure(description: "no exit within \(timeout) of SIGINT; output:\n\(output)")
        }
        return process.terminationStatus
    }

    /// Ends the process (SIGTERM, then SIGKILL after 3 s) if it still runs.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(3)
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Output collected from a child process's pipe.
final class OutputBuffer: Sendable {
    let data = Mutex(Data())
}

/// A child process did not do what a test waited for.
struct DemoProcessFailure: Error, CustomStringConvertible {
    let description: String
}
