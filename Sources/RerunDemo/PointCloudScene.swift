import Foundation
public import Rerun

/// A colored terrain of points under the robot: a `columns` × `rows` grid over
/// x ∈ [-3, 3], y ∈ [-3, 3], with height `z = -0.3 + 0.2 sin(1.5 x) cos(1.5 y)` (so z ∈ [-0.5, -0.1]),
/// colored by height from blue (low) to orange (high). Logged once, as static data.
///
/// Point `i` (row-major, `i = row * columns + column`) sits at
/// `x = -3 + 6 column / (columns - 1)`, `y = -3 + 6 row / (rows - 1)`; its color is
/// `(r, g, b) = (round(255 t), round(120 + 60 t), round(255 (1 - t)))` with `t = (z + 0.5) / 0.4`.
/// Point 0 is at (-3, -3, z(-3, -3)).
public struct PointCloudScene: Sendable {
    /// The entity of the points.
    public var path: String
    /// Grid columns (along x).
    public var columns: Int
    /// Grid rows (along y).
    public var rows: Int

    /// A terrain of `columns` × `rows` points (60 × 60 = 3600 by default) at `path`.
    public init(path: String = "world/terrain", columns: Int = 60, rows: Int = 60) {
        self.path = path
        self.columns = max(columns, 2)
        self.rows = max(rows, 2)
    }

    /// The terrain height at (x, y).
    public static func height(x: Double, y: Double) -> Double {
        -0.3 + 0.2 * sin(1.5 * x) * cos(1.5 * y)
    }

    /// The color of a point at height `z`.
    public static func color(height z: Double) -> Components.Color {
        let t = min(max((z + 0.5) / 0.4, 0), 1)
        return Components.Color(UInt8((255 * t).rounded()), UInt8((120 + 60 * t).rounded()), UInt8((255 * (1 - t)).rounded()))
    }

    /// The positions and colors of every point, row-major.
    public func points() -> (positions: [Components.Position3D], colors: [Components.Color]) {
        var positions: [Components.Position3D] = []
        var colors: [Components.Color] = []
        positions.reserveCapacity(columns * rows)
        colors.reserveCapacity(columns * rows)
        for row in 0..<rows {
            let y = -3 + 6 * Double(row) / Double(rows - 1)
            for column in 0..<columns {
                let x = -3 + 6 * Double(column) / Double(columns - 1)
                let z = Self.height(x: x, y: y)
                positions.append(Components.Position3D(Float(x), Float(y), Float(z)))
                colors.append(Self.color(height: z))
            }
        }
        return (positions, colors)
    }

    /// Logs the terrain as static `Points3D` (radius 0.03).
    public func logStatic(to rec: RecordingStream) throws {
        let (positions, colors) = points()
        try rec.log(path, Points3D(positions: positions, radii: [Components.Radius(0.03)], colors: colors), static: true)
    }
}
