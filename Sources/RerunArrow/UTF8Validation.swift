/// A UTF-8 validator over raw bytes (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
enum UTF8Validation {
    /// The index of the first byte that starts an invalid or truncated sequence, `nil` if all of
    /// `bytes` is well-formed UTF-8.
    static func firstInvalidIndex(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            // ASCII fast path, 8 bytes at a time.
            if n - i >= 8 {
                // Safety: `i + 8 <= n`, so the 8-byte load is inside `bytes`.
                let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            if b0 < 0xC2 { return i }  // A stray continuation byte or an overlong 2-byte lead.
            if b0 < 0xE0 {
                guard n - i >= 2, isContinuation(bytes[i + 1]) else { return i }
                i += 2
            } else if b0 < 0xF0 {
                guard n - i >= 3 else { return i }
                let b1 = bytes[i + 1]
                let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80  // No overlong 3-byte forms.
                let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF  // No UTF-16 surrogates.
                guard b1 >= low, b1 <= high, isContinuation(bytes[i + 2]) else { return i }
                i += 3
            } else if b0 < 0xF5 {
                guard n - i >= 4 else { return i }
                let b1 = bytes[i + 1]
                let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80  // No overlong 4-byte forms.
                let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF  // Nothing above U+10FFFF.
                guard b1 >= low, b1 <= high, isContinuation(bytes[i + 2]), isContinuation(bytes[i + 3]) else {
                    return i
                }
                i += 4
            } else {
                return i
            }
        }
        return nil
    }

    /// Whether `byte` is a UTF-8 continuation byte (`10xxxxxx`).
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
