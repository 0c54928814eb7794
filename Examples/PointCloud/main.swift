// A colored point cloud spiralling over 60 frames, saved to point_cloud.rrd.
//
//     swift run example-point-cloud && swift run rerun-swift rrd stats point_cloud.rrd
import Foundation
import Rerun

let path = CommandLine.arguments.dropFirst().first ?? "point_cloud.rrd"
let rec = try RecordingStream(applicationID: "rerun_example_point_cloud", savingTo: path)
try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
for frame in 0..<60 {
    rec.setTime("frame", sequence: Int64(frame))
    rec.setTime("time", duration: Double(frame) / 30)
    var positions: [Components.Position3D] = []
    var colors: [Components.Color] = []
    for i in 0..<1_000 {
        let t = Float(i) / 1_000 * 8 * .pi + Float(frame) * 0.05
        let r = 1 + Float(i) / 1_000
        positions.append([r * cos(t), r * sin(t), Float(i) / 250])
        colors.append(Components.Color(UInt8(i % 256), UInt8(255 - i % 256), 180))
    }
    try rec.log("world/spiral", Points3D(positions: positions, radii: Components.Radius(value: 0.02), colors: colors))
}
try rec.finish()
print("wrote \(path)")
