import Foundation
public import Rerun

/// A camera looking at the robot: a `Pinhole` with an RGB image of a moving pattern, placed in
/// the 3D scene by a `Transform3D`, with 2D overlays on the image and a segmentation image.
///
/// Entities (with the default root `world/camera`):
/// - `world/camera`: `Transform3D(translation: [5, 0, 1.2], mat3x3: columns (0,1,0), (0,0,-1), (-1,0,0))`
///   (static): the camera sits at x = 5, z = 1.2 and looks along -x toward the origin, z up (camera x = world y,
///   camera y = world -z, camera z = world -x).
/// - `world/camera/image`: `Pinhole` (static; focal length 100 px, 160 × 120, principal point (80, 60),
///   image plane distance 1) and, per frame, an `Image` (RGB, u8, 160 × 120).
/// - `world/camera/image/target`: `Boxes2D` around the moving white square, label "target",
///   color (255, 200, 0).
/// - `world/camera/image/gripper`: `Points2D` at the robot gripper projected through the pinhole
///   (`gripperPixel(frame:)`), radius 3, color (255, 0, 255), label "gripper".
/// - `segmentation`: a `SegmentationImage` (u8, 160 × 120) with a static `AnnotationContext`:
///   0 "background" (0, 0, 0), 1 "target" (255, 0, 255), 2 "floor" (0, 160, 0).
///
/// The image at frame `f` (`pixel(x:y:frame:)`), for pixel column `x` in 0..<160, row `y` in 0..<120:
/// - corners of 20 × 20 pixels: top-left red (255, 0, 0), top-right green (0, 255, 0),
///   bottom-left blue (0, 0, 255), bottom-right yellow (255, 255, 0);
/// - a white (255, 255, 255) 32 × 32 square with its top-left corner at (`squareLeft(f)`, 44),
///   `squareLeft(f) = (4 f) mod 128`;
/// - elsewhere the gradient `(255 x / 159, 255 y / 119, 96)` (integer division).
///
/// The segmentation has class 1 on the square, class 2 on rows 100…119 outside it, 0 elsewhere.
public struct CameraScene: Sendable {
    /// The camera's entity; the image is at `\(root)/image`.
    public var root: String
    /// The segmentation image's entity.
    public var segmentationPath: String

    /// Image width and height in pixels.
    public static let width = 160, height = 120
    /// The focal length in pixels.
    public static let focalLength = 100.0
    /// The camera's position in the world.
    public static let position = SIMD3<Double>(5, 0, 1.2)
    /// The side of the moving square in pixels, and its top row.
    public static let squareSize = 32, squareTop = 44

    /// A camera at `root`, and a segmentation image at `segmentationPath`.
    public init(root: String = "world/camera", segmentationPath: String = "segmentation") {
        self.root = root
        self.segmentationPath = segmentationPath
    }

    /// The image entity (pinhole and image).
    public var imagePath: String { "\(root)/image" }

    /// The left column of the white square at `frame`.
    public static func squareLeft(frame: Int) -> Int {
        (4 * frame % 128 + 128) % 128
    }

    /// The image's RGB color at pixel column `x`, row `y`, at `frame`.
    public static func pixel(x: Int, y: Int, frame: Int) -> (UInt8, UInt8, UInt8) {
        let corner = 20
        let left = x < corner, right = x >= width - corner, top = y < corner, bottom = y >= height - corner
        switch (left, right, top, bottom) {
        case (true, _, true, _): return (255, 0, 0)
        case (_, true, true, _): return (0, 255, 0)
        case (true, _, _, true): return (0, 0, 255)
        case (_, true, _, true): return (255, 255, 0)
        default: break
        }
        if inSquare(x: x, y: y, frame: frame) { return (255, 255, 255) }
        return (UInt8(255 * x / (width - 1)), UInt8(255 * y / (height - 1)), 96)
    }

    /// The segmentation class at pixel column `x`, row `y`, at `frame`.
    public static func segmentationClass(x: Int, y: Int, frame: Int) -> UInt8 {
        if inSquare(x: x, y: y, frame: frame) { return 1 }
        return y >= 100 ? 2 : 0
    }

    static func inSquare(x: Int, y: Int, frame: Int) -> Bool {
        let left = squareLeft(frame: frame)
        return x >= left && x < left + squareSize && y >= squareTop && y < squareTop + squareSize
    }

    /// Where a point in world coordinates lands in the image, in pixels (nil if behind the camera).
    public static func project(_ p: SIMD3<Double>) -> SIMD2<Double>? {
        let d = p - position
        let (xc, yc, zc) = (d.y, -d.z, -d.x)
        guard zc > 0 else { return nil }
        return SIMD2(focalLength * xc / zc + Double(width) / 2, focalLength * yc / zc + Double(height) / 2)
    }

    /// The robot gripper's pixel at `frame` (the arm stands at the world origin).
    public static func gripperPixel(frame: Int) -> SIMD2<Double>? {
        project(RobotArm.gripperPosition(frame: frame))
    }

    /// The RGB bytes of the image at `frame`, row-major.
    public static func imageBytes(frame: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let (r, g, b) = pixel(x: x, y: y, frame: frame)
                let i = (y * width + x) * 3
                bytes[i] = r
                bytes[i + 1] = g
                bytes[i + 2] = b
            }
        }
        return bytes
    }

    /// Logs the camera's placement, its pinhole and the segmentation's annotation context.
    public func logStatic(to rec: RecordingStream) throws {
        let rotation = try Datatypes.Mat3x3(columns: [[0, 1, 0], [0, 0, -1], [-1, 0, 0]])
        let p = Self.position
        try rec.log(root, Transform3D(translation: [Components.Translation3D(Float(p.x), Float(p.y), Float(p.z))],
                                      mat3x3: [Components.TransformMat3x3(rotation)]), static: true)
        var pinhole = Pinhole(focalLength: Float(Self.focalLength), width: Float(Self.width), height: Float(Self.height))
        pinhole.imagePlaneDistance = [Components.ImagePlaneDistance(1)]
        try rec.log(imagePath, pinhole, static: true)
        try rec.log(segmentationPath, AnnotationContext([
            Datatypes.ClassDescription(id: 0, label: "background", color: Components.Color(0, 0, 0)),
            Datatypes.ClassDescription(id: 1, label: "target", color: Components.Color(255, 0, 255)),
            Datatypes.ClassDescription(id: 2, label: "floor", color: Components.Color(0, 160, 0)),
        ]), static: true)
    }

    /// Logs the image, its overlays and the segmentation at `frame` (the caller has set the time).
    public func log(to rec: RecordingStream, frame: Int) throws {
        let (w, h) = (Self.width, Self.height)
        try rec.log(imagePath, Image(bytes: Self.imageBytes(frame: frame), width: w, height: h, colorModel: .rgb))
        let left = Float(Self.squareLeft(frame: frame)), size = Float(Self.squareSize)
        try rec.log("\(imagePath)/target", Boxes2D(
            halfSizes: [Components.HalfSize2D(size / 2, size / 2)],
            centers: [Components.Position2D(left + size / 2, Float(Self.squareTop) + size / 2)],
            colors: [Components.Color(255, 200, 0)], labels: [Components.Text("target")]))
        if let pixel = Self.gripperPixel(frame: frame) {
            try rec.log("\(imagePath)/gripper", Points2D(
                positions: [Components.Position2D(Float(pixel.x), Float(pixel.y))], radii: [Components.Radius(3)],
                colors: [Components.Color(255, 0, 255)], labels: [Components.Text("gripper")]))
        }
        var classes = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w { classes[y * w + x] = Self.segmentationClass(x: x, y: y, frame: frame) }
        }
        try rec.log(segmentationPath, SegmentationImage(classIDs: classes, width: w, height: h))
    }
}
