import ArgumentParser
import Foundation
import Rerun
import RerunDemo

/// `rerun-swift demo`: logs the built-in synthetic scene (`DemoScene`) with the Swift SDK, into
/// a server started in-process (the `serve` command's), or into an `.rrd` file with `--save`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Serve the viewer with a built-in demo scene (robot arm, point cloud, camera, signals, text logs).",
        discussion: """
            Starts the server (as 'serve' does) on --port, logs the scene into it over gRPC with the \
            Swift SDK, opens the viewer in a browser (unless --no-open) and serves until SIGINT or \
            SIGTERM. With --save, writes the scene to an .rrd file and exits instead.
            """)

    @Option(name: .long, help: "Number of frames to log (30 frames per second of the 'time' timeline).")
    var frames: Int = DemoScene.defaultFrames

    @Option(name: .long, help: "The server's port: gRPC, the viewer and its WebSocket (0 = any free port).")
    var port = 9876

    @Option(name: .long, help: "Write the scene to this .rrd file and exit instead of serving it.")
    var save: String?

    @Flag(name: .long, help: "Do not open the viewer in a browser.")
    var noOpen = false

    @Flag(name: .long, help: "Log the frames in real time (30 per second) instead of all at once.")
    var realtime = false

    func validate() throws {
        guard frames >= 0 else { throw ValidationError("--frames must be 0 or more, got \(frames)") }
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port") }
    }

    func run() async throws {
        if let save {
            let rec = try RecordingStream(applicationID: DemoScene.applicationID, savingTo: save)
            try await logScene(to: rec)
            try rec.finish()
            print("wrote \(frames) frames of the demo scene to \(save)")
            return
        }
        // The serve command does the serving; it reports the bound port through a port file.
        let portFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("rerun-swift-demo-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: portFile) }
        let serve = try ServeOptions.parse(["--grpc-port", "\(port)", "--web-port", "0", "--port-file", portFile.path])
        // Serve until a signal; log the scene meanwhile (the logging stops when the server does).
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await serve.serve(openBrowser: !noOpen)
                return true
            }
            group.addTask {
                let bound = try await Self.waitForPort(in: portFile, timeout: .seconds(30))
                let rec = try RecordingStream(applicationID: DemoScene.applicationID,
                                              connectingTo: "rerun+http://127.0.0.1:\(bound)/proxy")
                try await logScene(to: rec)
                try rec.finish()
                ServeOptions.say("rerun-swift demo: logged \(frames) frames; serving until Ctrl-C\n")
                return false
            }
            while let serverEnded = try await group.next() {
                if serverEnded {
                    group.cancelAll()
                    return
                }
            }
        }
    }

    /// Logs the static data and every frame, sleeping between frames with `--realtime`.
    private func logScene(to rec: RecordingStream) async throws {
        try DemoScene.logStatic(to: rec)
        let clock = ContinuousClock()
        let start = clock.now
        for frame in 0..<frames {
            try Task.checkCancellation()
            if realtime {
                try await clock.sleep(until: start + .seconds(1) * frame / DemoScene.framesPerSecond)
            }
            try DemoScene.logFrame(frame, to: rec)
        }
    }

    /// Reads the port `serve` writes once it listens (`{"port":…}`), polling every 20 ms.
    private static func waitForPort(in file: URL, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let data = try? Data(contentsOf: file),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               let port = object["port"] as? Int {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ServeError("rerun-swift demo: the server did not start listening within \(timeout)")
    }
}
