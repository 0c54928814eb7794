// A robot arm as a transform hierarchy: each link is an entity below its parent link, with a
// `Transform3D` relative to the parent. Animating the joint angles moves every descendant; the
// link geometry is logged once, statically, in each link's own frame.
//
//     swift run example-robot-arm [FILE.rrd | --connect rerun+http://127.0.0.1:9876/proxy]
import Foundation
import Rerun
import RerunDemo

let arguments = Array(CommandLine.arguments.dropFirst())
let rec: RecordingStream
if arguments.first == "--connect" {
    rec = try RecordingStream(applicationID: "rerun_example_robot_arm", connectingTo: arguments.dropFirst().first ?? GRPCEndpoint.default.url)
} else {
    let path = arguments.first ?? FileManager.default.temporaryDirectory.appendingPathComponent("robot_arm.rrd").path
    rec = try RecordingStream(applicationID: "rerun_example_robot_arm", savingTo: path)
    print("writing \(path)")
}

try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
try rec.log("world/arm", Boxes3D(centers: [[0, 0, 0.05]], sizes: [[0.6, 0.6, 0.1]]), static: true)

// Each joint: its entity, its offset from the parent joint, its rotation axis, and the box of the
// link that follows it (center and size, in the joint's frame).
struct Joint {
    let path: String
    let offset: Components.Translation3D
    let axis: Datatypes.Vec3D
    let center: Datatypes.Vec3D, size: Datatypes.Vec3D
    let color: Components.Color
}
let joints = [
    Joint(path: "world/arm/yaw", offset: [0, 0, 0.1], axis: [0, 0, 1], center: [0, 0, 0.4], size: [0.16, 0.16, 0.8],
          color: Components.Color(230, 80, 60)),
    Joint(path: "world/arm/yaw/shoulder", offset: [0, 0, 0.8], axis: [0, 1, 0], center: [0.3, 0, 0], size: [0.6, 0.12, 0.12],
          color: Components.Color(80, 200, 90)),
    Joint(path: "world/arm/yaw/shoulder/elbow", offset: [0.6, 0, 0], axis: [0, 1, 0], center: [0.2, 0, 0], size: [0.4, 0.08, 0.08],
          color: Components.Color(70, 120, 230)),
]
for joint in joints {
    var link = try Boxes3D(centers: [joint.center], sizes: [joint.size])
    link.colors = [joint.color]
    link.fillMode = [.solid]
    try rec.log(joint.path, link, static: true)
}
try rec.log("world/arm/yaw/shoulder/elbow/tool", Transform3D(translation: [Components.Translation3D(0.4, 0, 0)]),
            Arrows3D(vectors: [[0.2, 0, 0], [0, 0.2, 0], [0, 0, 0.2]],
                     colors: [Components.Color(255, 0, 0), Components.Color(0, 255, 0), Components.Color(0, 0, 255)]),
            static: true)

// Only the joint transforms change over time (the demo's joint trajectories).
for frame in 0..<200 {
    rec.setTime("frame", sequence: Int64(frame))
    rec.setTime("time", duration: Double(frame) / 30)
    let (yaw, shoulder, elbow) = RobotArm.jointAngles(frame: frame)
    for (joint, angle) in zip(joints, [yaw, shoulder, elbow]) {
        try rec.log(joint.path, Transform3D(translation: joint.offset, rotation: .axisAngle(axis: joint.axis, radians: Float(angle))))
    }
}
try rec.finish()
