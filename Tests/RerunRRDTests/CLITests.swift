import Foundation
import RerunTestSupport
import Testing

/// The `rerun-swift rrd` commands, run as a user would.
@Suite struct CLITests {
    let fixtures = Oracle.fixturesDirectory

    func run(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: arguments, input: input)
    }

    @Test func verifyPassesOfficialFilesAndNamesTheProblemOtherwise() throws {
        let good = try run(["rrd", "verify", fixtures.appendingPathComponent("points_lines.rrd").path])
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("OK"))
        let noFooter = try run(["rrd", "verify", fixtures.appendingPathComponent("no_footer.rrd").path])
        #expect(noFooter.status != 0)
        #expect(noFooter.output.contains("no_footer.rrd"))
        #expect(noFooter.output.contains("missing RRD footer"))
        let relaxed = try run(["rrd", "verify", "--check-footers", "false", fixtures.appendingPathComponent("no_footer.rrd").path])
        #expect(relaxed.status == 0, "\(relaxed.output)")

        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = try Data(contentsOf: fixtures.appendingPathComponent("text.rrd"))
        let truncated = dir.appendingPathComponent("truncated.rrd")
        try bytes.prefix(bytes.count - 100).write(to: truncated)
        let result = try run(["rrd", "verify", truncated.path])
        #expect(result.status != 0)
        #expect(result.output.contains("truncated.rrd"))
        #expect(result.output.contains("truncated at byte \(bytes.count - 100)"), "\(result.output)")
        let missing = try run(["rrd", "verify", dir.appendingPathComponent("nope.rrd").path])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no such file"))
    }

    @Test func copyPipesThroughStdinAndStdoutAndPassesOfficialVerify() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = try Data(contentsOf: fixtures.appendingPathComponent("images_tensors.rrd"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Oracle.rerunSwiftExecutable())
        process.arguments = ["rrd", "copy", "-", "-o", "-", "--compression", "none"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let out = dir.appendingPathComponent("piped.rrd")
        try output.write(to: out)
        let verify = try Oracle.runRerun(["rrd", "verify", out.path])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(output[8] == 0, "uncompressed header byte")
    }

    @Test func printAndStatsDescribeTheRecording() throws {
        let path = fixtures.appendingPathComponent("timelines.rrd").path
        let printed = try run(["rrd", "print", "-vv", path])
        #expect(printed.status == 0)
        #expect(printed.output.contains("app=fixture_timelines recording=rec_timelines"))
        #expect(printed.output.contains("with 3 rows"))
        #expect(printed.output.contains("sensor_time: Timestamp(nanosecond)"))
        #expect(printed.output.contains("rerun:component_type = rerun.components.Scalar"))
        let stats = try run(["rrd", "stats", path])
        #expect(stats.status == 0)
        #expect(stats.output.contains("num_chunks = 3"))
        #expect(stats.output.contains("num_rows = 5"))
        #expect(stats.output.contains("frame_nr: sequence"))
        #expect(stats.output.contains("Scalars:scalars: 2"))
    }
}
