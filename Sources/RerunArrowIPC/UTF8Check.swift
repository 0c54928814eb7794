/// UTF-8 well-formedness checks for decoded `utf8` arrays.
enum UTF8Check {
    /// The index of the first byte of the first ill-formed sequence in `bytes`, or `nil` when the
    /// bytes are well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
    ///
    /// Safety: every read is at an index checked against `bytes.count` (`i + 32 <= n` or
    /// `i + 8 <= n` for the word reads, `i + length <= n` before a multi-byte sequence is inspected).
    static func firstInvalidIndex(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            // Fast path: 32 ASCII bytes at a time (four words, one test), then eight.
            while i + 32 <= n {
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                guard word & 0x8080_8080_8080_8080 == 0 else { break }
                i += 32
            }
            if i == n { break }
            if i + 8 <= n, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = bytes[i + 1]
            guard b1 >= lower, b1 <= upper else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }
}
