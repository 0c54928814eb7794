import Foundation
import RerunRRD
import RerunTestSupport
import Testing

/// Truncated, corrupt and unusual streams: decoding never crashes, delivers everything complete,
/// and says what is wrong and where.
@Suite struct RobustnessTests {
    let fixture: [UInt8]
    let messageEnds: [Int]  // absolute offsets where each message's payload ends
    let boundaries: Set<Int>  // every offset where a complete item ends (header, messages, End, footer)

    init() throws {
        fixture = try readFixture(Oracle.fixturesDirectory.appendingPathComponent("points_lines.rrd"))
        let events = try decodeAll(fixture)
        messageEnds = events.compactMap {
            if case .message(_, let offset, _, let length) = $0 { offset + length } else { nil }
        }
        var ends = Set(messageEnds + [12, fixture.count])
        for event in events {
            if case .footer(_, let offset) = event { ends.insert(fixture.count - 32) ; _ = offset }
        }
        boundaries = ends
    }

    @Test func everyPrefixDeliversTheCompleteMessagesThenSaysWhereItIsTruncated() throws {
        #expect(messageEnds.count == 8)
        // Every prefix near an item boundary, the first 600 bytes, and a stride through the rest
        // (all prefixes would be quadratic in the file size).
        var lengths = Set(0..<min(600, fixture.count))
        for b in boundaries { for d in -20...20 where b + d >= 0 && b + d < fixture.count { lengths.insert(b + d) } }
        lengths.formUnion(stride(from: 0, to: fixture.count, by: 97))
        for length in lengths.sorted() {
            let (events, error) = decodePrefix(Array(fixture.prefix(length)))
            let delivered = messages(events).count
            #expect(delivered == messageEnds.filter { $0 <= length }.count, "prefix \(length)")
            if length == 0 {
                #expect(error?.kind == .badHeader, "empty input")
            } else if let error {
                #expect(error.kind == .truncated, "prefix \(length): \(error)")
                #expect(error.description.contains("truncated at byte \(length)"), "prefix \(length): \(error)")
            } else {
                // Only possible at a message boundary, where the stream is a valid footer-less stream.
                #expect(boundaries.contains(length), "prefix \(length) decoded without error")
            }
        }
    }

    @Test func pushingByteByByteEqualsPushingAtOnce() throws {
        let whole = try decodeAll(fixture)
        for size in [1, 7, 4096] {
            let pieces = try decodeAll(fixture, chunkSize: size)
            #expect(pieces.count == whole.count, "chunk size \(size)")
        }
    }

    @Test func randomByteFlipsThrowOrDecodeButNeverCrash() {
        var rng = SplitMix64(seed: 0x5EED)
        var errors = 0
        for _ in 0..<400 {
            var bytes = fixture
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] ^= UInt8.random(in: 1...255, using: &rng)
            }
            let (_, error) = decodePrefix(bytes)
            if let error {
                errors += 1
                #expect(!error.description.isEmpty)
            }
        }
        #expect(errors > 0)
    }

    @Test func absurdLengthsFailWithoutAllocating() {
        var bytes = Array(fixture.prefix(12))
        bytes += [2, 0, 0, 0, 0, 0, 0, 0] + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        let (_, error) = decodePrefix(bytes)
        #expect(error?.kind == .corrupt)
        #expect(error?.offset == 20)
        var big = Array(fixture.prefix(12))
        big += [2, 0, 0, 0, 0, 0, 0, 0] + [0x00, 0x00, 0x00, 0x10, 0, 0, 0, 0]  // 256 MiB claimed
        let (_, truncated) = decodePrefix(big)
        #expect(truncated?.kind == .truncated)
        #expect(truncated?.description.contains("needs 268435456 payload bytes") == true, "\(String(describing: truncated))")
    }

    @Test func badHeadersAreNamed() {
        func header(_ edit: (inout [UInt8]) -> Void) -> RRDError? {
            var bytes = fixture
            edit(&bytes)
            return decodePrefix(bytes).error
        }
        #expect(header { $0[3] = UInt8(ascii: "1") }?.description.contains("old, incompatible") == true)
        #expect(header { $0[0] = UInt8(ascii: "X") }?.description.contains("not an RRD stream") == true)
        #expect(header { $0[5] = 22 }?.description.contains("0.22.0, which is incompatible") == true)
        #expect(header { $0[9] = 1 }?.description.contains("unsupported serializer") == true)
        #expect(header { $0[10] = 1 }?.description.contains("reserved bytes") == true)
        #expect(header { $0[5] = 42 } == nil, "newer versions are read")
    }

    @Test func unknownMessageKindIsCorruptionWithOffset() {
        var bytes = fixture
        bytes[12] = 9
        let error = decodePrefix(bytes).error
        #expect(error?.kind == .corrupt)
        #expect(error?.offset == 12)
        #expect(error?.description.contains("unknown message kind 9") == true)
    }

    @Test func concatenatedStreamsAreBothRead() throws {
        let other = try readFixture(Oracle.fixturesDirectory.appendingPathComponent("text.rrd"))
        let events = try decodeAll(fixture + other)
        let headers = events.filter { if case .streamHeader = $0 { true } else { false } }
        let footers = events.filter { if case .footer = $0 { true } else { false } }
        #expect(headers.count == 2)
        #expect(footers.count == 2)
        #expect(messages(events).count == messageEnds.count + messages(try decodeAll(other)).count)
        for event in events {
            if case .streamFooter(_, _, let problem) = event { #expect(problem == nil, "\(problem ?? "")") }
        }
    }

    @Test func footerlessStreamsDecodeCompletely() throws {
        let bytes = try readFixture(Oracle.fixturesDirectory.appendingPathComponent("no_footer.rrd"))
        let events = try decodeAll(bytes)
        #expect(messages(events).count > 0)
        #expect(!events.contains { if case .footer = $0 { true } else { false } })
    }

    @Test func streamFooterChecksumMismatchIsReported() throws {
        var bytes = fixture
        bytes[bytes.count - 16] ^= 0x01  // inside the crc field
        let problems = try decodeAll(bytes).compactMap { if case .streamFooter(_, _, let p) = $0 { p } else { nil } }
        #expect(problems.count == 1)
        #expect(problems.first?.contains("checksum") == true)
    }

    @Test func aWriterThatDiesMidwayLeavesAReadableFile() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.rrd").path
        do {
            let writer = try RRDWriter(.file(target))
            for message in messages(try decodeAll(fixture)) { try writer.write(message) }
            // No finish(): as if the process died here.
        }
        let partials = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".partial") }
        try #require(partials.count == 1)
        let events = try decodeAll(readFixture(dir.appendingPathComponent(partials[0])))
        #expect(messages(events).count == messageEnds.count)
        #expect(!FileManager.default.fileExists(atPath: target), "the target appears only when finished")
    }
}
