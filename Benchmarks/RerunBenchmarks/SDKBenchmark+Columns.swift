import Foundation
import Rerun
import RerunArrow

/// Columnar logging (`sendColumns`) on the official workloads' `--mode columns` variants, same
/// sizes as `sdk_bench.py`: W1c 1 M scalars over 10 series, W2c 100 frames × 100k colored points
/// with radii, W3c 200 RGB images 640×480. Reports raw payload MB/s over t_sdk (open + calls +
/// finish) and the file size.
extension SDKBenchmark {
    static let w2Frames = 100, w2Points = 100_000
    static let w3Images = 200, w3Width = 640, w3Height = 480

    static func runColumns(_ path: String) throws {
        try w1c(path)
        try w2c(path)
        try w3c(path)
    }

    /// Reports MB/s of raw payload (median of 3 runs) and the file's size in MB.
    static func timedColumns(_ name: String, rawBytes: Int, path: String, _ body: () throws -> Void) rethrows {
        let seconds = try medianSeconds(samples: 3, body)
        report(area: "sdk", case: "\(name) raw MB/s", value: Double(rawBytes) / seconds / 1e6, unit: "MB/s")
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        report(area: "sdk", case: "\(name) file MB", value: Double(size) / 1e6, unit: "MB", higherIsBetter: false)
    }

    static func w1c(_ path: String) throws {
        let series = 10, perSeries = 100_000
        var rng = SplitMix(seed: 11)
        var walks: [ArrayData] = []
        for _ in 0..<series {
            var value = 0.0
            walks.append(ArrayData.from((0..<perSeries).map { _ in value += rng.nextDouble() - 0.5; return value }))
        }
        let steps = (0..<perSeries).map(Int64.init)
        try timedColumns("w1c", rawBytes: series * perSeries * 16, path: path) {
            let rec = try open("bench_w1_scalars", path)
            for k in 0..<series {
                try rec.sendColumns(EntityPath(parsing: "/series/\(k)"), indexes: [.sequence("step", steps)],
                                    columns: [ComponentColumnBatch(Scalars.Descriptors.scalars, values: walks[k])])
            }
            try rec.finish()
        }
    }

    static func w2c(_ path: String) throws {
        let count = w2Frames * w2Points
        var rng = SplitMix(seed: 12)
        let positions = try ArrayData.fixedSizeList(
            values: ArrayData.from((0..<(count * 3)).map { _ in Float(rng.nextDouble() * 10) }), size: 3,
            field: Field("item", .float32, nullable: false))
        let colors = ArrayData.from((0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next()) | 0xFF })
        let radii = ArrayData.from((0..<count).map { _ in Float(rng.nextDouble() * 0.05 + 0.01) })
        let lengths = [Int](repeating: w2Points, count: w2Frames)
        let frames = (0..<w2Frames).map(Int64.init)
        try timedColumns("w2c", rawBytes: count * (12 + 3 + 4), path: path) {
            let rec = try open("bench_w2_points", path)
            try rec.sendColumns("/points", indexes: [.sequence("frame", frames)], columns: [
                ComponentColumnBatch(Points3D.Descriptors.positions, values: positions, lengths: lengths),
                ComponentColumnBatch(Points3D.Descriptors.colors, values: colors, lengths: lengths),
                ComponentColumnBatch(Points3D.Descriptors.radii, values: radii, lengths: lengths),
            ])
            try rec.finish()
        }
    }

    static func w3c(_ path: String) throws {
        let imageBytes = w3Width * w3Height * 3
        // A moving gradient plus ±8 noise per channel, like the official script's images (so LZ4
        // finds as little to compress as there).
        var rng = SplitMix(seed: 13)
        var bytes = [UInt8](repeating: 0, count: w3Images * imageBytes)
        for image in 0..<w3Images {
            for y in 0..<w3Height {
                for x in 0..<w3Width {
                    let base = image * imageBytes + (y * w3Width + x) * 3
                    let shifted = (x + image * 3) % w3Width
                    let gradient = [shifted * 255 / (w3Width - 1), y * 255 / (w3Height - 1),
                                    (shifted + y) * 255 / (w3Width + w3Height - 2)]
                    for c in 0..<3 {
                        let noise = Int(rng.next() % 17) - 8
                        bytes[base + c] = UInt8(clamping: gradient[c] + noise)
                    }
                }
            }
        }
        let buffers = try ArrayData.list(
            values: ArrayData.from(bytes), offsets: (0...w3Images).map { Int32($0 * imageBytes) },
            field: Field("item", .uint8, nullable: false))
        let format = Components.ImageFormat(width: UInt32(w3Width), height: UInt32(w3Height), colorModel: .rgb, channelDatatype: .u8)
        let frames = (0..<w3Images).map(Int64.init)
        try timedColumns("w3c", rawBytes: w3Images * imageBytes, path: path) {
            let rec = try open("bench_w3_images", path)
            try rec.log("/camera/image", Image.updateFields(format: format), static: true)
            try rec.sendColumns("/camera/image", indexes: [.sequence("frame", frames)], columns: [
                ComponentColumnBatch(Image.Descriptors.buffer, values: buffers),
            ])
            try rec.finish()
        }
    }
}
