// A pinhole camera in a 3D scene: a `Transform3D` places the camera, a `Pinhole` at its image
// entity projects it, and the `Image` logged there appears both in a 2D view and on the
// camera's image plane in 3D. 2D points drawn over the image mark where 3D points project.
//
//     swift run example-camera [FILE.rrd | --connect rerun+http://127.0.0.1:9876/proxy]
import Foundation
import Rerun
import RerunDemo

let arguments = Array(CommandLine.arguments.dropFirst())
let rec: RecordingStream
if arguments.first == "--connect" {
    rec = try RecordingStream(applicationID: "rerun_example_camera", connectingTo: arguments.dropFirst().first ?? GRPCEndpoint.default.url)
} else {
    let path = arguments.first ?? FileManager.default.temporaryDirectory.appendingPathComponent("camera.rrd").path
    rec = try RecordingStream(applicationID: "rerun_example_camera", savingTo: path)
    print("writing \(path)")
}

// The world is Z-up; the camera sits at x = 4 looking back along -x (camera axes: x right,
// y down, z forward, Rerun's default for pinholes).
try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
let cameraPosition = SIMD3<Double>(4, 0, 0.8)
try rec.log("world/camera", Transform3D(
    translation: [Components.Translation3D(4, 0, 0.8)],
    mat3x3: [Components.TransformMat3x3(try Datatypes.Mat3x3(columns: [[0, 1, 0], [0, 0, -1], [-1, 0, 0]]))]), static: true)
let (width, height, focal) = (160, 120, 100.0)
try rec.log("world/camera/image", Pinhole(focalLength: Float(focal), width: Float(width), height: Float(height)), static: true)

// A ring of colored markers in front of the camera, and where each projects in the image.
let markers: [SIMD3<Double>] = (0..<8).map { i in
    let a = Double(i) / 8 * 2 * .pi
    return SIMD3(0, 0.8 * cos(a), 0.8 + 0.8 * sin(a))
}
let markerColors = (0..<8).map { Components.Color(UInt8(30 * $0), 200, UInt8(255 - 30 * $0)) }
try rec.log("world/markers", Points3D(positions: markers.map { Components.Position3D(Float($0.x), Float($0.y), Float($0.z)) },
                                      radii: [Components.Radius(0.05)], colors: markerColors), static: true)
let projected = markers.map { p -> Components.Position2D in
    let d = p - cameraPosition  // camera x = world y, camera y = world -z, camera z = world -x
    return Components.Position2D(Float(focal * d.y / -d.x + Double(width) / 2), Float(focal * -d.z / -d.x + Double(height) / 2))
}
try rec.log("world/camera/image/markers", Points2D(positions: projected, radii: [Components.Radius(3)], colors: markerColors), static: true)

// A moving test pattern (the demo's), one image per frame.
for frame in 0..<60 {
    rec.setTime("frame", sequence: Int64(frame))
    try rec.log("world/camera/image", Image(bytes: CameraScene.imageBytes(frame: frame), width: width, height: height, colorModel: .rgb))
}
try rec.finish()
