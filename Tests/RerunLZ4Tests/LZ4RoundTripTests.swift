import Foundation
import RerunLZ4
import Testing

@Suite("LZ4 round trips")
struct LZ4RoundTripTests {
    @Test("compress then decompress gives the input back", arguments: TestInputs.roundTripCases.indices)
    func roundTrip(_ index: Int) throws {
        let (name, input) = TestInputs.roundTripCases[index]
        let block = LZ4.compress(input)
        #expect(block.count <= LZ4.compressBound(input.count), "\(name)")
        let output = try LZ4.decompress(block, uncompressedSize: input.count)
        #expect(output == input, "\(name)")
    }

    @Test("the encoder respects the block end rules", arguments: TestInputs.roundTripCases.indices)
    func endOfBlockRules(_ index: Int) throws {
        let (name, input) = TestInputs.roundTripCases[index]
        let block = LZ4.compress(input)
        let sequences = try #require(BlockInspector.sequences(block), "\(name)")
        let last = try #require(sequences.last)
        #expect(last.matchLength == 0)
        if input.count >= 5 { #expect(last.literalCount >= 5, "\(name): last 5 bytes must be literals") }
        if input.count < 13 { #expect(sequences.count == 1, "\(name): blocks under 13 bytes are literals only") }
        for sequence in sequences.dropLast() {
            #expect(sequence.offset >= 1 && sequence.offset <= 65535)
            #expect(sequence.offset <= sequence.outputStart)
            #expect(input.count - sequence.outputStart >= 12, "\(name): a match starts < 12 bytes before the end")
            #expect(input.count - (sequence.outputStart + sequence.matchLength) >= 5, "\(name)")
        }
    }

    @Test func compressesWhatIsCompressible() throws {
        let text = TestInputs.text(1 << 20)
        #expect(LZ4.compress(text).count < text.count * 3 / 4)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect(LZ4.compress(zeros).count < 5000)
        let random = TestInputs.random(1 << 20)
        #expect(LZ4.compress(random).count <= LZ4.compressBound(random.count))
    }

    @Test func emptyInputIsOneToken() throws {
        #expect(LZ4.compress([UInt8]()) == [0])
        #expect(try LZ4.decompress([0], uncompressedSize: 0) == [])
        #expect(try LZ4.decompress([UInt8](), uncompressedSize: 0) == [])
    }

    @Test func largeZeroFilledInput() throws {
        let zeros = [UInt8](repeating: 0, count: 9 << 20)
        let block = LZ4.compress(zeros)
        #expect(block.count < zeros.count / 200)
        #expect(try LZ4.decompress(block, uncompressedSize: zeros.count) == zeros)
    }

    @Test func byteCollectionsAndPointers() throws {
        let input = TestInputs.mixed(50_000)
        let block = LZ4.compress(input)
        #expect(LZ4.compress(Data(input)) == block)
        #expect(LZ4.compress(input[...]) == block)
        #expect(input.withUnsafeBytes { LZ4.compress($0) } == block)
        #expect(try LZ4.decompress(Data(block), uncompressedSize: input.count) == input)
        #expect(try LZ4.decompress(([9, 9] + block)[2...], uncompressedSize: input.count) == input)

        // Into caller buffers.
        var scratch = [UInt8](repeating: 0, count: LZ4.compressBound(input.count))
        let written = input.withUnsafeBytes { source in
            scratch.withUnsafeMutableBytes { LZ4.compress(source, into: $0) }
        }
        #expect(Array(scratch.prefix(written)) == block)
        var output = [UInt8](repeating: 0, count: input.count + 100)
        let produced = try block.withUnsafeBytes { (source) in
            try output.withUnsafeMutableBytes { (destination) in
                try LZ4.decompress(source, into: destination)
            }
        }
        #expect(produced == input.count)
        #expect(Array(output.prefix(produced)) == input)
    }

    @Test func compressBoundAndDecompressLimit() {
        #expect(LZ4.compressBound(0) == 16)
        #expect(LZ4.compressBound(255) == 255 + 1 + 16)
        #expect(LZ4.maximumDecompressedSize(compressedCount: 10) == 2566)
        #expect(LZ4.maximumDecompressedSize(compressedCount: Int.max) == Int.max)
    }

    /// The densest block possible (one literal, then a maximal run of length bytes) stays
    /// within `maximumDecompressedSize`.
    @Test func densestBlockIsWithinTheLimit() throws {
        let lengthBytes = [UInt8](repeating: 255, count: 1000) + [0]
        let block: [UInt8] = [0x1F, 7, 1, 0] + lengthBytes + [0x00]
        let size = 1 + 4 + 15 + 255 * 1000
        #expect(size <= LZ4.maximumDecompressedSize(compressedCount: block.count))
        let output = try LZ4.decompress(block, uncompressedSize: size)
        #expect(output == [UInt8](repeating: 7, count: size))
    }
}
