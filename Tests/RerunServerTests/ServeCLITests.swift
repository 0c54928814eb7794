import Foundation
import RerunModel
import RerunRRD
@testable import RerunServer
import RerunTestSupport
import Testing

// `rerun-swift serve` as a process: files, the official SDK, SIGTERM → a valid --save file; and
// the official Python SDK against the in-process server.
@Suite(.timeLimit(.minutes(4)))
struct ServeCLITests {
    /// A running `rerun-swift serve` child process.
    final class ServeProcess: @unchecked Sendable {
        // Safety: `process` is only used from the test's task.
        let process = Process()
        let directory: URL
        let ports: (main: Int, web: Int?)

        init(arguments: [String], directory: URL, command: String = "serve") async throws {
            self.directory = directory
            let portFile = directory.appendingPathComponent("ports-\(UUID().uuidString).json")
            process.executableURL = URL(fileURLWithPath: try Oracle.rerunSwiftExecutable())
            process.arguments = [command, "--grpc-port", "0", "--web-port", "0", "--port-file", portFile.path] + arguments
            process.currentDirectoryURL = directory
            var environment = ProcessInfo.processInfo.environment
            environment["DISPLAY"] = nil  // `view` must not start a browser in tests
            environment["WAYLAND_DISPLAY"] = nil
            process.environment = environment
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("stdout.txt").path, contents: nil)
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("stderr.txt").path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: directory.appendingPathComponent("stdout.txt"))
            process.standardError = try FileHandle(forWritingTo: directory.appendingPathComponent("stderr.txt"))
            try process.run()
            var found: (Int, Int?)?
            let deadline = ContinuousClock.now + .seconds(30)
            while found == nil {
                if let data = FileManager.default.contents(atPath: portFile.path),
                    let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let port = json["port"] as? Int
                {
                    found = (port, json["web_port"] as? Int)
                    break
                }
                guard process.isRunning, ContinuousClock.now < deadline else {
                    if process.isRunning { process.interrupt() }
                    throw ServerTestFailure("serve did not write its port file; stderr: \(Self.read(directory, "stderr.txt"))")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            ports = found!
        }

        static func read(_ directory: URL, _ name: String) -> String {
            String(decoding: FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) ?? Data(), as: UTF8.self)
        }

        var stdout: String { Self.read(directory, "stdout.txt") }
        var stderr: String { Self.read(directory, "stderr.txt") }

        /// Sends SIGTERM and waits (at most 30 s) for the exit status.
        func terminate() async throws -> Int32 {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(30)
            while process.isRunning {
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    throw ServerTestFailure("serve did not exit within 30 s of SIGTERM; stderr: \(stderr)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return process.terminationStatus
        }
    }

    /// `/api/info`'s recordings (ids).
    static func recordingIDs(port: Int, token: String? = nil) async throws -> [String] {
        let response = try await RawHTTP.send(port: port, target: "/api/info" + (token.map { "?token=\($0)" } ?? ""))
        guard response.status == 200,
            let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let list = json["recordings"] as? [[String: Any]]
        else { throw ServerTestFailure("bad /api/info: \(response.status) \(response.text)") }
        return list.compactMap { $0["id"] as? String }
    }

    static let sdkScript = """
        import sys, rerun as rr
        rr.init("py_app", recording_id=sys.argv[2])
        rr.connect_grpc(f"rerun+http://127.0.0.1:{sys.argv[1]}/proxy")
        for i in range(20):
            rr.set_time("frame", sequence=i)
            rr.log("points", rr.Points3D([[i, 0, 0], [0, i, 0]]))
            rr.log("scalar", rr.Scalars(float(i)))
        rr.disconnect()
        """

    @Test func serveLoadsFilesTakesTheOfficialSDKAndSavesOnSIGTERM() async throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.rrd")
        var encoder = RRDEncoder()
        var bytes: [UInt8] = []
        for message in try makeMessages(application: "file_app", recording: "file_rec", count: 10, blobBytes: 300) {
            bytes += try encoder.encode(message)
        }
        bytes += try encoder.finish()
        try Data(bytes).write(to: input)

        let serve = try await ServeProcess(arguments: [input.path, "--save", "out.rrd", "--memory-limit", "50%"], directory: directory)
        let port = serve.ports.main
        #expect(serve.ports.web == nil, "--web-port 0 disables the second port")
        #expect(serve.stdout.contains("rerun+http://127.0.0.1:\(port)/proxy"))
        #expect(serve.stdout.contains("http://127.0.0.1:\(port)/"))
        try await waitUntil(timeout: .seconds(30), "the file's recording") {
            (try? await Self.recordingIDs(port: port))?.contains { $0.contains("file_rec") } == true
        }
        _ = try await runPython(Self.sdkScript, arguments: [String(port), "py_rec"])
        try await waitUntil(timeout: .seconds(30), "the SDK's recording") {
            (try? await Self.recordingIDs(port: port))?.contains { $0.contains("py_rec") } == true
        }
        #expect(try await RawHTTP.send(port: port, target: "/").status == 200)

        let status = try await serve.terminate()
        #expect(status == 0, "stderr: \(serve.stderr)")
        let saved = directory.appendingPathComponent("out.rrd")
        let verify = try await blocking { try Oracle.runRerun(["rrd", "verify", saved.path]) }
        #expect(verify.status == 0, "\(verify.output)")
        let messages = try rrdMessages(saved)
        let stores = Set(messages.compactMap { if case .setStoreInfo(let info) = $0 { info.storeID.recordingID } else { nil } })
        #expect(stores.isSuperset(of: ["file_rec", "py_rec"]), "\(stores)")
        #expect(messages.count >= 12, "the file's 11 messages and the SDK's")
    }

    @Test func serveWithTokenRefusesTheSDKUnlessLocalGRPCIsAllowed() async throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let strict = try await ServeProcess(arguments: ["--token", "abc"], directory: directory)
        #expect(try await RawHTTP.send(port: strict.ports.main, target: "/api/info").status == 401)
        _ = try? await runPython(Self.sdkScript, arguments: [String(strict.ports.main), "refused_rec"])
        #expect(try await Self.recordingIDs(port: strict.ports.main, token: "abc").isEmpty, "the official SDK sends no token")
        #expect(try await strict.terminate() == 0)

        let local = try await ServeProcess(arguments: ["--token", "abc", "--allow-local-grpc-without-token"], directory: directory)
        _ = try await runPython(Self.sdkScript, arguments: [String(local.ports.main), "local_rec"])
        try await waitUntil(timeout: .seconds(30), "the local SDK's recording") {
            (try? await Self.recordingIDs(port: local.ports.main, token: "abc"))?.contains { $0.contains("local_rec") } == true
        }
        #expect(try await RawHTTP.send(port: local.ports.main, target: "/api/info").status == 401, "HTTP still needs it")
        #expect(try await local.terminate() == 0)
    }

    @Test func followTailsAGrowingFile() async throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("growing.rrd")
        var encoder = RRDEncoder()
        let messages = try makeMessages(application: "grow_app", recording: "grow_rec", count: 20, blobBytes: 100)
        var first: [UInt8] = []
        for message in messages.prefix(5) { first += try encoder.encode(message) }
        try Data(first).write(to: input)

        let serve = try await ServeProcess(arguments: [input.path, "--follow"], directory: directory)
        let port = serve.ports.main
        func chunks() async -> Int {
            guard let response = try? await RawHTTP.send(port: port, target: "/api/info"),
                let json = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                let list = json["recordings"] as? [[String: Any]]
            else { return 0 }
            return list.compactMap { $0["chunks"] as? Int }.reduce(0, +)
        }
        try await waitUntil(timeout: .seconds(30), "the first chunks") { await chunks() > 0 }
        let before = await chunks()
        var rest: [UInt8] = []
        for message in messages.dropFirst(5) { rest += try encoder.encode(message) }
        let handle = try FileHandle(forWritingTo: input)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(rest))
        try handle.close()
        try await waitUntil(timeout: .seconds(30), "the appended chunks") { await chunks() > before }
        #expect(try await serve.terminate() == 0)
    }

    @Test func badArgumentsFailWithClearMessages() async throws {
        let executable = try Oracle.rerunSwiftExecutable()
        let cases: [([String], String)] = [
            (["--memory-limit", "12XB"], "unknown unit"),
            (["--memory-limit", "150%"], "at most 100"),
            (["--memory-limit", "lots"], "is not a size"),
            (["--max-upload", "many"], "is not a size"),
            (["--grpc-port", "70000"], "is not a port"),
            (["--web-root", "/nonexistent/dir"], "is not a directory"),
        ]
        for (arguments, message) in cases {
            let (status, output) = try await blocking {
                try Oracle.runCapturingStatus(executable: executable, arguments: ["serve"] + arguments)
            }
            #expect(status != 0, "\(arguments)")
            #expect(output.contains(message), "\(arguments): \(output)")
        }
    }

    @Test func sizesParse() throws {
        let ram: UInt64 = 16 << 30
        #expect(try ServerLimits.parseSize("75%", physicalMemory: ram) == 12 << 30)
        #expect(try ServerLimits.parseSize("16GB", physicalMemory: ram) == 16_000_000_000)
        #expect(try ServerLimits.parseSize("512MiB", physicalMemory: ram) == 512 << 20)
        #expect(try ServerLimits.parseSize("1.5 gib", physicalMemory: ram) == 3 << 29)
        #expect(try ServerLimits.parseSize("4096", physicalMemory: ram) == 4096)
        #expect(try ServerLimits.parseSize("10KB", physicalMemory: ram) == 10_000)
        #expect(try ServerLimits.parseSize("2KiB", physicalMemory: ram) == 2048)
        #expect(try ServerLimits.parseSize("7B", physicalMemory: ram) == 7)
        for bad in ["", "%", "0%", "101%", "-1GB", "GB", "1.2.3MB", "5 parsecs", "0", "1e40TB"] {
            #expect(throws: SizeParseError.self, "\(bad)") { try ServerLimits.parseSize(bad, physicalMemory: ram) }
        }
    }

    // MARK: In-process server and the official SDK

    @Test func officialSDKStreamsIntoTheSamePort() async throws {
        let server = try await MuxServer.start()
        _ = try await runPython(Self.sdkScript, arguments: [String(server.port), "same_port_rec"])
        try await waitUntil(timeout: .seconds(30), "the SDK's data in the hub") {
            await server.hub.recordings().contains { $0.id.recordingID == "same_port_rec" && $0.chunkCount > 0 }
        }
        // The viewer's endpoints work on the same port meanwhile.
        #expect(try await RawHTTP.send(port: server.port, target: "/api/info").text.contains("same_port_rec"))
        try await server.stop()
    }

    @Test func officialSDKGetsAClearErrorForAnOversizedMessage() async throws {
        let server = try await MuxServer.start { $0.limits.maxGRPCMessageBytes = 1 << 20 }
        let script = """
            import sys, numpy as np, rerun as rr
            rr.init("big_app", recording_id=sys.argv[2])
            rr.connect_grpc(f"rerun+http://127.0.0.1:{sys.argv[1]}/proxy")
            rr.log("img", rr.Image(np.random.default_rng(1).integers(0, 255, (1000, 1000, 3), dtype=np.uint8)))
            rr.disconnect()
            """
        _ = try? await runPython(script, arguments: [String(server.port), "too_big"])
        try await waitUntil(timeout: .seconds(30), "the refusal is logged") {
            !server.log.problems(containing: "exceeds the server's limit of 1048576 bytes").isEmpty
        }
        // The server keeps serving: a normal SDK run afterwards lands.
        _ = try await runPython(Self.sdkScript, arguments: [String(server.port), "after_big"])
        try await waitUntil(timeout: .seconds(30), "the next recording") {
            await server.hub.recordings().contains { $0.id.recordingID == "after_big" && $0.chunkCount > 0 }
        }
        try await server.stop()
    }

    @Test func viewServesAndPrintsTheURLWithoutAGraphicalSession() async throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let view = try await ServeProcess(arguments: [], directory: directory, command: "view")
        try await waitUntil(timeout: .seconds(10), "the URL line") {
            view.stdout.contains("open http://127.0.0.1:\(view.ports.main)/ in a browser")
        }
        #expect(try await RawHTTP.send(port: view.ports.main, target: "/").status == 200)
        #expect(try await view.terminate() == 0)
    }
}
