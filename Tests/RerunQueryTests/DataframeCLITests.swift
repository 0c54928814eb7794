import Foundation
import RerunArrow
import RerunArrowIPC
import RerunQuery
import RerunTestSupport
import Testing

/// `rerun-swift query`, run as a user would.
@Suite("Dataframe: rerun-swift query")
struct DataframeCLITests {
    let fixtures = Oracle.fixturesDirectory

    func stdout(_ arguments: [String]) throws -> Data {
        try Oracle.run(executable: Oracle.rerunSwiftExecutable(), arguments: ["query"] + arguments)
    }

    func failure(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["query"] + arguments)
    }

    /// Our library's answer, written by the same writer.
    func expected(_ file: String, _ query: DataframeQuery, _ format: DataframeTextWriter.Format) throws -> String {
        var reader = try DataframeDataset(segments: DataframeTestSupport.segments([file])).reader(query)
        var writer = DataframeTextWriter(format: format, schema: reader.schema)
        var text = ""
        while let batch = try reader.next() { text += writer.write(batch) }
        return text + writer.finish()
    }

    @Test("csv and jsonl output of a fixture")
    func csvAndJSONL() throws {
        let file = fixtures.appendingPathComponent("annotations_clear.rrd").path
        let csv = String(decoding: try stdout([file, "--index", "frame", "--include-tombstones"]), as: UTF8.self)
        #expect(csv == (try expected(file, DataframeQuery(index: "frame", includeTombstoneColumns: true), .csv)))
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0] == "rerun_segment_id,log_time,frame,/seg:AnnotationContext:context,/seg:Clear:is_recursive,/seg/points:Clear:is_recursive,/seg/points:Points2D:class_ids,/seg/points:Points2D:positions")
        #expect(lines[2].hasSuffix(",1,\"[[{\"\"class_id\"\":0,\"\"class_description\"\":{\"\"info\"\":{\"\"id\"\":0,\"\"label\"\":\"\"background\"\",\"\"color\"\":255},\"\"keypoint_annotations\"\":[],\"\"keypoint_connections\"\":[]}},{\"\"class_id\"\":1,\"\"class_description\"\":{\"\"info\"\":{\"\"id\"\":1,\"\"label\"\":\"\"person\"\",\"\"color\"\":4278190335},\"\"keypoint_annotations\"\":[{\"\"id\"\":0,\"\"label\"\":\"\"nose\"\",\"\"color\"\":null}],\"\"keypoint_connections\"\":[{\"\"keypoint0\"\":0,\"\"keypoint1\"\":1}]}}]]\",[true],[],[],[]"))

        let series = fixtures.appendingPathComponent("time_series.rrd").path
        let jsonl = try stdout([series, "--index", "step", "--contents", "/series/**", "--fill-latest-at", "--format", "jsonl", "--from", "1", "--to", "3"])
        let text = String(decoding: jsonl, as: UTF8.self)
        #expect(text == (try expected(series, DataframeQuery(index: "step", contents: EntityPathFilter(parsing: ["/series/**"]),
                                                             timeRange: 1...3, fillLatestAt: true), .jsonl)))
        let rows = text.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0 != nil })
        #expect(rows.compactMap { $0?["step"] as? Int } == [1, 2, 3])
    }

    @Test("arrow output equals the official reader; -o writes a file")
    func arrowOutputMatchesOfficial() throws {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = fixtures.appendingPathComponent("points_lines.rrd").path
        let out = directory.appendingPathComponent("result.arrows").path
        _ = try stdout([file, "--index", "frame", "--format", "arrow", "-o", out, "--batch-size", "1", "--at", "1", "--at", "0", "--fill-latest-at"])
        let decoded = try ArrowIPC.decodeStream(Buffer(copying: [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))))
        #expect(decoded.batches.count == 2)
        let ours = try RecordBatch.concatenate(decoded.batches)
        let official = try DataframeOracle.run([([file], [DataframeOracleQuery(index: "frame", uiv: [0, 1], fill: true)])])[0][0]
        #expect(DataframeTestSupport.difference(ours: .success((decoded.schema, ours)), official: official) == nil)
    }

    @Test("static queries and stdin input")
    func staticAndStdin() throws {
        let file = fixtures.appendingPathComponent("static_data.rrd")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Oracle.rerunSwiftExecutable())
        process.arguments = ["query", "-", "--static", "--format", "table"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try Data(contentsOf: file))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.hasPrefix("rerun_segment_id | /static/doc:TextDocument:text | /static/points:Points3D:positions"))
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test("bad queries exit non-zero with a clear message")
    func errors() throws {
        let file = fixtures.appendingPathComponent("annotations_clear.rrd").path
        let cases: [([String], String)] = [
            ([file, "--index", "nope"], "unknown timeline 'nope'"),
            ([file, "--index", "frame", "--contents", "/seg/**/x"], "invalid entity path expression \"/seg/**/x\""),
            ([file, "--index", "frame", "--from", "5", "--to", "2"], "inverted time range"),
            ([file, "--index", "frame", "--from", "abc"], "--from abc"),
            ([file, "--index", "frame", "--select", "/nope:X"], "unknown column '/nope:X'"),
            ([file, "--index", "frame", "--at", "1", "--at", "1"], "must be unique"),
            ([file], "missing --index"),
            ([fixtures.appendingPathComponent("nope.rrd").path, "--index", "frame"], "nope.rrd"),
        ]
        for (arguments, message) in cases {
            let result = try failure(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.output.contains(message), "\(arguments): \(result.output)")
        }
    }
}
