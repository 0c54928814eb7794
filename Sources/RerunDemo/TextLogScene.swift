import Foundation
public import Rerun

/// Text for the demo: log lines at `logs`, a markdown `TextDocument` at `readme` (static) and a
/// `BarChart` at `bars`.
///
/// Log lines (`message(frame:)`), one every 10 frames:
/// - `f % 100 == 70`: ERROR "frame f: simulated sensor dropout";
/// - otherwise `f % 50 == 20`: WARN "frame f: elbow joint near its limit";
/// - otherwise `f % 10 == 0`: INFO "frame f: gripper at (x, y, z)" (`RobotArm.gripperPosition`,
///   two decimals).
///
/// The bar chart at frame `f` has 8 bars, bar `i` = `5 + 4 sin(f / 15 + i)` (Float64).
public struct TextLogScene: Sendable {
    /// The entity of the log lines.
    public var logPath: String
    /// The entity of the markdown document.
    public var documentPath: String
    /// The entity of the bar chart.
    public var barChartPath: String

    /// Text entities at the given paths.
    public init(logPath: String = "logs", documentPath: String = "readme", barChartPath: String = "bars") {
        self.logPath = logPath
        self.documentPath = documentPath
        self.barChartPath = barChartPath
    }

    /// The markdown of the document.
    public static let markdown = """
        # rerun-swift demo

        A synthetic scene logged with the **Swift SDK**:

        - `world/robot`: a three-link arm, a `Transform3D` per joint
        - `world/terrain`: a colored point cloud
        - `world/camera`: a pinhole camera with an image and 2D overlays
        - `signals`: sine, cosine and noisy series
        - `logs`: text log lines with levels

        Scrub the time panel to move everything.
        """

    /// The log line and its level at `frame`, if there is one.
    public static func message(frame f: Int) -> (text: String, level: Components.TextLogLevel)? {
        if f % 100 == 70 { return ("frame \(f): simulated sensor dropout", .error) }
        if f % 50 == 20 { return ("frame \(f): elbow joint near its limit", .warn) }
        guard f % 10 == 0 else { return nil }
        let p = RobotArm.gripperPosition(frame: f)
        return ("frame \(f): gripper at (\(decimal2(p.x)), \(decimal2(p.y)), \(decimal2(p.z)))", .info)
    }

    /// The bar values at `frame`.
    public static func bars(frame: Int) -> [Double] {
        (0..<8).map { 5 + 4 * sin(Double(frame) / 15 + Double($0)) }
    }

    /// Logs the markdown document.
    public func logStatic(to rec: RecordingStream) throws {
        try rec.log(documentPath, TextDocument(Self.markdown, mediaType: .markdown), static: true)
    }

    /// Logs the frame's log line (if any) and bar chart (the caller has set the time).
    public func log(to rec: RecordingStream, frame: Int) throws {
        if let (text, level) = Self.message(frame: frame) {
            try rec.log(logPath, TextLog(text, level: level))
        }
        try rec.log(barChartPath, BarChart(Self.bars(frame: frame)))
    }
}

/// `value` with two decimals, rounded half away from zero ("-0.00" never appears).
func decimal2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
