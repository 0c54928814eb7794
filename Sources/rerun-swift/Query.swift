import ArgumentParser
import Foundation
import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunModel
import RerunQuery
import RerunRRD

/// `rerun-swift query`: a dataframe query over recordings, with the semantics of Rerun 0.41's
/// `dataset.reader(...)`, streamed batch by batch as CSV, JSON lines, an Arrow IPC stream or a
/// table.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query recordings as a dataframe (Rerun 0.41 reader semantics).",
        discussion: """
            One row per distinct value of the index timeline (rows at the same value merge; per \
            column the latest logged cell wins); columns rerun_segment_id, every timeline, then \
            /entity:Component columns. Each recording (recording id) is a segment.

            Times are integers (sequence numbers, or nanoseconds for durations and timestamps), \
            or for timestamp timelines RFC 3339 dates (2024-05-01T12:00:00.5Z), and for duration \
            timelines numbers with a unit (1.5s, 20ms, 300us, 7ns).
            """)

    @Argument(help: "Recordings (.rrd); '-' for stdin.")
    var files: [String]

    @Option(name: .long, help: "The index timeline.")
    var index: String?

    @Flag(name: .customLong("static"), help: "Static data only (one row per recording), instead of --index.")
    var staticOnly = false

    @Option(name: .long, parsing: .upToNextOption,
            help: "Entity path expressions, e.g. '/world/**' '-/world/debug' (default: everything but properties).")
    var contents: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "Columns to return, by name (default: all).")
    var select: [String] = []

    @Option(name: .long, help: "Only rows at or after this index value.")
    var from: String?

    @Option(name: .long, help: "Only rows at or before this index value.")
    var to: String?

    @Option(name: .long, help: "Resample: one row at this index value (repeatable).")
    var at: [String] = []

    @Flag(name: .long, help: "Fill empty cells with the latest earlier value.")
    var fillLatestAt = false

    @Flag(name: .long, help: "Include columns that only hold nulls and empty lists.")
    var includeEmpty = false

    @Flag(name: .long, help: "Include Clear:is_recursive (tombstone) columns.")
    var includeTombstones = false

    @Option(name: .long, help: "Output format: csv, jsonl, arrow (IPC stream) or table.")
    var format: OutputFormat = .csv

    @Option(name: .shortAndLong, help: "Output file (default: stdout).")
    var output: String?

    @Option(name: .long, help: "Rows per batch.")
    var batchSize = 4096

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl, arrow, table
    }

    func validate() throws {
        if staticOnly == (index != nil) {
            throw ValidationError(staticOnly ? "--static and --index cannot be combined" : "missing --index TIMELINE (or --static)")
        }
        if !at.isEmpty && (from != nil || to != nil) {
            throw ValidationError("--at cannot be combined with --from/--to")
        }
        if batchSize <= 0 { throw ValidationError("--batch-size must be positive") }
    }

    func run() throws {
        do {
            try execute()
        } catch let error as DataframeError {
            printError("error: \(error)")
            throw ExitCode.failure
        } catch let error as QueryInputError {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    func execute() throws {
        // Chunks per recording; the segments keep the order the recordings appear in.
        var segments: [String: [Chunk]] = [:]
        var order: [String] = []
        let failed = forEachInput(files, workers: RRDParallelReader.defaultWorkerCount) { _, event in
            guard case .message(.arrow(let message), _, _, _) = event, message.storeID.kind == .recording else { return }
            let id = message.storeID.recordingID
            if segments[id] == nil { order.append(id) }
            segments[id, default: []].append(message.chunk)
        }
        guard failed.isEmpty else { throw ExitCode.failure }
        let dataset = try DataframeDataset(segments: order.map { DataframeSegment(id: $0, chunks: segments[$0]!) })

        let timeline = try index.map { name -> Timeline in
            guard let timeline = dataset.timelines[name] else {
                let known = dataset.timelines.keys.sorted()
                throw DataframeError(.unknownTimeline, "unknown timeline '\(name)'; the recordings have: \(known.isEmpty ? "no timelines (only static data)" : known.joined(separator: ", "))")
            }
            return timeline
        }
        func time(_ text: String, _ option: String) throws -> Int64 {
            guard let timeline else { throw QueryInputError("\(option) needs --index") }
            guard let value = TimeArgument.parse(text, kind: timeline.kind) else {
                throw QueryInputError("\(option) \(text): not a \(timeline.kind) time (integers; \(timeline.kind == .timestamp ? "or RFC 3339 dates like 2024-05-01T12:00:00Z" : timeline.kind == .duration ? "or numbers with a unit like 1.5s, 20ms" : "sequence numbers"))")
            }
            return value
        }
        let query = DataframeQuery(
            index: timeline?.name,
            contents: contents.isEmpty ? .everything : try EntityPathFilter(parsing: contents),
            selection: select.isEmpty ? nil : select,
            timeRange: try DataframeQuery.range(from: from.map { try time($0, "--from") }, to: to.map { try time($0, "--to") }),
            usingIndexValues: at.isEmpty ? nil : try at.map { try time($0, "--at") },
            fillLatestAt: fillLatestAt,
            includeSemanticallyEmptyColumns: includeEmpty,
            includeTombstoneColumns: includeTombstones,
            batchSize: batchSize)
        var reader = try dataset.reader(query)

        let sink = try OutputSink(path: output)
        switch format {
        case .arrow:
            var stream = try ArrowBatchStream(schema: reader.schema)
            try sink.write(stream.header)
            while let batch = try reader.next() { try sink.write(try stream.encode(batch)) }
            try sink.write(ArrowBatchStream.endOfStream)
        case .csv, .jsonl, .table:
            var writer = DataframeTextWriter(format: DataframeTextWriter.Format(rawValue: format.rawValue)!, schema: reader.schema)
            while let batch = try reader.next() { try sink.write(Array(writer.write(batch).utf8)) }
            try sink.write(Array(writer.finish().utf8))
        }
        try sink.close()
    }
}

/// A problem with the command's input (a time that does not parse, an unwritable output).
struct QueryInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parses index values given on the command line.
enum TimeArgument {
    static func parse(_ text: String, kind: TimelineKind) -> Int64? {
        if let value = Int64(text), value != .min { return value }
        switch kind {
        case .sequence:
            return nil
        case .duration:
            let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("min", 60e9), ("h", 3600e9)]
            for (suffix, scale) in units.sorted(by: { $0.0.count > $1.0.count }) where text.hasSuffix(suffix) {
                guard let number = Double(text.dropLast(suffix.count)) else { return nil }
                let value = (number * scale).rounded()
                return abs(value) < 9.2e18 ? Int64(value) : nil
            }
            return nil
        case .timestamp:
            return parseRFC3339(text)
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` to nanoseconds since the epoch.
    static func parseRFC3339(_ text: String) -> Int64? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= scalars.count else { return nil }
            var value: Int64 = 0
            for i in range {
                guard scalars[i] >= 48 && scalars[i] <= 57 else { return nil }
                value = value * 10 + Int64(scalars[i] - 48)
            }
            return value
        }
        guard scalars.count >= 20, scalars[4] == 45, scalars[7] == 45, scalars[10] == 84 || scalars[10] == 32,
              scalars[13] == 58, scalars[16] == 58,
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < scalars.count, scalars[i] == 46 {
            i += 1
            var digits = 0
            while i < scalars.count, scalars[i] >= 48, scalars[i] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int64(scalars[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 where digits < 9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        guard i < scalars.count else { return nil }
        if scalars[i] == 90 || scalars[i] == 122 {
            i += 1
        } else if scalars[i] == 43 || scalars[i] == 45 {
            guard let h = number((i + 1)..<(i + 3)), i + 3 < scalars.count, scalars[i + 3] == 58,
                  let m = number((i + 4)..<(i + 6)) else { return nil }
            offset = (h * 3600 + m * 60) * (scalars[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == scalars.count else { return nil }
        // Days from civil (proleptic Gregorian).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        return product + nanos
    }
}

/// Encodes record batches as one Arrow IPC stream, a message at a time.
struct ArrowBatchStream {
    let schema: Schema
    /// The schema message.
    let header: [UInt8]
    private var storage: [UInt8] = []

    /// The end-of-stream marker (continuation token and zero length).
    static let endOfStream: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]

    init(schema: Schema) throws {
        self.schema = schema
        var writer = try ArrowStreamWriter(schema: schema)
        header = writer.bytes
        _ = writer.finish()
    }

    /// The record batch message of `batch`.
    mutating func encode(_ batch: RecordBatch) throws -> [UInt8] {
        var writer = try ArrowStreamWriter(schema: schema, reusing: storage)
        try writer.write(batch)
        let bytes = Array(writer.bytes[header.count...])
        storage = writer.finish()
        return bytes
    }
}

/// Where the query's output goes: a file or stdout.
final class OutputSink {
    private let handle: FileHandle
    private let isFile: Bool

    init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw QueryInputError("cannot write \(path)")
            }
            self.handle = handle
            isFile = true
        } else {
            handle = .standardOutput
            isFile = false
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func close() throws {
        if isFile { try handle.close() }
    }
}
