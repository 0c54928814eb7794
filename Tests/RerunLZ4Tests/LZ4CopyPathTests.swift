import RerunLZ4
import RerunTestSupport
import Testing

/// Hand-built blocks that drive every match/literal copy path of the decoder (wide 16-byte and
/// 8-byte chunks, small-offset periodic copies, exact copies near the output end) at the
/// buffer edges, checked against the byte-by-byte reference decoder below.
@Suite("LZ4 decoder copy paths")
struct LZ4DecoderCopyPathTests {
    /// One LZ4 sequence: literals, then a match (`matchLength == 0`: none, the block's last).
    struct Sequence {
        var literals: [UInt8]
        var offset: Int
        var matchLength: Int

        /// The block's closing sequence: literals only.
        static func last(_ literals: [UInt8]) -> Sequence {
            Sequence(literals: literals, offset: 0, matchLength: 0)
        }
    }

    /// Encodes `sequences` as a raw block (no end-of-block rules enforced).
    static func block(_ sequences: [Sequence]) -> [UInt8] {
        var out: [UInt8] = []
        func appendLength(_ rest: Int) {
            var rest = rest
            while rest >= 255 {
                out.append(255)
                rest -= 255
            }
            out.append(UInt8(rest))
        }
        for sequence in sequences {
            let literalCount = sequence.literals.count
            let matchCode = sequence.matchLength == 0 ? 0 : sequence.matchLength - 4
            out.append(UInt8(min(literalCount, 15) << 4 | min(matchCode, 15)))
            if literalCount >= 15 { appendLength(literalCount - 15) }
            out += sequence.literals
            if sequence.matchLength == 0 { continue }
            out.append(UInt8(sequence.offset & 255))
            out.append(UInt8(sequence.offset >> 8))
            if matchCode >= 15 { appendLength(matchCode - 15) }
        }
        return out
    }

    /// The obvious decoder: one byte at a time, straight from the format description.
    static func referenceDecode(_ sequences: [Sequence]) -> [UInt8] {
        var out: [UInt8] = []
        for sequence in sequences {
            out += sequence.literals
            for _ in 0..<sequence.matchLength {
                out.append(out[out.count - sequence.offset])
            }
        }
        return out
    }

    /// Decodes `sequences` with the library, into an exactly sized buffer and into buffers with
    /// spare room (so both the exact and the wide copy paths run), and compares with the reference.
    static func check(_ sequences: [Sequence], _ label: @autoclosure () -> String) throws {
        let bytes = Self.block(sequences)
        let expected = referenceDecode(sequences)
        let exact = try LZ4.decompress(bytes, uncompressedSize: expected.count)
        #expect(firstDifference(exact, expected[...]) == nil, "\(label()) (exact buffer)")
        for spare in [1, 7, 15, 16, 31, 64] {
            var buffer = [UInt8](repeating: 0xAA, count: expected.count + spare)
            let written = try bytes.withUnsafeBytes { source in
                try buffer.withUnsafeMutableBytes { destination in
                    try LZ4.decompress(source, into: destination)
                }
            }
            #expect(written == expected.count, "\(label()) (spare \(spare))")
            #expect(firstDifference(buffer[..<written], expected[...]) == nil, "\(label()) (spare \(spare))")
        }
    }

    /// The first index where `a` and `b` differ (or the shorter count), nil if equal; keeps
    /// failure messages short where comparing the arrays would print kilobytes.
    static func firstDifference(_ a: some Collection<UInt8>, _ b: ArraySlice<UInt8>) -> Int? {
        let a = Array(a)
        for i in 0..<min(a.count, b.count) where a[i] != b[b.startIndex + i] { return i }
        return a.count == b.count ? nil : min(a.count, b.count)
    }

    /// Distinct-looking literal bytes, so that a copy from the wrong place shows.
    static func literals(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ seed &* 101 &+ 1) }
    }

    @Test("offsets 1…70, lengths 4…300, after 70 random literals", arguments: [0, 1, 5, 17, 40])
    func everyOffsetAndLength(_ suffixCount: Int) throws {
        let prefix = TestInputs.random(70, seed: 11)
        let suffix = TestInputs.random(suffixCount, seed: 12)
        for offset in 1...70 {
            for matchLength in [4, 5, 7, 8, 9, 15, 16, 17, 18, 19, 20, 31, 32, 33, 34, 47, 48, 64, 100, 300] {
                var sequences = [Sequence(literals: prefix, offset: offset, matchLength: matchLength)]
                sequences.append(.last(suffix))  // even if empty
                try Self.check(sequences, "offset \(offset) length \(matchLength) suffix \(suffixCount)")
            }
        }
    }

    @Test("matches at offsets 1…16, lengths 4…40, output ending at or just after the match")
    func shortOffsetsAtTheOutputEnd() throws {
        for offset in 1...16 {
            for length in 4...40 {
                for lead in [offset, offset + 3, 24] {
                    for tail in [0, 1, 3, 5, 8, 15, 16, 17, 33] {
                        var sequences = [Sequence(literals: Self.literals(lead, seed: offset), offset: offset, matchLength: length)]
                        if tail > 0 { sequences.append(.last(Self.literals(tail, seed: length))) }
                        try Self.check(sequences, "offset \(offset) length \(length) lead \(lead) tail \(tail)")
                    }
                }
            }
        }
    }

    @Test("chains of short sequences, as the SDK's columns produce (literal 0…8, offsets 1…40)")
    func chainsOfShortSequences() throws {
        var rng = SplitMix64(seed: 99)
        for round in 0..<300 {
            let firstOffset = 1 + Int(rng.next() % 16)
            let firstLength = 4 + Int(rng.next() % 30)
            var sequences = [Sequence(literals: Self.literals(16, seed: round), offset: firstOffset, matchLength: firstLength)]
            var produced = 16 + firstLength
            for _ in 0..<Int(rng.next() % 40) {
                let literalCount = Int(rng.next() % 9)
                produced += literalCount
                let offset = 1 + Int(rng.next() % UInt64(min(produced, 40)))
                let length = 4 + Int(rng.next() % (rng.next() % 4 == 0 ? 300 : 20))
                sequences.append(Sequence(literals: Self.literals(literalCount, seed: round &+ produced), offset: offset, matchLength: length))
                produced += length
            }
            let tail = Int(rng.next() % 20)
            if tail > 0 { sequences.append(.last(Self.literals(tail, seed: round))) }
            try Self.check(sequences, "round \(round)")
        }
    }

    @Test("long matches with small offsets (extended lengths), output ending at the match end")
    func longSmallOffsetMatches() throws {
        for offset in 1...17 {
            for length in [41, 63, 64, 65, 100, 270, 1000] {
                for tail in [0, 2, 12, 40] {
                    var sequences = [Sequence(literals: Self.literals(offset + 2, seed: 3), offset: offset, matchLength: length)]
                    if tail > 0 { sequences.append(.last(Self.literals(tail, seed: 5))) }
                    try Self.check(sequences, "offset \(offset) length \(length) tail \(tail)")
                }
            }
        }
    }

    @Test("literal runs of 0…40 bytes at the input and output ends")
    func literalRunsAtTheEnds() throws {
        for first in 0...40 {
            for last in 0...40 {
                var sequences: [Sequence] = []
                if first > 0 { sequences.append(Sequence(literals: Self.literals(first, seed: 7), offset: 1, matchLength: 4)) }
                sequences.append(.last(Self.literals(last, seed: 9)))
                try Self.check(sequences, "first \(first) last \(last)")
            }
        }
    }

    @Test("a match overrunning the output by one byte still throws, on every copy path")
    func matchOverrunsByOne() throws {
        for offset in 1...20 {
            for length in 4...40 {
                let sequences = [Sequence(literals: Self.literals(offset, seed: 1), offset: offset, matchLength: length)]
                let bytes = Self.block(sequences)
                let size = offset + length - 1
                #expect(throws: LZ4Error(.matchPastOutputEnd, at: 0, value: length, limit: length - 1)) {
                    try LZ4.decompress(bytes, uncompressedSize: size)
                }
            }
        }
    }
}
