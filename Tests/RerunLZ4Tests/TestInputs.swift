// Deterministic test inputs for the LZ4 and xxHash32 tests.

import RerunTestSupport

enum TestInputs {
    /// `count` random bytes from `seed`.
    static func random(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var bytes = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = rng.next()
            for _ in 0..<8 where i < count {
                bytes[i] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                i += 1
            }
        }
        return bytes
    }

    /// `count` bytes of English-like text: words from a small vocabulary with punctuation.
    static func text(_ count: Int, seed: UInt64 = 2) -> [UInt8] {
        let words = [
            "the", "of", "and", "a", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are",
            "as", "with", "his", "they", "at", "be", "this", "have", "from", "or", "one", "had", "by",
            "word", "but", "not", "what", "all", "were", "we", "when", "your", "can", "said", "there",
            "recording", "entity", "timeline", "chunk", "component", "archetype", "points", "camera",
        ].map { Array($0.utf8) }
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        var sentenceLength = 0
        while bytes.count < count {
            let r = rng.next()
            var word = words[Int(r % UInt64(words.count))]
            if sentenceLength == 0, let first = word.first, first >= 0x61 { word[0] = first - 0x20 }
            bytes += word
            sentenceLength += 1
            if sentenceLength > 4 && (r >> 32) % 9 == 0 {
                bytes += Array(". ".utf8)
                sentenceLength = 0
            } else if (r >> 40) % 13 == 0 {
                bytes += Array(", ".utf8)
            } else {
                bytes.append(0x20)
            }
            if (r >> 48) % 97 == 0 { bytes.append(0x0A) }
        }
        return Array(bytes.prefix(count))
    }

    /// A repeating pattern of `period` bytes, `count` long.
    static func periodic(_ count: Int, period: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 % period) &* 37 &+ 11) }
    }

    /// Text with random islands and zero runs: exercises every length encoding.
    static func mixed(_ count: Int, seed: UInt64 = 3) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var bytes: [UInt8] = []
        var part = 0
        while bytes.count < count {
            let length = Int(rng.next() % 700) + 1
            switch part % 4 {
            case 0: bytes += text(length, seed: rng.next())
            case 1: bytes += random(length, seed: rng.next())
            case 2: bytes += [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: length)
            default: bytes += periodic(length, period: Int(rng.next() % 19) + 1)
            }
            part += 1
        }
        return Array(bytes.prefix(count))
    }

    /// Named inputs covering tiny sizes, every content kind, and sizes past 64 KiB.
    static let roundTripCases: [(name: String, bytes: [UInt8])] = {
        var cases: [(String, [UInt8])] = []
        for n in [0, 1, 2, 4, 5, 11, 12, 13, 14, 15, 16, 17, 19, 20, 31, 32, 33, 64, 100, 255, 256, 270, 1000] {
            cases.append(("text-\(n)", text(n)))
            cases.append(("random-\(n)", random(n, seed: UInt64(n))))
            cases.append(("zeros-\(n)", [UInt8](repeating: 0, count: n)))
        }
        for period in [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 100] {
            cases.append(("periodic-\(period)", periodic(5000, period: period)))
        }
        cases.append(("text-65535", text(65535)))
        cases.append(("text-65536", text(65536)))
        cases.append(("text-65537", text(65537)))
        cases.append(("random-70000", random(70000)))
        cases.append(("zeros-200000", [UInt8](repeating: 0, count: 200_000)))
        cases.append(("mixed-300000", mixed(300_000)))
        cases.append(("text-3MiB", text(3 << 20)))
        cases.append(("random-2MiB", random(2 << 20, seed: 9)))
        return cases
    }()
}
