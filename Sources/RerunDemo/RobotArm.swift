import Foundation
public import Rerun

/// A three-link robot arm on a base, as a `Transform3D` hierarchy: each link's transform is
/// relative to its parent link, and only the joint angles change over time.
///
/// Entities (with the default root `world/robot`):
/// - `world/robot`: the base, a gray (128, 128, 128) 0.8 × 0.8 × 0.2 box on z = 0 (static).
/// - `world/robot/link1`: yaw joint, `Transform3D(translation: [0, 0, 0.2], rotation: z-axis, yaw(f))`;
///   a red (230, 80, 60) box 1.0 long along its z axis (static geometry).
/// - `world/robot/link1/link2`: shoulder, `translation [0, 0, 1.0]`, rotation around y by `shoulder(f)`;
///   a green (80, 200, 90) box 0.9 long along x.
/// - `world/robot/link1/link2/link3`: elbow, `translation [0.9, 0, 0]`, rotation around y by `elbow(f)`;
///   a blue (70, 120, 230) box 0.6 long along x.
/// - `world/robot/link1/link2/link3/gripper`: `translation [0.6, 0, 0]` (static); red, green and
///   blue `Arrows3D` of length 0.3 along its x, y and z axes.
///
/// - `world/robot_skeleton/bones` and `…/joints`: the same arm drawn from the forward kinematics in
///   world coordinates (`jointPositions(frame:)`), white.
///
/// The joint angles at frame `f` are `yaw = 0.03 f`, `shoulder = -0.6 + 0.4 sin(f / 20)` and
/// `elbow = 0.8 sin(f / 13)` radians (`jointAngles(frame:)`); `gripperPosition(frame:)` is the
/// gripper's position in the root's frame.
public struct RobotArm: Sendable {
    /// The entity of the base; the links are logged below it.
    public var root: String

    /// The lengths of link 1 (along z), link 2 and link 3 (along x).
    public static let linkLengths: (Double, Double, Double) = (1.0, 0.9, 0.6)
    /// The height of the yaw joint above the root.
    public static let baseHeight = 0.2

    /// An arm logged under `root`.
    public init(root: String = "world/robot") {
        self.root = root
    }

    /// The joint angles in radians at `frame`: yaw around z, then shoulder and elbow around y.
    public static func jointAngles(frame: Int) -> (yaw: Double, shoulder: Double, elbow: Double) {
        let f = Double(frame)
        return (0.03 * f, -0.6 + 0.4 * sin(f / 20), 0.8 * sin(f / 13))
    }

    /// The gripper's position at `frame` in the root's coordinates (forward kinematics).
    public static func gripperPosition(frame: Int) -> SIMD3<Double> {
        jointPositions(frame: frame)[3]
    }

    /// The positions at `frame`, in the root's coordinates, of the yaw joint, the shoulder, the
    /// elbow and the gripper (forward kinematics of the transforms `log(to:frame:)` writes).
    public static func jointPositions(frame: Int) -> [SIMD3<Double>] {
        let (yaw, shoulder, elbow) = jointAngles(frame: frame)
        let link1 = Rigid3.rotationZ(yaw, translation: [0, 0, baseHeight])
        let link2 = link1.then(.rotationY(shoulder, translation: [0, 0, linkLengths.0]))
        let link3 = link2.then(.rotationY(elbow, translation: [linkLengths.1, 0, 0]))
        return [link1.translation, link2.translation, link3.translation, link3.apply([linkLengths.2, 0, 0])]
    }

    /// The paths of the three links and the gripper.
    public var linkPaths: [String] {
        ["\(root)/link1", "\(root)/link1/link2", "\(root)/link1/link2/link3", "\(root)/link1/link2/link3/gripper"]
    }

    /// Logs what never moves: the base, each link's box (in the link's own frame), the gripper's
    /// offset and its axes.
    public func logStatic(to rec: RecordingStream) throws {
        let (l1, l2, l3) = (Float(Self.linkLengths.0), Float(Self.linkLengths.1), Float(Self.linkLengths.2))
        let paths = linkPaths
        try rec.log(root, Boxes3D(halfSizes: [Components.HalfSize3D(0.4, 0.4, 0.1)], centers: [Components.Translation3D(0, 0, 0.1)],
                                  colors: [Components.Color(128, 128, 128)], fillMode: [Components.FillMode.solid],
                                  labels: [Components.Text("base")]), static: true)
        try rec.log(paths[0], Boxes3D(halfSizes: [Components.HalfSize3D(0.12, 0.12, l1 / 2)], centers: [Components.Translation3D(0, 0, l1 / 2)],
                                      colors: [Components.Color(230, 80, 60)], fillMode: [Components.FillMode.solid]), static: true)
        try rec.log(paths[1], Boxes3D(halfSizes: [Components.HalfSize3D(l2 / 2, 0.1, 0.1)], centers: [Components.Translation3D(l2 / 2, 0, 0)],
                                      colors: [Components.Color(80, 200, 90)], fillMode: [Components.FillMode.solid]), static: true)
        try rec.log(paths[2], Boxes3D(halfSizes: [Components.HalfSize3D(l3 / 2, 0.07, 0.07)], centers: [Components.Translation3D(l3 / 2, 0, 0)],
                                      colors: [Components.Color(70, 120, 230)], fillMode: [Components.FillMode.solid]), static: true)
        try rec.log(paths[3], Transform3D(translation: [Components.Translation3D(l3, 0, 0)]), static: true)
        try rec.log(paths[3], Arrows3D(vectors: [Components.Vector3D(0.3, 0, 0), Components.Vector3D(0, 0.3, 0), Components.Vector3D(0, 0, 0.3)],
                                       radii: [Components.Radius(0.02)],
                                       colors: [Components.Color(255, 0, 0), Components.Color(0, 255, 0), Components.Color(0, 0, 255)]),
                    static: true)
    }

    /// The entity of the skeleton drawn from the forward kinematics (in the root's frame, not
    /// through the transforms): `\(root)_skeleton`.
    public var skeletonPath: String { "\(root)_skeleton" }

    /// Logs the joint transforms at `frame`, and the skeleton: a white `LineStrips3D` (radius 0.03)
    /// through `jointPositions(frame:)` and `Points3D` (radius 0.06, white) at them, which the
    /// boxes must overlap if a viewer applies the transforms right (the caller has set the time).
    public func log(to rec: RecordingStream, frame: Int) throws {
        let (yaw, shoulder, elbow) = Self.jointAngles(frame: frame)
        let paths = linkPaths
        let joints = Self.jointPositions(frame: frame).map { Datatypes.Vec3D(Float($0.x), Float($0.y), Float($0.z)) }
        try rec.log("\(skeletonPath)/bones", LineStrips3D(strips: [Components.LineStrip3D(points: joints)], radii: [Components.Radius(0.03)],
                                                         colors: [Components.Color(255, 255, 255)]))
        try rec.log("\(skeletonPath)/joints", Points3D(positions: joints.map { Components.Position3D($0) }, radii: [Components.Radius(0.06)],
                                                      colors: [Components.Color(255, 255, 255)]))
        try rec.log(paths[0], Transform3D(translation: Components.Translation3D(0, 0, Float(Self.baseHeight)),
                                          rotation: .axisAngle(axis: [0, 0, 1], radians: Float(yaw))))
        try rec.log(paths[1], Transform3D(translation: Components.Translation3D(0, 0, Float(Self.linkLengths.0)),
                                          rotation: .axisAngle(axis: [0, 1, 0], radians: Float(shoulder))))
        try rec.log(paths[2], Transform3D(translation: Components.Translation3D(Float(Self.linkLengths.1), 0, 0),
                                          rotation: .axisAngle(axis: [0, 1, 0], radians: Float(elbow))))
    }
}
