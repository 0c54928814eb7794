import Foundation
import RerunRRD

/// Prints `message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Reads every input in turn, calling `body` with each event. Returns the inputs that failed,
/// after printing `error: FILE: problem` for each; reading goes on with the next input.
/// `workers > 0` decodes regular files on that many threads while `body` runs (same events, same
/// errors; see `RRDReader.read`) — for commands whose `body` does real work per chunk.
func forEachInput(_ paths: [String], workers: Int = 0, _ body: (String, RRDDecoder.Event) throws -> Void) -> [String] {
    var failed: [String] = []
    for path in paths {
        do {
            try RRDReader.read(RRDReader.Source(argument: path), workers: workers) { event in try body(path, event) }
        } catch {
            printError("error: \(path == "-" ? "<stdin>" : path): \(error)")
            failed.append(path)
        }
    }
    return failed
}

/// Human-readable byte counts: `512 B`, `1.4 KiB`, `2.0 MiB`.
func formatBytes(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return String(format: "%.1f %@", value, units[unit])
}
