// Text logs with levels, as a program would emit them, plus a markdown `TextDocument`.
// The viewer lists them in a text log view, colored and filterable by level.
//
//     swift run example-text-logs [FILE.rrd | --connect rerun+http://127.0.0.1:9876/proxy]
import Foundation
import Rerun

let arguments = Array(CommandLine.arguments.dropFirst())
let rec: RecordingStream
if arguments.first == "--connect" {
    rec = try RecordingStream(applicationID: "rerun_example_text_logs", connectingTo: arguments.dropFirst().first ?? GRPCEndpoint.default.url)
} else {
    let path = arguments.first ?? FileManager.default.temporaryDirectory.appendingPathComponent("text_logs.rrd").path
    rec = try RecordingStream(applicationID: "rerun_example_text_logs", savingTo: path)
    print("writing \(path)")
}

try rec.log("readme", TextDocument("""
    # Text logs
    Each line of `logs/…` is a `TextLog` with a level: **TRACE**, **DEBUG**, **INFO**, **WARN**,
    **ERROR** or **CRITICAL**. Any other text works too.
    """, mediaType: .markdown), static: true)

let levels: [Components.TextLogLevel] = [.trace, .debug, .info, .info, .info, .warn, .error, .critical]
for step in 0..<100 {
    rec.setTime("step", sequence: Int64(step))
    rec.setTime("time", duration: Double(step) * 0.1)
    let level = levels[step % levels.count]
    try rec.log("logs/app", TextLog("step \(step): everything is \(level.value.lowercased())", level: level))
    if step % 25 == 0 {
        // A custom color overrides the level's color.
        try rec.log("logs/network", TextLog("step \(step): heartbeat", level: .info, color: Components.Color(0, 160, 255)))
    }
}
try rec.finish()
