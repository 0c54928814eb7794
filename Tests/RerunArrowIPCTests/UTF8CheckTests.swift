@testable import RerunArrowIPC
import Testing

/// The UTF-8 checker's word-at-a-time ASCII paths agree with the standard library at every
/// length and position (in particular around the 8- and 32-byte steps and the input's end).
@Suite struct UTF8CheckTests {
    func check(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { UTF8Check.firstInvalidIndex($0) }
    }

    @Test("ASCII, multi-byte and invalid bytes at every position of inputs up to 100 bytes")
    func agreesWithStandardLibrary() {
        let ascii = Array("the quick brown fox jumps over the lazy dog 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ!".utf8)
        for length in 0...100 {
            let base = (0..<length).map { ascii[$0 % ascii.count] }
            #expect(check(base) == nil, "ascii \(length)")
            for position in 0..<length {
                var bad = base
                bad[position] = 0xFF
                #expect(check(bad) == position, "0xFF at \(position) of \(length)")
                if position + 2 <= length {
                    var two = base
                    two[position] = 0xC3  // é
                    two[position + 1] = 0xA9
                    #expect(check(two) == nil, "é at \(position) of \(length)")
                    var truncated = base
                    truncated[position] = 0xE2  // a 3-byte lead followed by ASCII
                    #expect(check(truncated) == position, "cut sequence at \(position) of \(length)")
                }
            }
            if length > 0 {
                var lead = base
                lead[length - 1] = 0xC3  // a lead byte as the very last byte
                #expect(check(lead) == length - 1, "lead at the end of \(length)")
            }
        }
    }

    @Test("agrees with String(validating:) on mixed text")
    func mixedText() {
        let text = Array("日本語 text — ünïcödé 🚀 and ASCII runs of more than thirty-two bytes in a row".utf8)
        for end in 0...text.count {
            let slice = Array(text[..<end])
            let valid = String(validating: slice, as: UTF8.self) != nil
            #expect((check(slice) == nil) == valid, "prefix of \(end) bytes")
        }
    }
}
