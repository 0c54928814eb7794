import Foundation
import RerunArrow
import RerunModel
import RerunTestSupport
import RerunTypes
import Testing

/// The hand-written conveniences and the generated initializers' behaviour.
@Suite struct ConvenienceTests {
    @Test func colorsPackAsRGBA() {
        #expect(Color(255, 0, 0).rgba == 0xFF00_00FF)
        #expect(Color(1, 2, 3, 4).rgba == 0x0102_0304)
        #expect(Color(red: 1, green: 0.5, blue: 0).rgba == 0xFF80_00FF)
        #expect(Color(red: 2, green: -1, blue: .nan, alpha: 0.5).rgba == 0xFF00_0080)
        #expect(Color(rgb: 0x123456).rgba == 0x1234_56FF)
        let color: Color = 0xAABB_CCDD
        #expect((color.red, color.green, color.blue, color.alpha) == (0xAA, 0xBB, 0xCC, 0xDD))
        #expect(AlbedoFactor(Color(9, 8, 7)).rgba == 0x0908_07FF)
        #expect(Datatypes.AnnotationInfo(id: 3, label: "x", color: Color(255, 255, 255)).color == 0xFFFF_FFFF)
    }

    @Test func literalsAndPositionalInitializers() {
        let radius: Radius = 0.5
        let integerRadius: Radius = 2
        let text: Text = "hello"
        let position: Position3D = [1, 2, 3]
        let visible: Visible = true
        let classID: ClassId = 7
        #expect(radius.value == 0.5 && integerRadius.value == 2 && text.value == "hello" && visible.visible && classID.id == 7)
        #expect(position == Position3D(1, 2, 3))
        #expect(position.x == 1 && position.y == 2 && position.z == 3)  // dynamic member lookup into Vec3D
        var moved = position
        moved.z = 9
        #expect(moved.xyz.elements == [1, 2, 9])
        let strip: LineStrip3D = [[0, 0, 0], [1, 1, 1]]
        #expect(strip.points.count == 2)
        let format = ImageFormat(width: 4, height: 2, colorModel: .rgb, channelDatatype: .u8)
        #expect(format.width == 4 && format.colorModel == .rgb && format.pixelFormat == nil)  // forwarded members
        #expect(FillMode.solid.name == "Solid" && FillMode.solid.rawValue == 3)
        #expect(PixelFormat.yUV12LimitedRange.rawValue == 20 && PixelFormat.yUV12LimitedRange.name == "Y_U_V12_LimitedRange")
        #expect(MagnificationFilter.defaultValue == .nearest)
        #expect(Datatypes.TensorBuffer.f16([0x3C00]).name == "F16")
    }

    @Test func aSingleValueSplatsAsAOneElementBatch() throws {
        let points = Points3D(positions: [[0, 0, 0], [1, 1, 1], [2, 2, 2]], radii: Radius(0.5), colors: Color(255, 0, 0))
        #expect(points.radii == [Radius(0.5)])
        #expect(points.colors == [Color(255, 0, 0)])
        let columns = Dictionary(uniqueKeysWithValues: points.componentColumns().map { ($0.0.component, $0.1) })
        #expect(columns["Points3D:positions"]?.length == 3)
        #expect(columns["Points3D:radii"]?.length == 1)
        #expect(columns["Points3D:colors"]?.length == 1)
        // A single position is a one-point batch too.
        #expect(Points3D(positions: Position3D(1, 2, 3)).positions == [Position3D(1, 2, 3)])
    }

    @Test func partialUpdatesAndClears() throws {
        let update = Points3D.updateFields(colors: [Color(1, 2, 3)])
        #expect(update.componentColumns().map(\.0) == [Points3D.Descriptors.colors])
        #expect(Points3D.updateFields().componentColumns().isEmpty)
        let cleared = Points3D.cleared()
        #expect(cleared.componentColumns().map(\.0) == Points3D.fields.map(\.descriptor))
        #expect(cleared.componentColumns().allSatisfy { $0.1.length == 0 })
        #expect(Transform3D(translation: Translation3D(1, 2, 3)).componentColumns().map(\.0.component) == ["Transform3D:translation"])
    }

    @Test func batchesAndColumnsAgree() throws {
        for archetype in try OfficialValueTests.swiftCases().values {
            let batches = archetype.componentBatches()
            let columns = archetype.componentColumns()
            #expect(batches.map(\.descriptor) == columns.map(\.0))
            for (batch, column) in zip(batches, columns) {
                #expect(batch.count == column.1.length)
                #expect(batch.arrowArray().isLogicallyEqual(to: column.1))
            }
        }
    }

    /// The visitor sees the same fields, values and encodings as `componentColumns()`.
    @Test func visitorSeesEveryBatch() throws {
        struct Collector: ComponentBatchVisitor {
            var seen: [(ComponentDescriptor, ArrayData)] = []
            mutating func visit<C: Component>(_ descriptor: ComponentDescriptor, _ values: [C]) {
                seen.append((descriptor, C.arrowArray(values)))
            }
        }
        for archetype in try OfficialValueTests.swiftCases().values {
            var collector = Collector()
            archetype.visitComponentBatches(&collector)
            let columns = archetype.componentColumns()
            #expect(collector.seen.map(\.0) == columns.map(\.0))
            for (seen, column) in zip(collector.seen, columns) { #expect(seen.1.isLogicallyEqual(to: column.1)) }
        }
    }

    @Test func descriptorsAreThe041Identifiers() {
        #expect(Points3D.Descriptors.positions == ComponentDescriptor(
            component: "Points3D:positions", archetype: "rerun.archetypes.Points3D", componentType: "rerun.components.Position3D"))
        #expect(Pinhole.Descriptors.cameraXYZ.component == "Pinhole:camera_xyz")
        #expect(Pinhole.Descriptors.lineWidth.componentType == "rerun.components.Radius")
        #expect(Points3D.fields.first { $0.name == "positions" }?.requirement == .required)
        #expect(Points3D.fields.first { $0.name == "colors" }?.requirement == .recommended)
    }

    @Test func boxesFromMinsAndSizes() throws {
        let boxes = try Boxes3D(mins: [[0, 0, 0], [1, 1, 1]], sizes: [[2, 4, 6], [1, 1, 1]])
        #expect(boxes.halfSizes == [HalfSize3D(1, 2, 3), HalfSize3D(0.5, 0.5, 0.5)])
        #expect(boxes.centers == [Translation3D(1, 2, 3), Translation3D(1.5, 1.5, 1.5)])
        #expect(Boxes3D(sizes: [[2, 2, 2]]).halfSizes == [HalfSize3D(1, 1, 1)])
        let flat = try Boxes2D(mins: [[0, 0]], sizes: [[4, 2]])
        #expect(flat.centers == [Position2D(2, 1)] && flat.halfSizes == [HalfSize2D(2, 1)])
        #expect(throws: RerunTypesError("Boxes3D: 2 mins but 1 sizes")) { try Boxes3D(mins: [[0, 0, 0], [1, 1, 1]], sizes: [[1, 1, 1]]) }
        #expect(throws: RerunTypesError.self) { try Boxes2D(centers: [[0, 0], [1, 1]], sizes: [[1, 1], [1, 1], [1, 1]]) }
    }

    @Test func imagesCheckTheirBufferSize() throws {
        #expect(throws: RerunTypesError("Image: a 4×2 RGB U8 image needs 24 bytes, the buffer has 23")) {
            try Image(bytes: Array(repeating: 0, count: 23), width: 4, height: 2, colorModel: .rgb)
        }
        #expect(throws: RerunTypesError.self) { try Image(bytes: [], width: -1, height: 2, colorModel: .l) }
        #expect(throws: RerunTypesError.self) { try Image(bytes: Array(repeating: 0, count: 23), width: 4, height: 4, pixelFormat: .nv12) }
        #expect(throws: RerunTypesError.self) { try DepthImage(depths: [Float](repeating: 0, count: 5), width: 2, height: 2) }
        let depth = try DepthImage(depths: [UInt16](repeating: 7, count: 6), width: 3, height: 2, meter: 1000)
        #expect(depth.format == [ImageFormat(width: 3, height: 2, channelDatatype: .u16)])
        #expect(depth.buffer?.first?.buffer.count == 12)
        #expect(depth.meter == [DepthMeter(1000)])
        let image = try Image(pixels: [Float](repeating: 1, count: 8), width: 2, height: 1, colorModel: .rgba)
        #expect(image.format == [ImageFormat(width: 2, height: 1, colorModel: .rgba, channelDatatype: .f32)])
        #expect(Datatypes.ImageFormat(width: 5, height: 3, pixelFormat: .nv12).byteCount == 15 + 2 * 3 * 2)
    }

    @Test func tensorsCheckTheirShape() throws {
        let tensor = try Tensor(shape: [2, 3], values: [UInt8](0..<6), names: ["rows", "columns"])
        #expect(tensor.data?.first?.data.shape == [2, 3])
        #expect(tensor.data?.first?.data.buffer == .u8(Array(0..<6)))
        #expect(throws: RerunTypesError("tensor shape [2, 3] needs 6 elements, the buffer has 5")) {
            try Tensor(shape: [2, 3], values: [Float](repeating: 0, count: 5))
        }
        #expect(throws: RerunTypesError.self) { try Tensor(shape: [2, -3], values: [Float]()) }
        #expect(throws: RerunTypesError.self) { try Tensor(shape: [2], values: [Float](repeating: 0, count: 2), names: ["a", "b"]) }
        #expect(BarChart([1, 2, 3] as [Int64]).values?.first?.data.shape == [3])
        // Half floats travel as bit patterns.
        let half = Components.TensorData(shape: [2], buffer: .f16([HalfFloat.bits(from: 1), HalfFloat.bits(from: -2)]))
        let array = Components.TensorData.arrowArray([half])
        try array.validate()
        #expect(array.describeValues().contains("1"), "\(array.describeValues())")
    }

    @Test func transformsAndCameras() throws {
        let matrix = try TransformMat3x3(rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(matrix.flatColumns.elements == [1, 4, 7, 2, 5, 8, 3, 6, 9])
        #expect(matrix.flatColumns[0, 1] == 2 && matrix.flatColumns[1, 0] == 4)
        #expect(throws: RerunTypesError.self) { try TransformMat3x3(rows: [[1, 2], [3, 4]]) }
        #expect(try Datatypes.Mat3x3(columns: [[1, 4, 7], [2, 5, 8], [3, 6, 9]]) == matrix.flatColumns)
        let pinhole = Pinhole(focalLength: 100, width: 64, height: 48)  // spec §5.3 example
        #expect(pinhole.imageFromCamera?.first?.imageFromCamera.elements == [100, 0, 0, 0, 100, 0, 32, 24, 1])
        #expect(pinhole.resolution == [Resolution(64, 48)])
        let transform = Transform3D(rotation: .quaternion(.identity), scale: Scale3D(uniform: 2))
        #expect(transform.quaternion == [RotationQuat(0, 0, 0, 1)] && transform.rotationAxisAngle == nil)
        #expect(transform.scale == [Scale3D(2, 2, 2)])
        #expect(RotationAxisAngle(axis: [0, 0, 1], degrees: 180).rotation.angle == Float(Double.pi))  // rounded to nearest, as the other SDKs
    }

    @Test func textConveniences() {
        let log = TextLog("disk full", level: .error)
        #expect(log.text == [Text("disk full")] && log.level == [TextLogLevel("ERROR")] && log.color == nil)
        #expect(TextDocument("# hi", mediaType: .markdown).mediaType == [MediaType("text/markdown")])
        #expect(Scalars(1.5).scalars == [Scalar(1.5)] && Scalars([1, 2]).scalars?.count == 2)
        #expect(Clear.recursive.isRecursive == [ClearIsRecursive(true)] && Clear.flat.isRecursive == [ClearIsRecursive(false)])
        #expect(GraphEdge("a", "b").edge == Datatypes.Utf8Pair(first: "a", second: "b"))
    }

    /// Our ViewCoordinates constants have the official SDK's bytes.
    @Test func viewCoordinatesEqualTheOfficialConstants() throws {
        let names = ["RIGHT_HAND_X_UP", "RIGHT_HAND_X_DOWN", "RIGHT_HAND_Y_UP", "RIGHT_HAND_Y_DOWN", "RIGHT_HAND_Z_UP",
                     "RIGHT_HAND_Z_DOWN", "LEFT_HAND_X_UP", "LEFT_HAND_X_DOWN", "LEFT_HAND_Y_UP", "LEFT_HAND_Y_DOWN",
                     "LEFT_HAND_Z_UP", "LEFT_HAND_Z_DOWN"]
        let ours: [Components.ViewCoordinates] = [
            .rightHandXUp, .rightHandXDown, .rightHandYUp, .rightHandYDown, .rightHandZUp, .rightHandZDown,
            .leftHandXUp, .leftHandXDown, .leftHandYUp, .leftHandYDown, .leftHandZUp, .leftHandZDown,
        ]
        let letters = ["RDF", "RUB", "RFU", "LUF", "BRD", "URF", "FLU"]
        let lettered: [Components.ViewCoordinates] = [.RDF, .RUB, .RFU, .LUF, .BRD, .URF, .FLU]
        let output = try Oracle.runPython("""
            import json, rerun as rr
            names = "\((names + letters).joined(separator: ","))".split(",")
            print(json.dumps([getattr(rr.components.ViewCoordinates, n).as_arrow_array().to_pylist()[0] for n in names]))
            """)
        let official = try JSONDecoder().decode([[UInt8]].self, from: output)
        #expect(official == (ours + lettered).map(\.coordinates.elements))
        #expect(ViewCoordinates.RDF.xyz == [.RDF])
    }

    /// Flat components are one `memcpy`; their layout is exactly the scalars.
    @Test func flatLayoutsAndLargeBatches() throws {
        #expect(MemoryLayout<Position3D>.stride == 12)
        #expect(MemoryLayout<TransformMat3x3>.stride == 36)
        #expect(MemoryLayout<Color>.stride == 4)
        let count = 100_000
        let positions = (0..<count).map { Position3D(Float($0), Float($0) + 0.5, -Float($0)) }
        let array = Position3D.arrowArray(positions)
        try array.validate()
        #expect(array.length == count && array.children[0].length == 3 * count)
        let floats = array.children[0].buffers[1]!
        #expect(floats.load(fromByteOffset: (3 * 4_321 + 1) * 4, as: Float.self) == 4_321.5)
        let strips = (0..<1_000).map { i in LineStrip3D((0..<(i % 7)).map { Datatypes.Vec3D(Float(i), Float($0), 0) }) }
        let encoded = LineStrip3D.arrowArray(strips)
        try encoded.validate()
        #expect(encoded.length == 1_000 && encoded.children[0].length == strips.reduce(0) { $0 + $1.points.count })
        let texts = (0..<1_000).map { Text("line \($0)") }
        let encodedTexts = Text.arrowArray(texts)
        try encodedTexts.validate()
        #expect(encodedTexts.isLogicallyEqual(to: ArrayData.from(texts.map(\.value))))
    }
}
