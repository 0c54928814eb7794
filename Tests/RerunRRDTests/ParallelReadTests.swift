import Foundation
import RerunArrow
import RerunChunk
@testable import RerunRRD
import RerunTestSupport
import Testing

/// `RRDParallelReader` (and `RRDReader.read` on files) gives exactly what the serial
/// `RRDDecoder` gives: the same events in the same order, the same error after the same events,
/// with any number of workers and any batch and window size; and it leaves no thread behind.
@Suite(.serialized) struct ParallelReadTests {
    typealias Event = RRDDecoder.Event

    /// Tiny batches and window (many hand-overs, back-pressure on every batch), and the defaults.
    static let limitChoices: [RRDParallelReader.Limits] = {
        var tiny = RRDParallelReader.Limits()
        tiny.batchBytes = 512
        tiny.batchItems = 3
        tiny.windowBytes = 4 << 10
        tiny.windowBatchesPerThread = 1
        tiny.localMessageBytes = 700  // some messages decoded on the calling thread, some by workers
        return [tiny, RRDParallelReader.Limits()]
    }()

    /// The events `RRDParallelReader` returns for `bytes` (written to a file) before its first
    /// error, and that error.
    func parallelPrefix(_ bytes: [UInt8], workers: Int, limits: RRDParallelReader.Limits) throws -> (events: [Event], error: (any Error)?) {
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("input.rrd")
        try Data(bytes).write(to: url)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        let reader = RRDParallelReader(descriptor: handle.fileDescriptor, path: url.path, size: bytes.count,
                                       workers: workers, limits: limits)
        defer { reader.close() }
        var events: [Event] = []
        do {
            while let event = try reader.next() { events.append(event) }
            #expect(reader.isFinished)
            return (events, nil)
        } catch {
            return (events, error)
        }
    }

    /// A stable description of an event (chunks compared separately, column by column).
    func describe(_ event: Event) -> String {
        switch event {
        case .streamHeader(let header, let offset): return "header \(header) @\(offset)"
        case .footer(let footer, let offset): return "footer \(footer.manifests.count) @\(offset)"
        case .streamFooter(let footer, let offset, let problem): return "streamFooter \(footer) @\(offset) \(problem ?? "-")"
        case .message(let message, let offset, let streamOffset, let length):
            let what: String
            switch message {
            case .setStoreInfo(let info): what = "storeInfo \(info)"
            case .blueprintActivation(let b): what = "blueprint \(b)"
            case .arrow(let a):
                what = "arrow \(a.storeID) \(a.chunk.id.hexString) \(a.chunk.entityPath) rows \(a.chunk.rowCount) \(a.compression) \(String(describing: a.encodedSize))"
            }
            return "\(what) @\(offset)/\(streamOffset) len \(length)"
        }
    }

    func expectSame(_ a: [Event], _ b: [Event], _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count, "\(context): \(a.count) vs \(b.count) events", sourceLocation: sourceLocation)
        for (x, y) in zip(a, b) {
            #expect(describe(x) == describe(y), "\(context)", sourceLocation: sourceLocation)
            if case .message(.arrow(let p), _, _, _) = x, case .message(.arrow(let q), _, _, _) = y {
                let s = p.chunk.recordBatch(), t = q.chunk.recordBatch()
                #expect(s.schema == t.schema, "\(context)", sourceLocation: sourceLocation)
                #expect(zip(s.columns, t.columns).allSatisfy { $0.isLogicallyEqual(to: $1) }, "\(context)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Parallel vs serial on `bytes`, for 0, 1 and 4 workers and every limit choice.
    func expectMatchesSerial(_ bytes: [UInt8], _ context: String, workers: [Int] = [0, 1, 4],
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let serial = decodePrefix(bytes)
        for count in workers {
            for limits in Self.limitChoices {
                let parallel = try parallelPrefix(bytes, workers: count, limits: limits)
                let label = "\(context), \(count) workers, batch \(limits.batchItems)"
                expectSame(parallel.events, serial.events, label, sourceLocation: sourceLocation)
                #expect(parallel.error as? RRDError == serial.error, "\(label): \(String(describing: parallel.error)) vs \(String(describing: serial.error))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// `messages` encoded `repeats` times over (one stream, LZ4).
    func manyMessages(_ messages: [LogMsg], repeats: Int) throws -> [UInt8] {
        var encoder = RRDEncoder(compression: .lz4)
        var out: [UInt8] = []
        for _ in 0..<repeats {
            for m in messages { out += try encoder.encode(m) }
        }
        out += try encoder.finish()
        return out
    }

    func fixture(_ name: String) throws -> [UInt8] {
        try readFixture(Oracle.fixturesDirectory.appendingPathComponent(name))
    }

    @Test func everyFixtureGivesTheSerialEvents() throws {
        let files = try Oracle.fixtureFiles()
        #expect(files.count >= 10)
        for url in files {
            try expectMatchesSerial(try readFixture(url), url.lastPathComponent)
        }
        // Concatenated streams.
        let a = try fixture("points_lines.rrd"), b = try fixture("no_footer.rrd")
        try expectMatchesSerial(a + b + a, "concatenated")
    }

    @Test func manySmallMessagesGiveTheSerialEvents() throws {
        let base = messages(try decodeAll(try fixture("time_series.rrd")))
            + messages(try decodeAll(try fixture("text.rrd")))
        let bytes = try manyMessages(base, repeats: max(1, 3000 / max(base.count, 1)))
        try expectMatchesSerial(bytes, "many messages", workers: [1, 2, 4])
    }

    @Test func truncationsGiveTheSerialErrorAfterTheSameEvents() throws {
        let bytes = try manyMessages(messages(try decodeAll(try fixture("points_lines.rrd"))), repeats: 4)
        var cuts = Set(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)))
        // Inside the stream header, a message header, and the stream footer.
        cuts.formUnion([0, 1, 11, 12, 13, 27, 28, 29, bytes.count - 1, bytes.count - 20, bytes.count - 33])
        for cut in cuts.sorted() where cut < bytes.count {
            try expectMatchesSerial(Array(bytes[..<cut]), "cut at \(cut)", workers: [1, 3])
        }
    }

    @Test func corruptBytesGiveTheSerialErrorAfterTheSameEvents() throws {
        let bytes = try manyMessages(messages(try decodeAll(try fixture("points_lines.rrd"))), repeats: 3)
        var rng = SystemRandomNumberGenerator()
        var positions = Array(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 25)))
        for _ in 0..<15 { positions.append(Int.random(in: 0..<bytes.count, using: &rng)) }
        for position in positions {
            for value: UInt8 in [0xFF, bytes[position] ^ 0x01] {
                var corrupt = bytes
                corrupt[position] = value
                try expectMatchesSerial(corrupt, "byte \(position) = \(value)", workers: [2])
            }
        }
    }

    @Test func aMessageThatFailsToDecodeIsSkippable() throws {
        // Corrupt the payload of one ArrowMsg in the middle: the reader throws for it, then goes on.
        let base = messages(try decodeAll(try fixture("time_series.rrd")))
        var bytes = try manyMessages(base, repeats: 20)
        let events = try decodeAll(bytes)
        let arrows = events.compactMap { e -> (offset: Int, length: Int)? in
            if case .message(.arrow, let offset, _, let length) = e { (offset, length) } else { nil }
        }
        let victim = arrows[arrows.count / 2]
        for i in victim.offset..<(victim.offset + victim.length) { bytes[i] = 0xFF }
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("one-bad.rrd")
        try Data(bytes).write(to: url)
        let reader = try RRDParallelReader(path: url.path, workers: 2)
        var delivered = 0, failures = 0
        while true {
            do {
                guard try reader.next() != nil else { break }
                delivered += 1
            } catch let error as RRDError {
                #expect(error.offset == victim.offset)
                #expect(!reader.isFinished)
                failures += 1
            }
        }
        #expect(failures == 1)
        #expect(delivered == events.count - 1)
    }

    @Test func anErrorFromBodyStopsTheRead() throws {
        struct Stop: Error {}
        let bytes = try manyMessages(messages(try decodeAll(try fixture("time_series.rrd"))), repeats: 50)
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("many.rrd")
        try Data(bytes).write(to: url)
        for workers in [1, 2, 4] {
            var seen = 0
            #expect(throws: Stop.self) {
                try RRDReader.read(.file(url.path), workers: workers) { _ in
                    seen += 1
                    if seen == 7 { throw Stop() }
                }
            }
            #expect(seen == 7)
        }
        #expect(try waitForNoDecodeThreads())
    }

    @Test func readerAndReadAgreeForEveryWorkerCount() throws {
        let bytes = try manyMessages(messages(try decodeAll(try fixture("points_lines.rrd"))), repeats: 100)
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("many.rrd")
        try Data(bytes).write(to: url)
        var runs: [[Event]] = []
        #expect(bytes.count >= RRDReader.parallelThreshold, "large enough for read to use workers")
        for workers in [0, 1, 4] {
            var events: [Event] = []
            try RRDReader.read(.file(url.path), workers: workers) { events.append($0) }
            runs.append(events)
        }
        for run in runs.dropFirst() { expectSame(run, runs[0], "read") }
        expectSame(runs[0], try decodeAll(bytes), "read vs decoder")
    }

    @Test func manyReadsLeaveNoThreadRunning() throws {
        let bytes = try manyMessages(messages(try decodeAll(try fixture("points_lines.rrd"))), repeats: 10)
        let directory = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("many.rrd")
        try Data(bytes).write(to: url)
        // While a reader is open its workers are visible (so the check below means something).
        let open = try RRDParallelReader(path: url.path, workers: 2)
        _ = try open.next()  // workers start with the first batch for them
        var visible = 0
        for _ in 0..<50 where visible < 2 {
            visible = try decodeThreadCount()
            if visible < 2 { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(visible == 2)
        open.close()
        #expect(try decodeThreadCount() == 0)
        for i in 0..<60 {
            let reader = try RRDParallelReader(path: url.path, workers: 1 + i % 4)
            // Read all, some, or nothing; release without `close()` every third time.
            let stopAfter = [Int.max, 3, 0][i % 3]
            var n = 0
            while n < stopAfter, try reader.next() != nil { n += 1 }
            if i % 2 == 0 { reader.close() }
        }
        #expect(try waitForNoDecodeThreads())
    }

    @Test func openErrorsNameTheFile() throws {
        #expect(throws: RRDReaderError.self) { _ = try RRDParallelReader(path: "/nonexistent/x.rrd") }
        #expect(throws: RRDReaderError.self) { _ = try RRDParallelReader(path: "/tmp") }
    }

    /// Whether no `rrd-decode` worker thread is alive (waiting a little for other suites' readers).
    func waitForNoDecodeThreads() throws -> Bool {
        for _ in 0..<50 {
            if try decodeThreadCount() == 0 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// The number of live `rrd-decode` threads of this process.
    func decodeThreadCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count {
            (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?.hasPrefix("rrd-decode") ?? false
        }
    }
}
