import Foundation
import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunModel
import RerunQuery
import RerunRRD
import RerunTestSupport
import Testing

/// One query, in a form both our engine and the official oracle script understand.
struct DataframeOracleQuery: Codable, Hashable, CustomStringConvertible {
    var index: String?
    var contents: [String]?
    var select: [String]?
    var from: Int64?
    var to: Int64?
    var uiv: [Int64]?
    var fill = false
    var tomb = false
    var empty = false

    var description: String {
        var parts = ["index=\(index ?? "None")"]
        if let contents { parts.append("contents=\(contents)") }
        if let select { parts.append("select=\(select)") }
        if from != nil || to != nil { parts.append("range=\(from.map(String.init) ?? "-∞")...\(to.map(String.init) ?? "∞")") }
        if let uiv { parts.append("uiv=\(uiv)") }
        if fill { parts.append("fill") }
        if tomb { parts.append("tombstones") }
        if empty { parts.append("empty") }
        return parts.joined(separator: " ")
    }

    /// The same query for our engine.
    func swiftQuery() throws -> DataframeQuery {
        try DataframeQuery(
            index: index,
            contents: contents.map { try EntityPathFilter(parsing: $0) } ?? .everything,
            selection: select,
            timeRange: DataframeQuery.range(from: from, to: to),
            usingIndexValues: uiv, fillLatestAt: fill,
            includeSemanticallyEmptyColumns: empty, includeTombstoneColumns: tomb,
            batchSize: 7)
    }
}

/// The official dataframe reader (`rr.server.Server(...)` dataset `reader(...)`), run over sets of
/// files, several queries per server so one Python process serves a whole test.
enum DataframeOracle {
    /// The result of one official query: a table (rows sorted by segment, then index) or an error.
    enum Answer {
        case table(Schema, RecordBatch?)
        case error(String)
    }

    /// Runs every query of every dataset (a list of files) and returns the answers in order.
    ///
    /// `generate` lists recordings for the official SDK to write first (`path`, `seed`; see
    /// `DataframeRandomRecordings.script`).
    static func run(_ datasets: [(files: [String], queries: [DataframeOracleQuery])],
                    generate: [(path: String, seed: Int)] = []) throws -> [[Answer]] {
        struct Request: Encodable {
            struct Dataset: Encodable { let files: [String]; let queries: [DataframeOracleQuery] }
            struct Recording: Encodable { let path: String; let seed: Int }
            let generate: [Recording]
            let datasets: [Dataset]
        }
        let request = Request(generate: generate.map { .init(path: $0.path, seed: $0.seed) },
                              datasets: datasets.map { .init(files: $0.files, queries: $0.queries) })
        let output = try Oracle.runPython(DataframeRandomRecordings.script + script, input: try JSONEncoder().encode(request))
        var answers: [[Answer]] = []
        var position = 0
        let bytes = [UInt8](output)
        for dataset in datasets {
            var list: [Answer] = []
            for _ in dataset.queries {
                guard position + 9 <= bytes.count else { throw DataframeOracleError(description: "oracle output truncated") }
                let status = bytes[position]
                var length = 0
                for k in 0..<8 { length |= Int(bytes[position + 1 + k]) << (8 * k) }
                position += 9
                let payload = Array(bytes[position..<(position + length)])
                position += length
                if status == 0 {
                    let decoded = try ArrowIPC.decodeStream(Buffer(copying: payload))
                    let batch = decoded.batches.isEmpty ? nil : try RecordBatch.concatenate(decoded.batches)
                    list.append(.table(decoded.schema, batch))
                } else {
                    list.append(.error(String(decoding: payload, as: UTF8.self)))
                }
            }
            answers.append(list)
        }
        return answers
    }

    static let script = #"""
import sys, json, struct
import numpy as np, pyarrow as pa
import rerun as rr
from datafusion import col, lit

req = json.load(sys.stdin)
out = sys.stdout.buffer

def emit(status, payload):
    out.write(struct.pack('<BQ', status, len(payload)))
    out.write(payload)

def column(name):
    return col('"' + name.replace('"', '""') + '"')

def literal(value, field):
    return lit(pa.scalar(value, type=field.type))

for recording in req.get("generate", []):
    generate(recording["path"], recording["seed"])

for dataset in req["datasets"]:
    srv = rr.server.Server(host="127.0.0.1", datasets={"ds": dataset["files"]})
    try:
        ds = srv.client().get_dataset("ds")
        segments = ds.segment_ids()
        for q in dataset["queries"]:
            try:
                view = ds.filter_contents(q["contents"]) if q.get("contents") is not None else ds
                kw = dict(fill_latest_at=q.get("fill", False),
                          include_tombstone_columns=q.get("tomb", False),
                          include_semantically_empty_columns=q.get("empty", False))
                if q.get("uiv") is not None:
                    kw["using_index_values"] = {s: np.array(q["uiv"], dtype=np.int64) for s in segments}
                index = q.get("index")
                df = view.reader(index=index, **kw)
                if q.get("from") is not None or q.get("to") is not None:
                    field = df.schema().field(index)
                    if q.get("from") is not None:
                        df = df.filter(column(index) >= literal(q["from"], field))
                    if q.get("to") is not None:
                        df = df.filter(column(index) <= literal(q["to"], field))
                if q.get("select"):
                    df = df.select(*[column(c) for c in q["select"]])
                table = df.to_arrow_table()
                keys = [k for k in ["rerun_segment_id", index] if k is not None and k in table.column_names]
                if keys and table.num_rows > 1:
                    table = table.sort_by([(k, "ascending") for k in keys])
                table = table.combine_chunks()
                sink = pa.BufferOutputStream()
                with pa.ipc.new_stream(sink, table.schema) as writer:
                    for batch in table.to_batches():
                        writer.write_batch(batch)
                emit(0, sink.getvalue().to_pybytes())
            except Exception as e:
                emit(1, (type(e).__name__ + ": " + str(e)).encode())
    finally:
        srv.shutdown()
out.flush()
"""#
}

/// Loading recordings and comparing results.
enum DataframeTestSupport {
    static let fixtures = Oracle.fixturesDirectory

    /// The recordings (not blueprints) of `paths`, one segment per recording id.
    static func segments(_ paths: [String]) throws -> [DataframeSegment] {
        var byID: [String: [Chunk]] = [:]
        var order: [String] = []
        for path in paths {
            try RRDReader.read(.file(path)) { event in
                guard case .message(.arrow(let message), _, _, _) = event, message.storeID.kind == .recording else { return }
                let id = message.storeID.recordingID
                if byID[id] == nil { order.append(id) }
                byID[id, default: []].append(message.chunk)
            }
        }
        return order.map { DataframeSegment(id: $0, chunks: byID[$0]!) }
    }

    /// Our answer to `query` over `dataset`: schema and all rows, or the error.
    static func ours(_ dataset: DataframeDataset, _ query: DataframeOracleQuery) -> Result<(Schema, RecordBatch), any Error> {
        Result {
            var reader = try dataset.reader(try query.swiftQuery())
            let batch = try reader.readAll()
            return (reader.schema, batch)
        }
    }

    /// A description of the first difference between our result and the official one, or `nil`.
    static func difference(ours: Result<(Schema, RecordBatch), any Error>, official: DataframeOracle.Answer) -> String? {
        switch (ours, official) {
        case (.failure, .error):
            return nil
        case (.failure(let error), .table):
            return "we failed (\(error)) but the official reader answered"
        case (.success, .error(let message)):
            return "the official reader failed (\(message)) but we answered"
        case (.success(let (schema, batch)), .table(let officialSchema, let officialBatch)):
            let names = schema.fields.map(\.name)
            let officialNames = officialSchema.fields.map(\.name)
            guard names == officialNames else {
                return "columns differ:\n  ours:     \(names)\n  official: \(officialNames)"
            }
            for (a, b) in zip(schema.fields, officialSchema.fields) {
                if a.type != b.type { return "column \(a.name): type \(a.type) vs official \(b.type)" }
                if a.isNullable != b.isNullable { return "column \(a.name): nullable \(a.isNullable) vs official \(b.isNullable)" }
                if a.metadata != b.metadata { return "column \(a.name): metadata \(a.metadata) vs official \(b.metadata)" }
            }
            if schema.metadata != officialSchema.metadata {
                return "schema metadata \(schema.metadata) vs official \(officialSchema.metadata)"
            }
            let officialRows = officialBatch?.rowCount ?? 0
            guard batch.rowCount == officialRows else {
                let ourIndex = batch.columns.count > 1 ? batch.columns[1].describeValues(limit: 40) : ""
                let theirIndex = (officialBatch?.columns.count ?? 0) > 1 ? officialBatch!.columns[1].describeValues(limit: 40) : ""
                return "row count \(batch.rowCount) vs official \(officialRows)\n  ours \(names.count > 1 ? names[1] : ""): \(ourIndex)\n  official: \(theirIndex)"
            }
            guard let officialBatch else { return nil }
            for (i, name) in names.enumerated() where !batch.columns[i].isLogicallyEqual(to: officialBatch.columns[i]) {
                for row in 0..<batch.rowCount where !batch.columns[i].slice(row, 1).isLogicallyEqual(to: officialBatch.columns[i].slice(row, 1)) {
                    return "column \(name) differs at row \(row): ours \(batch.columns[i].slice(row, 1).describeValues()) vs official \(officialBatch.columns[i].slice(row, 1).describeValues())"
                }
                return "column \(name) differs"
            }
            return nil
        }
    }

    /// Counts of what a comparison covered.
    struct Coverage {
        var queries = 0
        var failures = 0
        var rows = 0
        var officialErrors = 0
    }

    /// Runs `queries` on every dataset with both implementations and records each difference.
    @discardableResult
    static func compare(_ datasets: [(files: [String], queries: [DataframeOracleQuery])],
                        generate: [(path: String, seed: Int)] = [],
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> Coverage {
        let answers = try DataframeOracle.run(datasets, generate: generate)
        var coverage = Coverage()
        for (dataset, datasetAnswers) in zip(datasets, answers) {
            let data = try DataframeDataset(segments: segments(dataset.files))
            for (query, answer) in zip(dataset.queries, datasetAnswers) {
                coverage.queries += 1
                switch answer {
                case .table(_, let batch): coverage.rows += batch?.rowCount ?? 0
                case .error: coverage.officialErrors += 1
                }
                if let problem = difference(ours: ours(data, query), official: answer) {
                    coverage.failures += 1
                    Issue.record("\(dataset.files.map { ($0 as NSString).lastPathComponent }) [\(query)]: \(problem)",
                                 sourceLocation: sourceLocation)
                }
            }
        }
        return coverage
    }
}

/// A problem with the oracle's output.
struct DataframeOracleError: Error, CustomStringConvertible {
    let description: String
}
