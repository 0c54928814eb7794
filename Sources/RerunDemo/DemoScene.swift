public import Rerun

/// The built-in synthetic scene of `rerun-swift demo`: a moving robot arm with a transform
/// hierarchy, a colored point cloud, a camera with an image, 2D overlays and a pinhole in 3D, a
/// segmentation image, scalar signals, text logs, a markdown document, a bar chart and the entity
/// hierarchy as a graph.
///
/// Everything is deterministic (no wall clock, no unseeded randomness), so tests can assert on
/// exact values. Facts tests may rely on:
/// - Timelines: `frame` (sequence) = `f` for f in 0..<frames, and `time` (duration) =
///   `f * 1_000_000_000 / 30` nanoseconds (integer division), i.e. 30 frames per second. The SDK
///   also adds `log_time` (wall clock), which is not deterministic.
/// - `world`: `ViewCoordinates.rightHandZUp` (static).
/// - `world/terrain`: 3600 static points, x and y in [-3, 3], z in [-0.5, -0.1]
///   (`PointCloudScene`; point 0 is (-3, -3, `PointCloudScene.height(x: -3, y: -3)`)).
/// - `world/robot/…` and `world/robot_skeleton/…`: see `RobotArm` (static boxes, per-frame joint
///   transforms, and the same arm from forward kinematics in world coordinates).
/// - `world/trail`: `LineStrips3D`, one strip through the gripper positions of frames
///   max(0, f - 29)…f (world coordinates), yellow (255, 220, 0), radius 0.02.
/// - `world/camera/…` and `segmentation`: see `CameraScene` (at frame 0 the image's pixel (0, 0)
///   is (255, 0, 0), pixel (40, 20) is (64, 42, 96), and the white square covers columns 0…31
///   of rows 44…75).
/// - `signals/sin|cos|noise`: see `Signals` (`signals/sin` at frame f = sin(f / 10)).
/// - `logs`, `readme`, `bars`: see `TextLogScene`.
/// - `kinematics`: see `KinematicGraph` (static nodes and edges, colors every 50 frames).
public enum DemoScene {
    /// The application id the demo uses.
    public static let applicationID = "rerun_swift_demo"
    /// The frames per second of the `time` timeline.
    public static let framesPerSecond = 30
    /// The default number of frames.
    public static let defaultFrames = 300
    /// How many past gripper positions the trail shows.
    public static let trailLength = 30

    /// Logs the whole scene: static data, then `frames` frames.
    public static func log(to rec: RecordingStream, frames: Int = defaultFrames) throws {
        try logStatic(to: rec)
        for frame in 0..<max(frames, 0) {
            try logFrame(frame, to: rec)
        }
    }

    /// Logs the data that does not change over time (coordinates, terrain, robot geometry,
    /// camera placement and pinhole, styles, the document).
    public static func logStatic(to rec: RecordingStream) throws {
        try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
        try PointCloudScene().logStatic(to: rec)
        try RobotArm().logStatic(to: rec)
        try CameraScene().logStatic(to: rec)
        try Signals().logStatic(to: rec)
        try TextLogScene().logStatic(to: rec)
        try KinematicGraph().logStatic(to: rec)
    }

    /// Sets the calling thread's time to `frame` and logs that frame.
    public static func logFrame(_ frame: Int, to rec: RecordingStream) throws {
        rec.setTime("frame", sequence: Int64(frame))
        rec.setTime("time", durationNanos: Int64(frame) * 1_000_000_000 / Int64(framesPerSecond))
        try RobotArm().log(to: rec, frame: frame)
        try rec.log("world/trail", LineStrips3D(strips: [trail(frame: frame)], radii: [Components.Radius(0.02)],
                                                colors: [Components.Color(255, 220, 0)]))
        try CameraScene().log(to: rec, frame: frame)
        try Signals().log(to: rec, frame: frame)
        try TextLogScene().log(to: rec, frame: frame)
        try KinematicGraph().log(to: rec, frame: frame)
    }

    /// The gripper trail at `frame`: positions of frames max(0, frame - 29)…frame.
    public static func trail(frame: Int) -> Components.LineStrip3D {
        let first = max(0, frame - (trailLength - 1))
        return Components.LineStrip3D(points: (first...max(first, frame)).map { f in
            let p = RobotArm.gripperPosition(frame: f)
            return Datatypes.Vec3D(Float(p.x), Float(p.y), Float(p.z))
        })
    }
}
