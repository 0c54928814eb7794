import Foundation
import RerunRRD

/// Full decode of official `.rrd` recordings (framing + protobuf + LZ4 + Arrow IPC + chunk
/// conversion, through `RRDReader`, 4 MiB reads) and re-encode of the decoded messages, paired
/// with `Benchmarks/python/rrd_bench.py` (the official `rerun rrd verify FILE`, native binary).
///
/// Files live in `.bench/data/` (git-ignored; `RERUN_BENCH_DATA` overrides) and are generated
/// with the official SDK by `rrd_bench.py --prepare` when missing (see that script for what
/// w2l, w2c and w4l are). Per file:
/// - `decode F: wall` — median seconds of 5 in-process decodes (3 for w4l) after a warm-up;
///   also as `throughput` (file MB/s) and `per chunk` (µs per ArrowMsg);
/// - `decode F: process wall` / `process CPU` / `peak RSS` — one fresh process (this binary,
///   re-run with `RRD_BENCH_DECODE_ONCE=F`) decoding the file once: its whole-process wall time,
///   user+system CPU seconds (steadier on a loaded machine) and `VmHWM`;
/// - `encode F: throughput` — the decoded messages re-encoded with `RRDEncoder` (LZ4, footer
///   with manifests included), in output MB/s, median of the same number of runs.
///
/// `RRD_BENCH_FILES=w2c,w4l` restricts a run to some files (for profiling).
enum RRDBenchmark {
    /// File name stem, and samples per measurement.
    static let files: [(name: String, samples: Int)] = [("w2l", 5), ("w2c", 5), ("w4l", 3)]

    static let childVariable = "RRD_BENCH_DECODE_ONCE"

    static func run() {
        if let path = ProcessInfo.processInfo.environment[childVariable] {
            decodeOnceAsChild(path)
            return
        }
        let data = dataDirectory()
        ensureData(in: data)
        // `RRD_BENCH_FILES=w2c,w4l` restricts the run (for profiling).
        let only = ProcessInfo.processInfo.environment["RRD_BENCH_FILES"].map { Set($0.split(separator: ",").map(String.init)) }
        for (name, samples) in files where only?.contains(name) ?? true {
            let path = data + "/\(name).rrd"
            let size = fileSize(path)

            // In-process decode, every chunk converted.
            var stats = DecodeStats()
            let seconds = medianSeconds(samples: samples) { stats = decode(path) }
            let chunks = stats.chunks
            report(area: "rrd", case: "decode \(name): wall", value: seconds, unit: "s", higherIsBetter: false)
            report(area: "rrd", case: "decode \(name): throughput", value: Double(size) / seconds / 1e6, unit: "MB/s")
            report(area: "rrd", case: "decode \(name): per chunk", value: seconds / Double(chunks) * 1e6, unit: "us", higherIsBetter: false)

            // A fresh process decoding once: whole-process wall time and peak RSS.
            let child = decodeInChildProcess(path)
            report(area: "rrd", case: "decode \(name): process wall", value: child.wall, unit: "s", higherIsBetter: false)
            report(area: "rrd", case: "decode \(name): process CPU", value: child.cpu, unit: "s", higherIsBetter: false)
            report(area: "rrd", case: "decode \(name): peak RSS", value: child.peakMiB, unit: "MiB", higherIsBetter: false)

            // Encode the same messages again.
            let messages = decodeMessages(path)
            var encodedBytes = 0
            let encodeSeconds = medianSeconds(samples: samples) { encodedBytes = encode(messages) }
            report(area: "rrd", case: "encode \(name): throughput", value: Double(encodedBytes) / encodeSeconds / 1e6, unit: "MB/s")
            report(area: "rrd", case: "encode \(name): per chunk", value: encodeSeconds / Double(chunks) * 1e6, unit: "us", higherIsBetter: false)
            printError(
                "rrd bench (swift) \(name): \(size) bytes, \(stats.messages) messages, \(chunks) chunks; decode \(format(seconds)) s"
                    + " (process \(format(child.wall)) s, CPU \(format(child.cpu)) s, peak RSS \(format(child.peakMiB)) MiB, at start \(format(child.startMiB)) MiB);"
                    + " encode \(format(encodeSeconds)) s -> \(encodedBytes) bytes")
        }
    }

    // MARK: - Decode and encode

    struct DecodeStats {
        var messages = 0
        var chunks = 0
        var rows = 0
    }

    /// Decodes the whole file, converting every chunk, keeping nothing (`workers`: as
    /// `RRDReader.read`; 0 = serial, the default).
    static func decode(_ path: String, workers: Int = 0) -> DecodeStats {
        var stats = DecodeStats()
        do {
            try RRDReader.read(.file(path), workers: workers) { event in
                guard case .message(let message, _, _, _) = event else { return }
                stats.messages += 1
                if case .arrow(let arrow) = message {
                    stats.chunks += 1
                    stats.rows += arrow.chunk.rowCount
                }
            }
        } catch {
            fatalError("rrd bench: decoding \(path) failed: \(error)")
        }
        return stats
    }

    /// Decodes the whole file, keeping every message.
    static func decodeMessages(_ path: String) -> [LogMsg] {
        var messages: [LogMsg] = []
        do {
            try RRDReader.read(.file(path)) { event in
                if case .message(let message, _, _, _) = event { messages.append(message) }
            }
        } catch {
            fatalError("rrd bench: decoding \(path) failed: \(error)")
        }
        return messages
    }

    /// Encodes `messages` as one LZ4 stream with footer; returns the byte count.
    static func encode(_ messages: [LogMsg]) -> Int {
        var encoder = RRDEncoder(compression: .lz4)
        var total = 0
        do {
            for message in messages {
                let bytes = try encoder.encode(message)
                total += bytes.count
                blackHole(bytes)
            }
            total += try encoder.finish().count
        } catch {
            fatalError("rrd bench: encoding failed: \(error)")
        }
        return total
    }

    // MARK: - Peak RSS in a child process

    /// In the child: decode once, print `{"seconds":…, "start_kib":…, "peak_kib":…}`.
    static func decodeOnceAsChild(_ path: String) {
        let start = memoryStatus("VmHWM")
        let seconds = measure { blackHole(decode(path)) }
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6
        print(#"{"seconds": \#(seconds), "cpu": \#(cpu), "start_kib": \#(start), "peak_kib": \#(memoryStatus("VmHWM"))}"#)
    }

    /// Runs this executable again on `path` alone; returns its wall time and peak RSS.
    static func decodeInChildProcess(_ path: String) -> (wall: Double, cpu: Double, peakMiB: Double, startMiB: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath())
        process.arguments = ["rrd"]
        process.environment = ProcessInfo.processInfo.environment.merging([childVariable: path]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        var wall = 0.0
        do {
            wall = try measure {
                try process.run()
                process.waitUntilExit()
            }
        } catch {
            fatalError("rrd bench: cannot start the decode child process: \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double],
              let peak = object["peak_kib"], let start = object["start_kib"], let cpu = object["cpu"] else {
            fatalError("rrd bench: decode child failed (\(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return (wall, cpu, peak / 1024, start / 1024)
    }

    /// A `kB` field of `/proc/self/status` (`VmHWM` = peak resident set), in KiB; 0 if unknown.
    static func memoryStatus(_ field: String) -> Int {
        // /proc files report size 0, so read until end of file rather than by the stat size.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/status"),
              let bytes = try? handle.readToEnd() else { return 0 }
        try? handle.close()
        let status = String(decoding: bytes, as: UTF8.self)
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            let value = line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first
            return Int(value ?? "") ?? 0
        }
        return 0
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    // MARK: - Data files

    static func dataDirectory() -> String {
        ProcessInfo.processInfo.environment["RERUN_BENCH_DATA"] ?? FileManager.default.currentDirectoryPath + "/.bench/data"
    }

    /// Generates missing files with the official SDK via `rrd_bench.py --prepare`.
    static func ensureData(in directory: String) {
        let missing = files.map(\.name).filter { !FileManager.default.fileExists(atPath: directory + "/\($0).rrd") }
        guard !missing.isEmpty else { return }
        printError("rrd bench: missing \(missing.joined(separator: ", ")) in \(directory); generating with the official SDK (Benchmarks/python/rrd_bench.py --prepare)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ".venv/bin/python")
        process.arguments = ["Benchmarks/python/rrd_bench.py", "--prepare"] + missing
        process.standardOutput = FileHandle.standardError
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("rrd bench: cannot run .venv/bin/python (run from the repository root): \(error)")
        }
        guard process.terminationStatus == 0 else { fatalError("rrd bench: generating the data files failed") }
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
