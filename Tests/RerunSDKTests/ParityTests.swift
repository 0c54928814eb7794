import Foundation
import Rerun
import RerunArrow
import RerunTestSupport
import Testing

/// Parity with the official Python SDK (rerun-sdk 0.41.0): the same content logged from Swift and
/// from Python gives files that the official `rerun rrd compare` reports equal.
///
/// What `rerun rrd compare` (0.41) checks and ignores, found by comparing pairs of official
/// Python-written files that differ in one thing each:
/// - **Ignored:** row ids and chunk ids (two runs of the same script compare equal); the
///   `log_time` timeline entirely — its values and even its presence (`--help`: "This ignores
///   the `log_time` timeline"; a file with `rr.disable_timeline("log_time")` equals one with it);
///   the recording id (same script, different `recording_id` → equal); the `RecordingInfo:start_time`
///   value in `/__properties` (`send_recording_start_time_nanos(1000)` vs `(2000)` → equal); the
///   store info's SDK/source fields (our files say rerun-swift and still compare equal).
///   `log_tick` is not ignored by default (`--help` suggests `--ignore-timeline log_tick` for it).
/// - **Compared:** the application id ("Application IDs do not match"); the number of chunks and
///   each chunk's entity path, column names, Arrow types and values — so chunk boundaries matter:
///   the same two rows in one chunk or in two do NOT compare equal, even with `--unordered`
///   (which only relaxes the order of chunks); all other timelines (presence and values);
///   recording properties (`send_recording_name`, `send_property` add chunks that must match).
///
/// So both sides here write one chunk per logged row (Swift: `BatcherConfig.always` plus a
/// `flush()` after each call; Python: `RERUN_FLUSH_NUM_ROWS=1`), which makes chunking
/// deterministic without relying on timing, and the comparison is the strict, ordered one.
///
/// Differences from the official SDK seen while writing this (not data differences):
/// - `BatcherConfig.always` alone does not give one chunk per row: rows logged in a burst (three
///   entities × three frames here) were batched into one 3-row chunk per entity, because our
///   flush loop drains asynchronously; the official batcher with `RERUN_FLUSH_NUM_ROWS=1` cuts
///   a chunk after every row.
/// - `Options(recordingName:)` writes name and start time as one `/__properties` row; the
///   official `rr.init` + `rr.send_recording_name` writes two rows (two chunks). Same values,
///   different chunking, so the Swift side here logs `RecordingInfo(name:)` itself.
@Suite struct ParityTests {
    static let applicationID = "swift_parity"

    /// The Python twin: the same content through the official SDK, saved to `sys.argv[1]`.
    static let pythonScript = #"""
        import os, sys
        os.environ["RERUN_FLUSH_NUM_ROWS"] = "1"
        import numpy as np, rerun as rr
        rr.init("swift_parity", recording_id="parity-recording", spawn=False)
        rr.save(sys.argv[1])
        rr.send_recording_name("parity")

        def at(i):
            rr.set_time("frame", sequence=i)
            rr.set_time("sim", duration=np.timedelta64(i * 1_500_000_000, "ns"))
            rr.set_time("wall", timestamp=np.datetime64(1_700_000_000_000_000_000 + i * 1_000, "ns"))

        # Static data.
        rr.log("world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
        rr.log("world/camera", rr.Pinhole(focal_length=100, width=64, height=48, camera_xyz=rr.ViewCoordinates.RDF, image_plane_distance=2.0), static=True)
        rr.log("annotated", rr.AnnotationContext([
            rr.ClassDescription(info=rr.AnnotationInfo(id=1, label="person", color=[255, 0, 0]),
                                keypoint_annotations=[rr.AnnotationInfo(id=0, label="nose"), rr.AnnotationInfo(id=1, label="eye", color=[0, 255, 0])],
                                keypoint_connections=[(0, 1)]),
            rr.AnnotationInfo(id=2, label="car"),
        ]), static=True)
        rr.log("plots/sin", rr.SeriesLines(colors=[[255, 0, 0], [0, 0, 255]], widths=[1, 2], names=["sin", "cos"],
                                           visible_series=[True, False], aggregation_policy=rr.components.AggregationPolicy.MinMax,
                                           interpolation_mode=rr.components.InterpolationMode.StepAfter), static=True)
        rr.log("plots/pts", rr.SeriesPoints(colors=[0, 255, 0], markers=rr.components.MarkerShape.Diamond, names="pts", marker_sizes=4), static=True)

        for i in range(3):
            at(i)
            rr.log("world/points", rr.Points3D([[1, 2, i], [4, 5, 6], [7, 8, 9]], radii=[0.1, 0.2, 0.3],
                                               colors=[[255, 0, 0], [0, 255, 0, 128], [0, 0, 255]], labels=["a", "b", "c"],
                                               show_labels=True, class_ids=[1, 2, 3], keypoint_ids=[0, 1, 2]))
            rr.log("plots/sin", rr.Scalars([1.5 * i, 2.5]))
            rr.log("plots/pts", rr.Scalars(3.25 + i))
            rr.log("world/arm", rr.Transform3D(translation=[1, 2, i], rotation=rr.RotationAxisAngle(axis=[0, 1, 0], degrees=90), scale=2.0,
                                               relation=rr.TransformRelation.ChildFromParent))
        at(1)
        rr.log("world/splat", rr.Points3D([[1, 2, 3], [4, 5, 6]], radii=0.5, colors=[255, 128, 0]))
        rr.log("image/points", rr.Points2D([[1, 2], [3, 4]], radii=[-2.0], colors=[[10, 20, 30, 40]], draw_order=5, labels="shared"))
        rr.log("world/boxes", rr.Boxes3D(mins=[[0, 0, 0], [1, 1, 1]], sizes=[[1, 2, 3], [2, 2, 2]],
                                         quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1]), rr.Quaternion(xyzw=[0, 0.7071, 0, 0.7071])],
                                         fill_mode=rr.components.FillMode.Solid, colors=[[255, 0, 0], [0, 255, 0]], labels=["one", "two"], radii=[0.01, 0.02]))
        rr.log("image/boxes", rr.Boxes2D(centers=[[1, 1], [5, 5]], sizes=[[2, 2], [4, 2]], draw_order=1.5))
        rr.log("world/quat", rr.Transform3D(translation=[0, 0, 1], quaternion=[0, 0, 0.7071, 0.7071]))
        rr.log("world/strips", rr.LineStrips3D([[[0, 0, 0], [1, 1, 1]], [[2, 2, 2], [3, 3, 3], [4, 4, 4]]], radii=[0.1, 0.2], colors=[[1, 2, 3], [4, 5, 6]]))
        rr.log("image/strips", rr.LineStrips2D([[[0, 0], [1, 1]]], labels=["line"]))
        rr.log("world/arrows", rr.Arrows3D(vectors=[[1, 0, 0], [0, 1, 0]], origins=[[0, 0, 0], [1, 1, 1]]))
        rr.log("world/mesh", rr.Mesh3D(vertex_positions=[[0, 0, 0], [1, 0, 0], [0, 1, 0]], triangle_indices=[[0, 1, 2]],
                                       vertex_normals=[[0, 0, 1], [0, 0, 1], [0, 0, 1]], vertex_colors=[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
                                       vertex_texcoords=[[0, 0], [1, 0], [0, 1]], albedo_factor=[255, 255, 255, 128], class_ids=[7]))
        rr.log("world/camera/rgb", rr.Image(np.arange(24, dtype=np.uint8).reshape(2, 4, 3), color_model="RGB", opacity=0.5, draw_order=2,
                                            magnification_filter=rr.components.MagnificationFilter.Linear))
        rr.log("world/camera/f32", rr.Image(np.arange(12, dtype=np.float32).reshape(3, 4) / 10))
        rr.log("world/camera/nv12", rr.Image(bytes=bytes(range(24)), width=4, height=4, pixel_format=rr.PixelFormat.NV12))
        rr.log("world/camera/depth", rr.DepthImage(np.arange(12, dtype=np.uint16).reshape(3, 4) * 100, meter=1000.0,
                                                   colormap=rr.components.Colormap.Viridis, depth_range=[0.0, 5.0], point_fill_ratio=0.5))
        rr.log("annotated/seg", rr.SegmentationImage(np.array([[0, 1, 2], [2, 1, 0]], dtype=np.uint8), opacity=0.7))
        rr.log("world/camera/png", rr.EncodedImage(contents=b"\x89PNG\r\n\x1a\nfake", media_type="image/png"))
        rr.log("tensor", rr.Tensor(np.arange(24, dtype=np.int32).reshape(2, 3, 4), dim_names=["a", "b", "c"], value_range=[0.0, 23.0]))
        rr.log("tensor_f64", rr.Tensor(np.array([[0.5, 1.5], [2.5, 3.5]], dtype=np.float64)))
        rr.log("logs", rr.TextLog("hello world", level=rr.TextLogLevel.WARN, color=[255, 0, 0]))
        rr.log("readme", rr.TextDocument("# Title", media_type=rr.MediaType.MARKDOWN))
        rr.log("chart", rr.BarChart([1.0, 2.0, 3.0], color=[0, 128, 255]))
        rr.log("graph", rr.GraphNodes(node_ids=["a", "b"], labels=["A", "B"], positions=[[0, 0], [1, 1]]),
                        rr.GraphEdges(edges=[("a", "b")], graph_type=rr.components.GraphType.Directed))
        at(2)
        # Partial updates, clears.
        rr.log("world/points", rr.Points3D.from_fields(radii=[0.7]))
        rr.log("world/splat", rr.Points3D.cleared())
        rr.log("image", rr.Clear(recursive=True))
        rr.log("world/boxes", rr.Clear(recursive=False))
        # Custom components, a disabled timeline, no time at all, columnar data.
        rr.log("custom", rr.AnyValues(confidence=[1.25, 3.5], label=["x", "y"]))
        rr.disable_timeline("wall")
        rr.log("logs", rr.TextLog("no wall clock"))
        rr.reset_time()
        rr.log("logs", rr.TextLog("no time"))
        # The official send_columns bypasses the batcher and can overtake rows still in it: flush
        # first so the chunk order is deterministic (ours keeps log order by itself).
        rr.get_global_data_recording().flush()
        rr.send_columns("columnar", indexes=[rr.TimeColumn("frame", sequence=[10, 11, 12]),
                                             rr.TimeColumn("sim", duration=np.array([10, 11, 12], dtype="timedelta64[s]")),
                                             rr.TimeColumn("wall", timestamp=np.array([1, 2, 3], dtype="datetime64[ns]"))],
                        columns=rr.Scalars.columns(scalars=[0.5, 1.5, 2.5]))
        """#

    /// Reads both files with the official `RrdReader` and checks that every chunk's entity,
    /// columns, Arrow types and values (row ids and `log_time` aside) are the same; prints
    /// the number of chunks and values compared.
    static let readBackScript = #"""
        import sys, pyarrow as pa, rerun as rr
        def dump(path):
            out = []
            for c in rr.chunk.RrdReader(path).store().stream():
                b = c.to_record_batch()
                cols = {}
                for i, f in enumerate(b.schema):
                    if f.name in ("rerun.controls.RowId", "log_time"):
                        continue
                    if c.entity_path == "/__properties" and f.name == "RecordingInfo:start_time":
                        continue
                    col = b.column(i)
                    if pa.types.is_timestamp(f.type) or pa.types.is_duration(f.type):
                        col = col.cast(pa.int64())  # exact nanoseconds
                    cols[f.name] = (str(f.type), col.to_pylist())
                out.append((c.entity_path, cols))
            return out
        ours, theirs = dump(sys.argv[1]), dump(sys.argv[2])
        if len(ours) != len(theirs):
            sys.exit(f"chunk counts differ: {len(ours)} vs {len(theirs)}")
        for a, b in zip(ours, theirs):
            if repr(a) != repr(b):
                sys.exit(f"chunk differs:\n ours   {a!r}\n theirs {b!r}")
        print(len(ours), sum(len(v[1]) for _, cols in ours for v in cols.values()))
        """#

    /// The Swift side: the same calls as `pythonScript`.
    static func logSwift(to path: String) throws {
        let rec = try RecordingStream(
            applicationID: applicationID, recordingID: "parity-recording", savingTo: path, batcher: .always)
        // One chunk per row, as the official batcher makes with `RERUN_FLUSH_NUM_ROWS=1`: ours
        // flushes on a background loop, so rows logged in a burst can share a chunk even with
        // `.always`; flushing after each call pins the boundaries.
        func log(_ path: String, _ items: any AsComponents..., static isStatic: Bool = false) throws {
            try rec.log(EntityPath(parsing: path), items, static: isStatic)
            try rec.flush()
        }
        // `rr.send_recording_name` after `rr.init` is a second `/__properties` row (`Options(recordingName:)`
        // would put the name into the start-time row instead: same data, one chunk fewer).
        try log("__properties", RecordingInfo(name: Name("parity")), static: true)
        func at(_ i: Int64) {
            rec.setTime("frame", sequence: i)
            rec.setTime("sim", durationNanos: i * 1_500_000_000)
            rec.setTime("wall", timestampNanos: 1_700_000_000_000_000_000 + i * 1_000)
        }
        try log("world", ViewCoordinates.rightHandZUp, static: true)
        var pinhole = Pinhole(focalLength: 100, width: 64, height: 48)
        pinhole.cameraXYZ = [.RDF]
        pinhole.imagePlaneDistance = [2]
        try log("world/camera", pinhole, static: true)
        try log("annotated", AnnotationContext([
            Datatypes.ClassDescription(
                id: 1, label: "person", color: Color(255, 0, 0),
                keypoints: [Datatypes.AnnotationInfo(id: 0, label: "nose"), Datatypes.AnnotationInfo(id: 1, label: "eye", color: Color(0, 255, 0))],
                connections: [Datatypes.KeypointPair(0, 1)]),
            Datatypes.ClassDescription(id: 2, label: "car"),
        ]), static: true)
        try log("plots/sin", SeriesLines(
            colors: [Color(255, 0, 0), Color(0, 0, 255)], widths: [1, 2], names: ["sin", "cos"], visibleSeries: [true, false],
            aggregationPolicy: AggregationPolicy.minMax, interpolationMode: InterpolationMode.stepAfter), static: true)
        try log("plots/pts", SeriesPoints(
            colors: Color(0, 255, 0), markers: MarkerShape.diamond, names: Name("pts"), markerSizes: MarkerSize(4)), static: true)

        for i in 0..<3 {
            at(Int64(i))
            try log("world/points", Points3D(
                positions: [[1, 2, Float(i)], [4, 5, 6], [7, 8, 9]], radii: [0.1, 0.2, 0.3],
                colors: [Color(255, 0, 0), Color(0, 255, 0, 128), Color(rgb: 0x0000FF)], labels: ["a", "b", "c"],
                showLabels: ShowLabels(true), classIDs: [1, 2, 3], keypointIDs: [0, 1, 2]))
            try log("plots/sin", Scalars([1.5 * Double(i), 2.5]))
            try log("plots/pts", Scalars(3.25 + Double(i)))
            try log("world/arm", Transform3D(
                translation: [1, 2, Float(i)], rotation: .axisAngle(axis: [0, 1, 0], degrees: 90), scale: Scale3D(uniform: 2),
                relation: .childFromParent))
        }
        at(1)
        try log("world/splat", Points3D(positions: [[1, 2, 3], [4, 5, 6]], radii: Radius(0.5), colors: Color(255, 128, 0)))
        try log("image/points", Points2D(
            positions: [Position2D(1, 2), Position2D(3, 4)], radii: [-2], colors: [Color(10, 20, 30, 40)],
            labels: Text("shared"), drawOrder: DrawOrder(5)))
        var boxes3D = try Boxes3D(mins: [[0, 0, 0], [1, 1, 1]], sizes: [[1, 2, 3], [2, 2, 2]])
        boxes3D.quaternions = [.identity, RotationQuat(x: 0, y: 0.7071, z: 0, w: 0.7071)]
        boxes3D.fillMode = [.solid]
        boxes3D.colors = [Color(red: 1, green: 0, blue: 0), Color(red: 0, green: 1, blue: 0)]
        boxes3D.labels = ["one", "two"]
        boxes3D.radii = [0.01, 0.02]
        try log("world/boxes", boxes3D)
        var boxes2D = try Boxes2D(centers: [[1, 1], [5, 5]], sizes: [[2, 2], [4, 2]])
        boxes2D.drawOrder = [1.5]
        try log("image/boxes", boxes2D)
        try log("world/quat", Transform3D(translation: Translation3D(0, 0, 1), quaternion: RotationQuat(0, 0, 0.7071, 0.7071)))
        try log("world/strips", LineStrips3D(
            strips: [[[0, 0, 0], [1, 1, 1]], [[2, 2, 2], [3, 3, 3], [4, 4, 4]]], radii: [0.1, 0.2], colors: [Color(1, 2, 3), Color(4, 5, 6)]))
        try log("image/strips", LineStrips2D(strips: [[[0, 0], [1, 1]]], labels: ["line"]))
        try log("world/arrows", Arrows3D(vectors: [[1, 0, 0], [0, 1, 0]], origins: [[0, 0, 0], [1, 1, 1]]))
        try log("world/mesh", Mesh3D(
            vertexPositions: [[0, 0, 0], [1, 0, 0], [0, 1, 0]], triangleIndices: [[0, 1, 2]],
            vertexNormals: [[0, 0, 1], [0, 0, 1], [0, 0, 1]], vertexColors: [Color(255, 0, 0), Color(0, 255, 0), Color(0, 0, 255)],
            vertexTexcoords: [[0, 0], [1, 0], [0, 1]], albedoFactor: AlbedoFactor(255, 255, 255, 128), classIDs: [7]))
        var rgb = try Image(bytes: Array(0..<24), width: 4, height: 2, colorModel: .rgb)
        rgb.opacity = [0.5]
        rgb.drawOrder = [2]
        rgb.magnificationFilter = [.linear]
        try log("world/camera/rgb", rgb)
        try log("world/camera/f32", Image(pixels: (0..<12).map { Float($0) / 10 }, width: 4, height: 3, colorModel: .l))
        try log("world/camera/nv12", Image(bytes: Array(0..<24), width: 4, height: 4, pixelFormat: .nv12))
        var depth = try DepthImage(depths: (0..<12).map { UInt16($0 * 100) }, width: 4, height: 3, meter: 1000)
        depth.colormap = [.viridis]
        depth.depthRange = [ValueRange(0...5)]
        depth.pointFillRatio = [0.5]
        try log("world/camera/depth", depth)
        var segmentation = try SegmentationImage(classIDs: [UInt8(0), 1, 2, 2, 1, 0], width: 3, height: 2)
        segmentation.opacity = [0.7]
        try log("annotated/seg", segmentation)
        try log("world/camera/png", EncodedImage(bytes: [0x89] + Array("PNG\r\n\u{1A}\nfake".utf8), mediaType: .png))
        var tensor = try Tensor(shape: [2, 3, 4], values: (0..<24).map { Int32($0) }, names: ["a", "b", "c"])
        tensor.valueRange = [ValueRange(0, 23)]
        try log("tensor", tensor)
        try log("tensor_f64", Tensor(shape: [2, 2], values: [0.5, 1.5, 2.5, 3.5]))
        try log("logs", TextLog("hello world", level: .warn, color: Color(255, 0, 0)))
        try log("readme", TextDocument("# Title", mediaType: .markdown))
        var chart = BarChart([1.0, 2.0, 3.0])
        chart.color = [Color(0, 128, 255)]
        try log("chart", chart)
        try log("graph", GraphNodes(nodeIDs: ["a", "b"], positions: [[0, 0], [1, 1]], labels: ["A", "B"]),
                    GraphEdges(edges: [GraphEdge("a", "b")], graphType: GraphType.directed))
        at(2)
        try log("world/points", Points3D.updateFields(radii: [Radius(0.7)]))
        try log("world/splat", Points3D.cleared())
        try log("image", Clear(recursive: true))
        try log("world/boxes", Clear(recursive: false))
        try log("custom", AnyValues().with("confidence", ArrayData.from([1.25, 3.5])).with("label", ArrayData.from(["x", "y"])))
        rec.disableTimeline("wall")
        try log("logs", TextLog("no wall clock"))
        rec.resetTime()
        try log("logs", TextLog("no time"))
        try rec.sendColumns(
            "columnar",
            indexes: [.sequence("frame", [10, 11, 12]), .durationNanos("sim", [10, 11, 12].map { $0 * 1_000_000_000 }),
                      .timestampNanos("wall", [1, 2, 3])],
            columns: [ComponentColumnBatch(Scalars.Descriptors.scalars, values: ArrayData.from([0.5, 1.5, 2.5]))])
        try rec.finish()
    }

    @Test func everyArchetypeComparesEqualToTheOfficialSDK() throws {
        try Oracle.withSwiftAndOfficialRecordings(logSwift: Self.logSwift(to:), pythonScript: Self.pythonScript) { ours, theirs in
            let verify = try Oracle.runRerun(["rrd", "verify", ours])
            #expect(verify.status == 0, "rrd verify: \(verify.output)")
            let compare = try Oracle.runRerun(["rrd", "compare", ours, theirs])
            #expect(compare.status == 0, "rrd compare: \(compare.output)")

            let counts = String(decoding: try Oracle.runPython(Self.readBackScript, arguments: [ours, theirs]), as: UTF8.self)
                .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(counts.count == 2 && counts[0] >= 45 && counts[1] >= 100, "chunks, values read back: \(counts)")
        }
    }
}
