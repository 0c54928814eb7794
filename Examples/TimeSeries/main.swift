// A small time-series dashboard: two sine waves logged per step and a text log, plus a
// million samples sent in one columnar call. Saved to time_series.rrd.
//
//     swift run example-time-series && swift run rerun-swift rrd stats time_series.rrd
import Foundation
import Rerun
import RerunArrow

let path = CommandLine.arguments.dropFirst().first ?? "time_series.rrd"
let rec = try RecordingStream(applicationID: "rerun_example_time_series", savingTo: path)
for step in 0..<1_000 {
    rec.setTime("step", sequence: Int64(step))
    let t = Double(step) / 100
    try rec.log("plots/sin", Scalars(scalars: [Components.Scalar(value: sin(t))]))
    try rec.log("plots/cos", Scalars(scalars: [Components.Scalar(value: cos(t))]))
    if step % 100 == 0 {
        try rec.log("log", TextLog(text: [Components.Text(stringLiteral: "step \(step)")], level: Components.TextLogLevel.info))
    }
}
let n = 1_000_000
let scalars = ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars",
                                  componentType: "rerun.components.Scalar")
try rec.sendColumns(
    "plots/noise", indexes: [.sequence("step", (0..<n).map(Int64.init))],
    columns: [ComponentColumnBatch(scalars, values: ArrayData.from((0..<n).map { sin(Double($0) / 5_000) + Double.random(in: -0.1...0.1) }))])
try rec.finish()
print("wrote \(path)")
