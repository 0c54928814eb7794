import Foundation
import RerunArrow
import RerunArrowIPC
import RerunModel
import RerunTestSupport
import RerunTypes

/// The archetypes of spec §5, by short name (the official SDK's names).
let specArchetypes = [
    "Points2D", "Points3D", "LineStrips2D", "LineStrips3D", "Boxes2D", "Boxes3D", "Arrows3D", "Mesh3D", "Image",
    "EncodedImage", "DepthImage", "SegmentationImage", "Tensor", "Scalars", "SeriesLines", "SeriesPoints", "TextLog",
    "TextDocument", "Transform3D", "Pinhole", "ViewCoordinates", "AnnotationContext", "Clear", "BarChart", "GraphNodes",
    "GraphEdges", "RecordingInfo",
]

/// A one-row `List<item: T>` column holding `batch` (as a chunk cell holds one log call's batch).
func oneRow(_ batch: ArrayData) throws -> ArrayData {
    try ArrayData.list(values: batch, offsets: [0, Int32(batch.length)])
}

/// Runs a Python script that writes `<name>.arrows` IPC streams into the directory given as its
/// first argument, and returns every stream's record batches by name.
func officialStreams(_ script: String) throws -> [String: (schema: Schema, batches: [RecordBatch])] {
    let dir = try Oracle.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try Oracle.runPython(script, arguments: [dir.path])
    var result: [String: (schema: Schema, batches: [RecordBatch])] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".arrows") {
        let bytes = try Data(contentsOf: dir.appendingPathComponent(name))
        result[String(name.dropLast(7))] = try ArrowIPC.decodeStream(Array(bytes))
    }
    return result
}

/// The `codegen` executable built next to the test bundle (`swift build --build-tests` builds it).
func codegenExecutable() throws -> String {
    var candidates: [URL] = []
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = runner.deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent("codegen"))
        dir.deleteLastPathComponent()
    }
    candidates.append(Oracle.repositoryRoot.appendingPathComponent(".build/debug/codegen"))
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
        return candidate.path
    }
    throw TestFailure("the codegen executable was not found next to the tests (\(candidates.map(\.path))); run swift build --build-tests")
}

/// Runs `codegen` with `arguments`; returns its exit status and combined output.
@discardableResult
func runCodegen(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try Oracle.runCapturingStatus(executable: codegenExecutable(), arguments: arguments)
}

/// A test precondition that does not hold (a missing tool, unexpected output).
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
