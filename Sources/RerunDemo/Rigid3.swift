import Foundation

/// A rigid 3D transform (rotation then translation), used to compute where the robot arm's links
/// end up in the world: `apply(p) = rotation * p + translation`, as Rerun's `Transform3D`
/// with a translation and a rotation maps child coordinates to parent coordinates.
struct Rigid3: Sendable {
    /// Row-major 3×3 rotation.
    var rotation: [Double] = [1, 0, 0, 0, 1, 0, 0, 0, 1]
    var translation: SIMD3<Double> = .zero

    /// A translation followed by no rotation.
    static func translation(_ t: SIMD3<Double>) -> Rigid3 { Rigid3(translation: t) }

    /// A rotation by `angle` radians around the z axis, after a translation `t`.
    static func rotationZ(_ angle: Double, translation t: SIMD3<Double>) -> Rigid3 {
        let (c, s) = (cos(angle), sin(angle))
        return Rigid3(rotation: [c, -s, 0, s, c, 0, 0, 0, 1], translation: t)
    }

    /// A rotation by `angle` radians around the y axis, after a translation `t`.
    static func rotationY(_ angle: Double, translation t: SIMD3<Double>) -> Rigid3 {
        let (c, s) = (cos(angle), sin(angle))
        return Rigid3(rotation: [c, 0, s, 0, 1, 0, -s, 0, c], translation: t)
    }

    func rotate(_ p: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(rotation[0] * p.x + rotation[1] * p.y + rotation[2] * p.z,
              rotation[3] * p.x + rotation[4] * p.y + rotation[5] * p.z,
              rotation[6] * p.x + rotation[7] * p.y + rotation[8] * p.z)
    }

    func apply(_ p: SIMD3<Double>) -> SIMD3<Double> { rotate(p) + translation }

    /// `self ∘ child`: maps the child's coordinates to this transform's parent.
    func then(_ child: Rigid3) -> Rigid3 {
        var r = [Double](repeating: 0, count: 9)
        for i in 0..<3 {
            for j in 0..<3 {
                r[i * 3 + j] = (0..<3).reduce(0) { $0 + rotation[i * 3 + $1] * child.rotation[$1 * 3 + j] }
            }
        }
        return Rigid3(rotation: r, translation: apply(child.translation))
    }
}
