extension Boxes2D {
    /// Boxes from their minimum corners and full sizes (converted to centers and half sizes, as
    /// the other Rerun SDKs do); `mins` and `sizes` must have the same length.
    public init(mins: [Datatypes.Vec2D], sizes: [Datatypes.Vec2D]) throws(RerunTypesError) {
        guard mins.count == sizes.count else {
            throw RerunTypesError("Boxes2D: \(mins.count) mins but \(sizes.count) sizes")
        }
        self.init(
            halfSizes: sizes.map { Components.HalfSize2D($0.x / 2, $0.y / 2) },
            centers: zip(mins, sizes).map { Components.Position2D($0.x + $1.x / 2, $0.y + $1.y / 2) })
    }

    /// Boxes from their centers and full sizes; `centers` and `sizes` must have the same length
    /// (or `centers` one element, for every box).
    public init(centers: [Datatypes.Vec2D], sizes: [Datatypes.Vec2D]) throws(RerunTypesError) {
        guard centers.count == sizes.count || centers.count == 1 else {
            throw RerunTypesError("Boxes2D: \(centers.count) centers but \(sizes.count) sizes")
        }
        self.init(halfSizes: sizes.map { Components.HalfSize2D($0.x / 2, $0.y / 2) },
                  centers: centers.map { Components.Position2D($0) })
    }

    /// Boxes centered on the origin, from their full sizes.
    public init(sizes: [Datatypes.Vec2D]) {
        self.init(halfSizes: sizes.map { Components.HalfSize2D($0.x / 2, $0.y / 2) })
    }
}

extension Boxes3D {
    /// Boxes from their minimum corners and full sizes (converted to centers and half sizes, as
    /// the other Rerun SDKs do); `mins` and `sizes` must have the same length.
    public init(mins: [Datatypes.Vec3D], sizes: [Datatypes.Vec3D]) throws(RerunTypesError) {
        guard mins.count == sizes.count else {
            throw RerunTypesError("Boxes3D: \(mins.count) mins but \(sizes.count) sizes")
        }
        self.init(
            halfSizes: sizes.map { Components.HalfSize3D($0.x / 2, $0.y / 2, $0.z / 2) },
            centers: zip(mins, sizes).map { Components.Translation3D($0.x + $1.x / 2, $0.y + $1.y / 2, $0.z + $1.z / 2) })
    }

    /// Boxes from their centers and full sizes; `centers` and `sizes` must have the same length
    /// (or `centers` one element, for every box).
    public init(centers: [Datatypes.Vec3D], sizes: [Datatypes.Vec3D]) throws(RerunTypesError) {
        guard centers.count == sizes.count || centers.count == 1 else {
            throw RerunTypesError("Boxes3D: \(centers.count) centers but \(sizes.count) sizes")
        }
        self.init(halfSizes: sizes.map { Components.HalfSize3D($0.x / 2, $0.y / 2, $0.z / 2) },
                  centers: centers.map { Components.Translation3D($0) })
    }

    /// Boxes centered on the origin, from their full sizes.
    public init(sizes: [Datatypes.Vec3D]) {
        self.init(halfSizes: sizes.map { Components.HalfSize3D($0.x / 2, $0.y / 2, $0.z / 2) })
    }
}
