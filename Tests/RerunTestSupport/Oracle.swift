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
}

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
