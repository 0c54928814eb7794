/// A 3D rotation, as a quaternion or an axis and angle (Transform3D takes either).
public enum Rotation3D: Sendable, Equatable {
    /// A rotation quaternion (x, y, z, w).
    case quaternion(Components.RotationQuat)
    /// A rotation by an angle around an axis.
    case axisAngle(Components.RotationAxisAngle)

    /// A rotation by `radians` around `axis`.
    public static func axisAngle(axis: Datatypes.Vec3D, radians: Float) -> Self {
        .axisAngle(Components.RotationAxisAngle(axis: axis, angle: radians))
    }

    /// A rotation by `degrees` around `axis`.
    public static func axisAngle(axis: Datatypes.Vec3D, degrees: Float) -> Self {
        .axisAngle(Components.RotationAxisAngle(axis: axis, degrees: degrees))
    }
}

extension Transform3D {
    /// A transform with a rotation given as a quaternion or an axis and angle, and optionally a
    /// translation, a scale, a 3x3 matrix and a relation (as `rotation=` in the other SDKs).
    @inlinable
    public init(
        translation: Components.Translation3D? = nil, rotation: Rotation3D, scale: Components.Scale3D? = nil,
        mat3x3: Components.TransformMat3x3? = nil, relation: Components.TransformRelation? = nil
    ) {
        self = .updateFields()
        self.translation = translation.map { [$0] }
        switch rotation {
        case .quaternion(let quaternion): self.quaternion = [quaternion]
        case .axisAngle(let axisAngle): self.rotationAxisAngle = [axisAngle]
        }
        self.scale = scale.map { [$0] }
        self.mat3x3 = mat3x3.map { [$0] }
        self.relation = relation.map { [$0] }
    }
}

extension Components.Scale3D {
    /// The same scale factor along every axis.
    @inlinable
    public init(uniform factor: Float) { self.init(factor, factor, factor) }
}

extension Components.RotationQuat {
    /// A quaternion from its components (w is the scalar part).
    @inlinable
    public init(x: Float, y: Float, z: Float, w: Float) { self.init(x, y, z, w) }

    /// No rotation.
    public static let identity = Self(0, 0, 0, 1)
}

extension Components.RotationAxisAngle {
    /// A rotation by `degrees` around `axis`.
    @inlinable
    public init(axis: Datatypes.Vec3D, degrees: Float) { self.init(axis: axis, angle: Float(Double(degrees) * .pi / 180)) }
}

extension Components.TransformMat3x3 {
    /// A matrix from its three rows (`rows[r][c]`).
    public init(rows: [[Float]]) throws(RerunTypesError) { self.init(try Datatypes.Mat3x3(rows: rows)) }

    /// The identity matrix.
    public static let identity = Self(Datatypes.Mat3x3.identity)
}

extension Components.PinholeProjection {
    /// The intrinsic matrix of a camera with focal lengths `focalLength` (x, y) and principal
    /// point `principalPoint`, in pixels: `[[fx, 0, u], [0, fy, v], [0, 0, 1]]`.
    @inlinable
    public init(focalLength: Datatypes.Vec2D, principalPoint: Datatypes.Vec2D) {
        self.init(focalLength.x, 0, 0, 0, focalLength.y, 0, principalPoint.x, principalPoint.y, 1)
    }
}

extension Pinhole {
    /// A pinhole camera from its focal length in pixels (the same along x and y), its image size,
    /// and its principal point (the image center if not given).
    public init(focalLength: Float, width: Float, height: Float, principalPoint: Datatypes.Vec2D? = nil) {
        self.init(focalLength: Datatypes.Vec2D(focalLength, focalLength), width: width, height: height, principalPoint: principalPoint)
    }

    /// A pinhole camera from its focal lengths (x, y) in pixels, its image size, and its
    /// principal point (the image center if not given).
    public init(focalLength: Datatypes.Vec2D, width: Float, height: Float, principalPoint: Datatypes.Vec2D? = nil) {
        let center = principalPoint ?? Datatypes.Vec2D(width / 2, height / 2)
        self.init(imageFromCamera: Components.PinholeProjection(focalLength: focalLength, principalPoint: center),
                  resolution: Components.Resolution(width, height))
    }
}
