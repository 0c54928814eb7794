import Foundation
import RerunArrow
import RerunModel
import RerunTestSupport
import RerunTypes
import Testing

/// The same content built with our types and with the official SDK gives the same Arrow arrays,
/// value for value (each batch wrapped in a one-row `List` column, as in a chunk).
@Suite struct OfficialValueTests {
    /// Python side: `cases`, a dict of the official SDK's archetypes (the same content as `swiftCases()`).
    static let casesScript = #"""

        import sys, os, numpy as np, pyarrow as pa, rerun as rr
        cases = {
          "points3d": rr.Points3D([[1, 2, 3], [4, 5, 6], [7, 8, 9]], radii=[0.1, 0.2, 0.3],
                                  colors=[[255, 0, 0], [0, 255, 0, 128], [0, 0, 255]], labels=["a", "b", "c"],
                                  show_labels=True, class_ids=[1, 2, 3], keypoint_ids=[0, 1, 2], point_shading=rr.components.PointShading.Flat),
          "points3d_splat": rr.Points3D([[1, 2, 3], [4, 5, 6]], radii=0.5, colors=[255, 128, 0]),
          "points2d": rr.Points2D([[1, 2], [3, 4]], radii=[-2.0], colors=[[10, 20, 30, 40]], draw_order=5, labels="shared"),
          "boxes3d": rr.Boxes3D(mins=[[0, 0, 0], [1, 1, 1]], sizes=[[1, 2, 3], [2, 2, 2]],
                                rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 0, 1], radians=0.5), rr.RotationAxisAngle(axis=[1, 0, 0], radians=1.0)],
                                quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1]), rr.Quaternion(xyzw=[0, 0.7071, 0, 0.7071])],
                                fill_mode=rr.components.FillMode.Solid, colors=[[255, 0, 0], [0, 255, 0]], labels=["one", "two"], radii=[0.01, 0.02]),
          "boxes2d": rr.Boxes2D(centers=[[1, 1], [5, 5]], sizes=[[2, 2], [4, 2]], draw_order=1.5),
          "transform3d": rr.Transform3D(translation=[1, 2, 3], rotation=rr.RotationAxisAngle(axis=[0, 1, 0], degrees=90), scale=2.0,
                                        mat3x3=[[1, 2, 3], [4, 5, 6], [7, 8, 9]], relation=rr.TransformRelation.ChildFromParent,
                                        child_frame="camera", parent_frame="world"),
          "transform3d_quat": rr.Transform3D(translation=[0, 0, 1], quaternion=[0, 0, 0.7071, 0.7071]),
          "image_rgb": rr.Image(np.arange(24, dtype=np.uint8).reshape(2, 4, 3), color_model="RGB", opacity=0.5, draw_order=2,
                                magnification_filter=rr.components.MagnificationFilter.Linear),
          "image_f32": rr.Image(np.arange(12, dtype=np.float32).reshape(3, 4) / 10),
          "image_nv12": rr.Image(bytes=bytes(range(24)), width=4, height=4, pixel_format=rr.PixelFormat.NV12),
          "depth": rr.DepthImage(np.arange(12, dtype=np.uint16).reshape(3, 4) * 100, meter=1000.0, colormap=rr.components.Colormap.Viridis,
                                 depth_range=[0.0, 5.0], point_fill_ratio=0.5),
          "segmentation": rr.SegmentationImage(np.array([[0, 1, 2], [2, 1, 0]], dtype=np.uint8), opacity=0.7),
          "encoded": rr.EncodedImage(contents=b"\x89PNG\r\n\x1a\nfake", media_type="image/png"),
          "tensor": rr.Tensor(np.arange(24, dtype=np.int32).reshape(2, 3, 4), dim_names=["a", "b", "c"], value_range=[0.0, 23.0]),
          "tensor_f64": rr.Tensor(np.array([[0.5, 1.5], [2.5, 3.5]], dtype=np.float64)),
          "textlog": rr.TextLog("hello world", level=rr.TextLogLevel.WARN, color=[255, 0, 0]),
          "textdoc": rr.TextDocument("# Title", media_type=rr.MediaType.MARKDOWN),
          "scalars": rr.Scalars([1.5, 2.5]),
          "scalar_one": rr.Scalars(3.25),
          "serieslines": rr.SeriesLines(colors=[[255, 0, 0], [0, 0, 255]], widths=[1, 2], names=["sin", "cos"],
                                        visible_series=[True, False], aggregation_policy=rr.components.AggregationPolicy.MinMax,
                                        interpolation_mode=rr.components.InterpolationMode.StepAfter),
          "seriespoints": rr.SeriesPoints(colors=[0, 255, 0], markers=rr.components.MarkerShape.Diamond, names="pts", marker_sizes=4),
          "annotation": rr.AnnotationContext([
              rr.ClassDescription(info=rr.AnnotationInfo(id=1, label="person", color=[255, 0, 0]),
                                  keypoint_annotations=[rr.AnnotationInfo(id=0, label="nose"), rr.AnnotationInfo(id=1, label="eye", color=[0, 255, 0])],
                                  keypoint_connections=[(0, 1)]),
              rr.AnnotationInfo(id=2, label="car"),
          ]),
          "mesh": rr.Mesh3D(vertex_positions=[[0, 0, 0], [1, 0, 0], [0, 1, 0]], triangle_indices=[[0, 1, 2]],
                            vertex_normals=[[0, 0, 1], [0, 0, 1], [0, 0, 1]], vertex_colors=[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
                            vertex_texcoords=[[0, 0], [1, 0], [0, 1]], albedo_factor=[255, 255, 255, 128], class_ids=[7]),
          "linestrips3d": rr.LineStrips3D([[[0, 0, 0], [1, 1, 1]], [[2, 2, 2], [3, 3, 3], [4, 4, 4]]], radii=[0.1, 0.2], colors=[[1, 2, 3], [4, 5, 6]]),
          "linestrips2d": rr.LineStrips2D([[[0, 0], [1, 1]]], labels=["line"]),
          "arrows": rr.Arrows3D(vectors=[[1, 0, 0], [0, 1, 0]], origins=[[0, 0, 0], [1, 1, 1]]),
          "pinhole": rr.Pinhole(focal_length=100, width=64, height=48, camera_xyz=rr.ViewCoordinates.RDF, image_plane_distance=2.0),
          "viewcoords": rr.ViewCoordinates.RIGHT_HAND_Z_UP,
          "clear": rr.Clear(recursive=True),
          "barchart": rr.BarChart([1.0, 2.0, 3.0], color=[0, 128, 255]),
          "graphnodes": rr.GraphNodes(node_ids=["a", "b"], labels=["A", "B"], positions=[[0, 0], [1, 1]]),
          "graphedges": rr.GraphEdges(edges=[("a", "b")], graph_type=rr.components.GraphType.Directed),
          "recordinginfo": rr.archetypes.RecordingInfo(start_time=1_700_000_000_000_000_000, name="demo"),
        }
        """#

    /// Writes each case's `as_component_batches()` as one IPC stream into `sys.argv[1]`.
    static let script = casesScript + "\n" + #"""
        out = sys.argv[1]
        for name, archetype in cases.items():
            fields, columns = [], []
            for b in archetype.as_component_batches():
                d = b.component_descriptor()
                arr = b.as_arrow_array()
                col = pa.ListArray.from_arrays(pa.array([0, len(arr)], pa.int32()), arr)
                fields.append(pa.field(d.component, col.type, True, {"rerun:archetype": d.archetype, "rerun:component_type": d.component_type}))
                columns.append(col)
            batch = pa.RecordBatch.from_arrays(columns, schema=pa.schema(fields))
            with pa.ipc.new_stream(os.path.join(out, name + ".arrows"), batch.schema) as w:
                w.write_batch(batch)
        """#

    /// Swift side: the same content, through the generated initializers and the conveniences.
    static func swiftCases() throws -> [String: any Archetype] {
        var cases: [String: any Archetype] = [:]
        var points3D = Points3D(
            positions: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], radii: [0.1, 0.2, 0.3],
            colors: [Color(255, 0, 0), Color(0, 255, 0, 128), Color(rgb: 0x0000FF)], labels: ["a", "b", "c"],
            showLabels: ShowLabels(true), classIDs: [1, 2, 3], keypointIDs: [0, 1, 2])
        points3D.pointShading = [.flat]
        cases["points3d"] = points3D
        cases["points3d_splat"] = Points3D(positions: [[1, 2, 3], [4, 5, 6]], radii: Radius(0.5), colors: Color(255, 128, 0))
        cases["points2d"] = Points2D(
            positions: [Position2D(1, 2), Position2D(3, 4)], radii: [-2], colors: [Color(10, 20, 30, 40)],
            labels: Text("shared"), drawOrder: DrawOrder(5))

        var boxes3D = try Boxes3D(mins: [[0, 0, 0], [1, 1, 1]], sizes: [[1, 2, 3], [2, 2, 2]])
        boxes3D.rotationAxisAngles = [RotationAxisAngle(axis: [0, 0, 1], angle: 0.5), RotationAxisAngle(axis: [1, 0, 0], angle: 1)]
        boxes3D.quaternions = [.identity, RotationQuat(x: 0, y: 0.7071, z: 0, w: 0.7071)]
        boxes3D.fillMode = [.solid]
        boxes3D.colors = [Color(red: 1, green: 0, blue: 0), Color(red: 0, green: 1, blue: 0)]
        boxes3D.labels = ["one", "two"]
        boxes3D.radii = [0.01, 0.02]
        cases["boxes3d"] = boxes3D
        var boxes2D = try Boxes2D(centers: [[1, 1], [5, 5]], sizes: [[2, 2], [4, 2]])
        boxes2D.drawOrder = [1.5]
        cases["boxes2d"] = boxes2D

        var transform = Transform3D(
            translation: [1, 2, 3], rotation: .axisAngle(axis: [0, 1, 0], degrees: 90), scale: Scale3D(uniform: 2),
            mat3x3: try TransformMat3x3(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]), relation: .childFromParent)
        transform.childFrame = ["camera"]
        transform.parentFrame = ["world"]
        cases["transform3d"] = transform
        cases["transform3d_quat"] = Transform3D(translation: Translation3D(0, 0, 1), quaternion: RotationQuat(0, 0, 0.7071, 0.7071))

        var rgb = try Image(bytes: Array(0..<24), width: 4, height: 2, colorModel: .rgb)
        rgb.opacity = [0.5]
        rgb.drawOrder = [2]
        rgb.magnificationFilter = [.linear]
        cases["image_rgb"] = rgb
        cases["image_f32"] = try Image(pixels: (0..<12).map { Float($0) / 10 }, width: 4, height: 3, colorModel: .l)
        cases["image_nv12"] = try Image(bytes: Array(0..<24), width: 4, height: 4, pixelFormat: .nv12)
        var depth = try DepthImage(depths: (0..<12).map { UInt16($0 * 100) }, width: 4, height: 3, meter: 1000)
        depth.colormap = [.viridis]
        depth.depthRange = [ValueRange(0...5)]
        depth.pointFillRatio = [0.5]
        cases["depth"] = depth
        var segmentation = try SegmentationImage(classIDs: [UInt8(0), 1, 2, 2, 1, 0], width: 3, height: 2)
        segmentation.opacity = [0.7]
        cases["segmentation"] = segmentation
        cases["encoded"] = EncodedImage(bytes: [0x89] + Array("PNG\r\n\u{1A}\nfake".utf8), mediaType: .png)

        var tensor = try Tensor(shape: [2, 3, 4], values: (0..<24).map { Int32($0) }, names: ["a", "b", "c"])
        tensor.valueRange = [ValueRange(0, 23)]
        cases["tensor"] = tensor
        cases["tensor_f64"] = try Tensor(shape: [2, 2], values: [0.5, 1.5, 2.5, 3.5])

        cases["textlog"] = TextLog("hello world", level: .warn, color: Color(255, 0, 0))
        cases["textdoc"] = TextDocument("# Title", mediaType: .markdown)
        cases["scalars"] = Scalars([1.5, 2.5])
        cases["scalar_one"] = Scalars(3.25)
        cases["serieslines"] = SeriesLines(
            colors: [Color(255, 0, 0), Color(0, 0, 255)], widths: [1, 2], names: ["sin", "cos"], visibleSeries: [true, false],
            aggregationPolicy: AggregationPolicy.minMax, interpolationMode: InterpolationMode.stepAfter)
        cases["seriespoints"] = SeriesPoints(
            colors: Color(0, 255, 0), markers: MarkerShape.diamond, names: Name("pts"), markerSizes: MarkerSize(4))

        cases["annotation"] = AnnotationContext([
            Datatypes.ClassDescription(
                id: 1, label: "person", color: Color(255, 0, 0),
                keypoints: [Datatypes.AnnotationInfo(id: 0, label: "nose"), Datatypes.AnnotationInfo(id: 1, label: "eye", color: Color(0, 255, 0))],
                connections: [Datatypes.KeypointPair(0, 1)]),
            Datatypes.ClassDescription(id: 2, label: "car"),
        ])
        cases["mesh"] = Mesh3D(
            vertexPositions: [[0, 0, 0], [1, 0, 0], [0, 1, 0]], triangleIndices: [[0, 1, 2]],
            vertexNormals: [[0, 0, 1], [0, 0, 1], [0, 0, 1]], vertexColors: [Color(255, 0, 0), Color(0, 255, 0), Color(0, 0, 255)],
            vertexTexcoords: [[0, 0], [1, 0], [0, 1]], albedoFactor: AlbedoFactor(255, 255, 255, 128), classIDs: [7])
        cases["linestrips3d"] = LineStrips3D(
            strips: [[[0, 0, 0], [1, 1, 1]], [[2, 2, 2], [3, 3, 3], [4, 4, 4]]], radii: [0.1, 0.2], colors: [Color(1, 2, 3), Color(4, 5, 6)])
        cases["linestrips2d"] = LineStrips2D(strips: [[[0, 0], [1, 1]]], labels: ["line"])
        cases["arrows"] = Arrows3D(vectors: [[1, 0, 0], [0, 1, 0]], origins: [[0, 0, 0], [1, 1, 1]])
        var pinhole = Pinhole(focalLength: 100, width: 64, height: 48)
        pinhole.cameraXYZ = [.RDF]
        pinhole.imagePlaneDistance = [2]
        cases["pinhole"] = pinhole
        cases["viewcoords"] = ViewCoordinates.rightHandZUp
        cases["clear"] = Clear.recursive
        var chart = BarChart([1.0, 2.0, 3.0])
        chart.color = [Color(0, 128, 255)]
        cases["barchart"] = chart
        cases["graphnodes"] = GraphNodes(nodeIDs: ["a", "b"], positions: [[0, 0], [1, 1]], labels: ["A", "B"])
        cases["graphedges"] = GraphEdges(edges: [GraphEdge("a", "b")], graphType: GraphType.directed)
        cases["recordinginfo"] = RecordingInfo(startTime: Timestamp(1_700_000_000_000_000_000), name: Name("demo"))
        return cases
    }

    @Test func valuesEqualTheOfficialSDK() throws {
        let official = try officialStreams(Self.script)
        let ours = try Self.swiftCases()
        #expect(Set(ours.keys) == Set(official.keys))
        for name in ours.keys.sorted() {
            let archetype = try #require(ours[name])
            let stream = try #require(official[name], "no official stream for \(name)")
            let batch = try #require(stream.batches.first)
            let columns = archetype.componentColumns()
            #expect(columns.map(\.0.component) == stream.schema.fields.map(\.name), "\(name): columns")
            for (descriptor, data) in columns {
                try data.validate()
                guard let index = stream.schema.firstIndex(of: descriptor.component) else { continue }
                #expect(descriptor.archetype == stream.schema.fields[index].metadata["rerun:archetype"])
                #expect(descriptor.componentType == stream.schema.fields[index].metadata["rerun:component_type"])
                let mine = try oneRow(data)
                let theirs = batch.columns[index]
                #expect(mine.type == theirs.type, "\(name) \(descriptor): type \(mine.type) vs \(theirs.type)")
                #expect(mine.isLogicallyEqual(to: theirs),
                        "\(name) \(descriptor):\n ours     \(mine.describeValues())\n official \(theirs.describeValues())")
            }
        }
    }
}
