public import Foundation

/// Runs the official implementations (pyarrow, python-lz4, rerun-sdk) that our tests compare
/// against. They live in the repository's `.venv`, which `Scripts/test.sh` creates.
///
/// There is no silent skip: if the venv is missing, every oracle call throws, and the test fails
/// with a message saying how to create it.
public enum Oracle {
    /// The error thrown when the oracle cannot be run or exits with a failure.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The repository root (the folder holding `Package.swift`).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The Python interpreter of the oracle venv: `$RERUN_SWIFT_PYTHON`, else `<repo>/.venv/bin/python`.
    public static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["RERUN_SWIFT_PYTHON"]
            ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "oracle Python not found at \(path); run Scripts/test.sh (it creates .venv with the pinned oracles)")
        }
        return path
    }

    /// Runs `python -c script args…`, feeding `input` on stdin, and returns stdout.
    /// Throws with the script's stderr if it exits non-zero.
    @discardableResult
    public static func runPython(_ script: String, arguments: [String] = [], input: Data? = nil) throws -> Data {
        try run(executable: python(), arguments: ["-c", script] + arguments, input: input)
    }

    /// Runs an executable and returns its stdout; throws with stderr on a non-zero exit.
    @discardableResult
    public static func run(executable: String, arguments: [String], input: Data? = nil) throws -> Data {
        ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        // Read both pipes concurrently with the write so large outputs cannot deadlock.
        let errData = LockedData()
        let outData = LockedData()
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            errData.set(stderr.fileHandleForReading.readDataToEndOfFile()); group.leave()
        }
        group.enter()
        Thread.detachNewThread {
            outData.set(stdout.fileHandleForReading.readDataToEndOfFile()); group.leave()
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData.get(), as: UTF8.self)
            throw Failure(description: "\(executable) \(arguments.prefix(1).joined()) … exited \(process.terminationStatus):\n\(message)")
        }
        return outData.get()
    }

    /// A fresh temporary directory, unique per call.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rerun-swift-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The same recording written by us and by the official SDK, side by side in a fresh
    /// temporary directory: `logSwift` is given the path of `swift.rrd` to write, `pythonScript`
    /// (official SDK) is run with the path of `python.rrd` as its argument; `body` gets both
    /// paths (ours, theirs). The directory is removed afterwards.
    public static func withSwiftAndOfficialRecordings<T>(
        logSwift: (String) throws -> Void, pythonScript: String, _ body: (_ ours: String, _ theirs: String) throws -> T
    ) throws -> T {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ours = dir.appendingPathComponent("swift.rrd").path
        let theirs = dir.appendingPathComponent("python.rrd").path
        try logSwift(ours)
        try runPython(pythonScript, arguments: [theirs])
        return try body(ours, theirs)
    }
}

/// A child that exits before reading all of its stdin must not kill the test process with SIGPIPE;
/// the write then fails and the child's exit status and stderr explain what happened.
private let ignoreBrokenPipes: Void = {
    signal(SIGPIPE, SIG_IGN)
}()

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

extension Oracle {
    /// `Tests/Fixtures/rrd`: `.rrd`/`.rbl` files written by the official rerun-sdk 0.41.0.
    public static var fixturesDirectory: URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures/rrd")
    }

    /// `Tests/Oracle/rrd_ref.py`: the spec's Python reference reader/writer (pyarrow-based).
    public static var referenceTool: String {
        repositoryRoot.appendingPathComponent("Tests/Oracle/rrd_ref.py").path
    }
}

extension Oracle {
    /// The official `rerun` 0.41 CLI from the venv's `rerun-cli` wheel (the native binary, not
    /// the Python wrapper, which adds start-up time).
    public static func rerunCLI() throws -> String {
        let python = try python()
        let venv = URL(fileURLWithPath: python).deletingLastPathComponent().deletingLastPathComponent()
        let lib = venv.appendingPathComponent("lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        for version in versions where version.hasPrefix("python") {
            let native = lib.appendingPathComponent("\(version)/site-packages/rerun_cli/rerun").path
            if FileManager.default.isExecutableFile(atPath: native) { return native }
        }
        let wrapper = venv.appendingPathComponent("bin/rerun").path
        guard FileManager.default.isExecutableFile(atPath: wrapper) else {
            throw Failure(description: "the official rerun CLI is not in \(venv.path); run Scripts/test.sh")
        }
        return wrapper
    }

    /// Runs the official `rerun` CLI; returns (exit status, stdout + stderr).
    public static func runRerun(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try runCapturingStatus(executable: rerunCLI(), arguments: arguments)
    }

    /// Runs an executable; returns its exit status and combined stdout and stderr.
    public static func runCapturingStatus(executable: String, arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        ignoreBrokenPipes
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["RERUN_ANALYTICS"] = "false"
        process.environment = environment
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        let collected = LockedData()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            collected.set(output.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try stdin.fileHandleForWriting.close()
        done.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: collected.get(), as: UTF8.self))
    }

    /// Every official fixture file (`.rrd` and `.rbl`), sorted by name.
    public static func fixtureFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: fixturesDirectory, includingPropertiesForKeys: nil)
            .filter { ["rrd", "rbl"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The built `rerun-swift` executable (from `swift build`), next to the test bundle.
    public static func rerunSwiftExecutable() throws -> String {
        let candidates = [
            repositoryRoot.appendingPathComponent(".build/debug/rerun-swift").path,
            repositoryRoot.appendingPathComponent(".build/release/rerun-swift").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "rerun-swift is not built; run `swift build` (Scripts/test.sh does)")
        }
        return found
    }
}
