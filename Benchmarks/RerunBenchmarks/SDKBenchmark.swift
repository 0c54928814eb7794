import Foundation
import Rerun

/// Per-call logging cost of the Swift SDK on the official workloads' `--mode log` variants
/// (same shapes and counts as `Benchmarks/python/sdk_bench.py` passes to the official scripts):
/// t_sdk = open the recording + every `log` call + `finish()` (footer on disk), data pre-generated.
enum SDKBenchmark {
    /// Workload sizes shared with `sdk_bench.py` (keep in sync).
    static let w1Calls = 100_000, w1Series = 10
    static let w4Entities = 10_000, w4Steps = 2
    static let w5Calls = 50_000
    static let w6Robots = 5, w6Links = 10, w6Steps = 1_000

    static func run() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rerun-sdk-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.rrd").path
        do {
            try w1(path)
            try w4(path)
            try w5(path)
            try w6(path)
            try runColumns(path)
        } catch {
            FileHandle.standardError.write(Data("sdk benchmark failed: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Reports calls per second for one workload, median of 5 runs of `body` (which returns the call count).
    static func timed(_ name: String, _ body: () throws -> Int) rethrows {
        var calls = 0
        let seconds = try medianSeconds(samples: 5) { calls = try body() }
        report(area: "sdk", case: "\(name) log calls/s", value: Double(calls) / seconds, unit: "calls/s")
    }

    static func open(_ app: String, _ path: String) throws -> RecordingStream {
        try RecordingStream(applicationID: app, recordingID: app, savingTo: path)
    }

    /// W1l: scalars, time-major over `w1Series` series.
    static func w1(_ path: String) throws {
        var rng = SplitMix(seed: 1)
        let steps = w1Calls / w1Series
        let values = (0..<w1Calls).map { _ in rng.nextDouble() }
        let paths = (0..<w1Series).map { "/series/\($0)" }
        try timed("w1l") {
            let rec = try open("bench_w1_scalars", path)
            for t in 0..<steps {
                rec.setTime("step", sequence: Int64(t))
                for k in 0..<w1Series {
                    try rec.log(paths[k], Scalars(scalars: [Components.Scalar(value: values[t * w1Series + k])]))
                }
            }
            try rec.finish()
            return steps * w1Series
        }
    }

    /// W4l: a Points3D of 3 points into each of 10,000 entities per step.
    static func w4(_ path: String) throws {
        var rng = SplitMix(seed: 4)
        let points = (0..<(w4Entities * w4Steps * 3)).map { _ in
            Components.Position3D(Float(rng.nextDouble()), Float(rng.nextDouble()), Float(rng.nextDouble()))
        }
        let paths = (0..<w4Entities).map { "/entities/e\($0)" }
        try timed("w4l") {
            let rec = try open("bench_w4_entities", path)
            for t in 0..<w4Steps {
                rec.setTime("step", sequence: Int64(t))
                for e in 0..<w4Entities {
                    let base = (e * w4Steps + t) * 3
                    try rec.log(paths[e], Points3D(positions: Array(points[base..<(base + 3)])))
                }
            }
            try rec.finish()
            return w4Entities * w4Steps
        }
    }

    /// W5l: one TextLog line per call.
    static func w5(_ path: String) throws {
        var rng = SplitMix(seed: 5)
        let levels: [Components.TextLogLevel] = [.info, .info, .info, .debug, .info, .warn, .info, .error]
        let messages = (0..<w5Calls).map { i in
            "frame \(i): subsystem \(i % 17) processed \(Int(rng.nextDouble() * 100_000)) items in \(String(format: "%.3f", rng.nextDouble() * 50)) ms"
        }
        try timed("w5l") {
            let rec = try open("bench_w5_textlogs", path)
            for i in 0..<w5Calls {
                rec.setTime("step", sequence: Int64(i))
                try rec.log("/logs", TextLog(text: [Components.Text(messages[i])], level: levels[i % 8]))
            }
            try rec.finish()
            return w5Calls
        }
    }

    /// W6l: a Transform3D (translation + quaternion) per link of 5 robots × 10 links per step.
    static func w6(_ path: String) throws {
        var paths: [String] = []
        for r in 0..<w6Robots {
            var p = "/world/r\(r)"
            for l in 0..<w6Links {
                p += "/l\(l)"
                paths.append(p)
            }
        }
        let entities = paths.count
        var rng = SplitMix(seed: 6)
        let translations = (0..<(entities * w6Steps)).map { _ in
            Components.Translation3D(Float(rng.nextDouble()), Float(rng.nextDouble()), Float(rng.nextDouble()))
        }
        let quaternions = (0..<(entities * w6Steps)).map { _ in
            let angle = Float(rng.nextDouble() * 2 * .pi)
            return Components.RotationQuat(x: 0, y: 0, z: sin(angle / 2), w: cos(angle / 2))
        }
        try timed("w6l") {
            let rec = try open("bench_w6_transforms", path)
            for t in 0..<w6Steps {
                rec.setTime("step", sequence: Int64(t))
                for e in 0..<entities {
                    let i = e * w6Steps + t
                    try rec.log(paths[e], Transform3D(translation: translations[i], quaternion: quaternions[i]))
                }
            }
            try rec.finish()
            return entities * w6Steps
        }
    }
}

/// A small deterministic generator (SplitMix64) for benchmark data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A double in [0, 1).
    mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
