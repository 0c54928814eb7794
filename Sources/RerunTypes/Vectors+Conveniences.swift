extension Datatypes.Vec2D {
    /// The x coordinate.
    @inlinable public var x: Float { get { xy.0 } set { xy.0 = newValue } }
    /// The y coordinate.
    @inlinable public var y: Float { get { xy.1 } set { xy.1 = newValue } }

    /// Creates a vector from its coordinates.
    @inlinable
    public init(x: Float, y: Float) { self.init(xy: (x, y)) }
}

extension Datatypes.Vec3D {
    /// The x coordinate.
    @inlinable public var x: Float { get { xyz.0 } set { xyz.0 = newValue } }
    /// The y coordinate.
    @inlinable public var y: Float { get { xyz.1 } set { xyz.1 = newValue } }
    /// The z coordinate.
    @inlinable public var z: Float { get { xyz.2 } set { xyz.2 = newValue } }

    /// Creates a vector from its coordinates.
    @inlinable
    public init(x: Float, y: Float, z: Float) { self.init(xyz: (x, y, z)) }

    /// (0, 0, 0).
    public static let zero = Self(0, 0, 0)
}

extension Datatypes.Quaternion {
    /// The x component.
    @inlinable public var x: Float { get { xyzw.0 } set { xyzw.0 = newValue } }
    /// The y component.
    @inlinable public var y: Float { get { xyzw.1 } set { xyzw.1 = newValue } }
    /// The z component.
    @inlinable public var z: Float { get { xyzw.2 } set { xyzw.2 = newValue } }
    /// The w (scalar) component.
    @inlinable public var w: Float { get { xyzw.3 } set { xyzw.3 = newValue } }

    /// Creates a quaternion from its components (w is the scalar part).
    @inlinable
    public init(x: Float, y: Float, z: Float, w: Float) { self.init(xyzw: (x, y, z, w)) }

    /// No rotation: (0, 0, 0, 1).
    public static let identity = Self(0, 0, 0, 1)
}

extension Datatypes.Mat3x3 {
    /// A matrix from its three rows (`rows[r][c]`); each row must have 3 elements.
    public init(rows: [[Float]]) throws(RerunTypesError) {
        guard rows.count == 3, rows.allSatisfy({ $0.count == 3 }) else {
            throw RerunTypesError("a 3x3 matrix needs 3 rows of 3 values, got rows of \(rows.map(\.count))")
        }
        self.init(rows[0][0], rows[1][0], rows[2][0], rows[0][1], rows[1][1], rows[2][1], rows[0][2], rows[1][2], rows[2][2])
    }

    /// A matrix from its three columns (`columns[c][r]`); each column must have 3 elements.
    public init(columns: [[Float]]) throws(RerunTypesError) {
        guard columns.count == 3, columns.allSatisfy({ $0.count == 3 }) else {
            throw RerunTypesError("a 3x3 matrix needs 3 columns of 3 values, got columns of \(columns.map(\.count))")
        }
        self.init(columns[0][0], columns[0][1], columns[0][2], columns[1][0], columns[1][1], columns[1][2],
                  columns[2][0], columns[2][1], columns[2][2])
    }

    /// The element at `row`, `column` (both 0…2).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        precondition((0..<3).contains(row) && (0..<3).contains(column), "Mat3x3 index (\(row), \(column)) out of range")
        return elements[column * 3 + row]
    }

    /// The identity matrix.
    public static let identity = Self(1, 0, 0, 0, 1, 0, 0, 0, 1)
}

extension Datatypes.Range1D {
    /// A range from its bounds.
    @inlinable
    public init(_ range: ClosedRange<Double>) { self.init(range.lowerBound, range.upperBound) }

    /// The minimum.
    @inlinable public var lowerBound: Double { range.0 }
    /// The maximum.
    @inlinable public var upperBound: Double { range.1 }
}

extension Components.ValueRange {
    /// A range from its bounds.
    @inlinable
    public init(_ range: ClosedRange<Double>) { self.init(range.lowerBound, range.upperBound) }
}
