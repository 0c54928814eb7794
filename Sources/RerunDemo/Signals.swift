import Foundation
public import Rerun

/// Scalar signals under `/signals`, styled with `SeriesLines` and `SeriesPoints` (static):
/// - `signals/sin`: `sin(f / 10)`, a red (230, 60, 60) line of width 2 named "sin";
/// - `signals/cos`: `cos(f / 10)`, a blue (60, 110, 230) line of width 2 named "cos";
/// - `signals/noise`: `0.5 sin(f / 25) + 0.4 (u - 0.5)` with `u = DemoRandom.unit(seed: 42, index: f)`,
///   green (60, 180, 75) circle markers of size 3 named "noise".
public struct Signals: Sendable {
    /// The parent entity of the series.
    public var root: String

    /// The seed of the noise.
    public static let noiseSeed: UInt64 = 42

    /// Signals under `root`.
    public init(root: String = "signals") {
        self.root = root
    }

    /// The value of `signals/sin` at `frame`.
    public static func sine(frame: Int) -> Double { sin(Double(frame) / 10) }

    /// The value of `signals/cos` at `frame`.
    public static func cosine(frame: Int) -> Double { cos(Double(frame) / 10) }

    /// The value of `signals/noise` at `frame`.
    public static func noise(frame: Int) -> Double {
        0.5 * sin(Double(frame) / 25) + 0.4 * (DemoRandom.unit(seed: noiseSeed, index: UInt64(truncatingIfNeeded: frame)) - 0.5)
    }

    /// Logs the series' styles.
    public func logStatic(to rec: RecordingStream) throws {
        try rec.log("\(root)/sin", SeriesLines(colors: [Components.Color(230, 60, 60)], widths: [Components.StrokeWidth(2)],
                                               names: [Components.Name("sin")]), static: true)
        try rec.log("\(root)/cos", SeriesLines(colors: [Components.Color(60, 110, 230)], widths: [Components.StrokeWidth(2)],
                                               names: [Components.Name("cos")]), static: true)
        try rec.log("\(root)/noise", SeriesPoints(colors: [Components.Color(60, 180, 75)], markers: [Components.MarkerShape.circle],
                                                  names: [Components.Name("noise")], markerSizes: [Components.MarkerSize(3)]),
                    static: true)
    }

    /// Logs the three values at `frame` (the caller has set the time).
    public func log(to rec: RecordingStream, frame: Int) throws {
        try rec.log("\(root)/sin", Scalars(Self.sine(frame: frame)))
        try rec.log("\(root)/cos", Scalars(Self.cosine(frame: frame)))
        try rec.log("\(root)/noise", Scalars(Self.noise(frame: frame)))
    }
}
