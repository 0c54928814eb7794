import RerunLZ4
import RerunTestSupport
import Testing

/// Bad blocks always throw an `LZ4Error` naming the problem and its byte offset; never a trap.
@Suite("LZ4 malformed input")
struct LZ4MalformedInputTests {
    /// Decodes `block` expecting a failure; returns the error.
    func failure(_ block: [UInt8], size: Int) -> LZ4Error? {
        do {
            let output = try LZ4.decompress(block, uncompressedSize: size)
            Issue.record("expected an error, got \(output.count) bytes")
            return nil
        } catch {
            #expect(error.description.contains("at byte \(error.offset) of the compressed input"))
            #expect(error.offset >= 0 && error.offset <= block.count)
            return error
        }
    }

    @Test func zeroOffset() {
        let error = failure([0x10, 0x61, 0x00, 0x00, 0x00], size: 10)
        #expect(error?.kind == .zeroOffset)
        #expect(error?.offset == 2)
        #expect(error?.description == "LZ4 block: match offset is 0 at byte 2 of the compressed input")
    }

    @Test func offsetBeyondOutput() {
        // One literal produced, then a match 2 bytes back.
        let error = failure([0x10, 0x61, 0x02, 0x00, 0x00], size: 10)
        #expect(error?.kind == .offsetBeyondOutput)
        #expect(error?.offset == 2)
        #expect(error?.value == 2 && error?.limit == 1)
        #expect(error?.message.contains("match offset 2") == true)
        // A match with no literals before it.
        #expect(failure([0x00, 0x01, 0x00, 0x00], size: 4)?.kind == .offsetBeyondOutput)
        // Far beyond, after real output.
        let far: [UInt8] = [0x40, 1, 2, 3, 4, 0xFF, 0xFF, 0x00]
        #expect(failure(far, size: 20)?.offset == 5)
    }

    @Test func overlongLiteralRun() {
        // Token says 5 literals, only 2 follow.
        let error = failure([0x50, 0x61, 0x62], size: 5)
        #expect(error?.kind == .literalsPastInputEnd)
        #expect(error?.offset == 0)
        #expect(error?.value == 5 && error?.limit == 2)
        // Extended length: 15 + 255 + 10 = 280 literals announced in a short block.
        let extended = failure([0x00, 0xF0, 0xFF, 0x0A] + [UInt8](repeating: 1, count: 20), size: 300)
        #expect(extended?.kind == .zeroOffset || extended?.kind == .offsetBeyondOutput || extended?.kind == .truncatedOffset)
        let extendedFirst = failure([0xF0, 0xFF, 0x0A] + [UInt8](repeating: 1, count: 20), size: 300)
        #expect(extendedFirst?.kind == .literalsPastInputEnd)
        #expect(extendedFirst?.value == 280)
    }

    @Test func lengthRunsOffTheEnd() {
        let error = failure([0xF0, 0xFF, 0xFF], size: 600)
        #expect(error?.kind == .truncatedLength)
        #expect(error?.offset == 3)
        let match = failure([0x1F, 0x61, 0x01, 0x00, 0xFF], size: 600)
        #expect(match?.kind == .truncatedLength)
        #expect(match?.offset == 5)
    }

    @Test func truncatedOffset() {
        let error = failure([0x10, 0x61, 0x01], size: 10)
        #expect(error?.kind == .truncatedOffset)
        #expect(error?.offset == 2)
    }

    @Test func literalsPastOutputEnd() {
        let error = failure([0x50, 1, 2, 3, 4, 5], size: 3)
        #expect(error?.kind == .literalsPastOutputEnd)
        #expect(error?.value == 5 && error?.limit == 3)
    }

    @Test func matchPastOutputEnd() {
        // 1 literal, then a 4 + 15 + 16 = 35-byte match, into a 10-byte output.
        let error = failure([0x1F, 0x61, 0x01, 0x00, 0x10, 0x50, 1, 2, 3, 4, 5], size: 10)
        #expect(error?.kind == .matchPastOutputEnd)
        #expect(error?.offset == 0)
        #expect(error?.value == 35 && error?.limit == 9)
    }

    @Test func outputSizeMismatch() throws {
        let input = TestInputs.text(1000)
        let block = LZ4.compress(input)
        let short = failure(block, size: 999)
        #expect(short?.kind == .literalsPastOutputEnd || short?.kind == .matchPastOutputEnd)
        let long = failure(block, size: 1001)
        #expect(long?.kind == .incompleteOutput)
        #expect(long?.offset == block.count)
        #expect(long?.value == 1000 && long?.limit == 1001)
        // Into a buffer that is too small.
        var small = [UInt8](repeating: 0, count: 500)
        #expect(throws: LZ4Error.self) {
            try block.withUnsafeBytes { (source) in
                try small.withUnsafeMutableBytes { (destination) in
                    _ = try LZ4.decompress(source, into: destination)
                }
            }
        }
        // Into an empty buffer.
        #expect(throws: LZ4Error.self) {
            try block.withUnsafeBytes { (source) in
                _ = try LZ4.decompress(source, into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            }
        }
    }

    @Test func emptyOutputAcceptsOnlyAnEmptyBlock() {
        #expect(failure([0x10, 0x61], size: 0)?.kind == .literalsPastOutputEnd)
        #expect(failure([0x20, 0x61], size: 0)?.kind == .literalsPastInputEnd)
        #expect(failure([0x00, 0x00, 0x00], size: 0)?.kind == .zeroOffset)
        #expect(failure([0x00, 0x05, 0x00], size: 0)?.kind == .offsetBeyondOutput)
        #expect(failure([0x00, 0x05], size: 0)?.kind == .truncatedOffset)
        #expect(failure([0xF0, 0xFF], size: 0)?.kind == .truncatedLength)
        #expect(failure([0x10], size: 1)?.kind == .literalsPastInputEnd)
    }

    @Test func sizeLimits() {
        let negative = failure([0x00], size: -1)
        #expect(negative?.kind == .negativeUncompressedSize)
        let huge = failure([0x10, 0x61], size: 1 << 40)
        #expect(huge?.kind == .uncompressedSizeTooLarge)
        #expect(huge?.message.contains("refusing to allocate") == true)
        #expect(failure([0x10, 0x61], size: Int.max)?.kind == .uncompressedSizeTooLarge)
    }

    /// Every proper prefix of a valid block fails (the output can never be complete).
    @Test(arguments: [0, 1, 2])
    func everyTruncationThrows(_ variant: Int) {
        let input = [TestInputs.mixed(3000), TestInputs.text(2500), TestInputs.random(600)][variant]
        let block = LZ4.compress(input)
        for length in 0..<block.count {
            let error = failure(Array(block.prefix(length)), size: input.count)
            #expect(error != nil, "prefix of \(length) bytes")
        }
    }

    /// Random byte flips either decode to exactly the requested size or throw; never trap.
    @Test func randomByteFlipsNeverTrap() {
        let input = TestInputs.mixed(4000)
        let block = LZ4.compress(input)
        var rng = SplitMix64(seed: 42)
        var thrown = 0
        for _ in 0..<5000 {
            var mutated = block
            let flips = Int(rng.next() % 4) + 1
            for _ in 0..<flips {
                let at = Int(rng.next() % UInt64(mutated.count))
                mutated[at] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
            do {
                let output = try LZ4.decompress(mutated, uncompressedSize: input.count)
                #expect(output.count == input.count)
            } catch {
                thrown += 1
                #expect(error.offset >= 0 && error.offset <= mutated.count)
            }
        }
        #expect(thrown > 1000)
    }

    /// Random garbage (not derived from a valid block) never traps either.
    @Test func randomGarbageNeverTraps() {
        var rng = SplitMix64(seed: 7)
        for round in 0..<3000 {
            let length = Int(rng.next() % 64)
            let garbage = TestInputs.random(length, seed: UInt64(round))
            let size = Int(rng.next() % 2000)
            _ = try? LZ4.decompress(garbage, uncompressedSize: size)
        }
    }
}
