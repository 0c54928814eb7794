/// Conversions from IDL names to Swift names.
enum Naming {
    /// `image_from_camera` → `imageFromCamera`; `keypoint0` stays.
    static func camelCase(fieldName name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first else { return name }
        return escape(lowercasingLeadingAcronym(first) + parts.dropFirst().map(capitalizingFirst).joined())
    }

    /// `MajorWireframe` → `majorWireframe`, `RGBA` → `rgba`, `NV12` → `nv12`,
    /// `Y_U_V12_LimitedRange` → `yUV12LimitedRange`, `BayerRGGB8` → `bayerRGGB8`.
    static func camelCase(valueName name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first else { return name }
        return escape(lowercasingLeadingAcronym(first) + parts.dropFirst().map(capitalizingFirst).joined())
    }

    /// Lowercases a leading run of capitals: all of it when it ends the word or precedes a digit
    /// (`RGB`, `NV12`), all but the last when a lowercase letter follows (`RGBColor` → `rgbColor`).
    static func lowercasingLeadingAcronym(_ word: String) -> String {
        let chars = Array(word)
        var run = 0
        while run < chars.count, chars[run].isUppercase { run += 1 }
        if run == 0 { return word }
        var lower = run
        if run > 1, run < chars.count, chars[run].isLowercase { lower = run - 1 }
        return String(chars[..<lower]).lowercased() + String(chars[lower...])
    }

    static func capitalizingFirst(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }

    /// Swift keywords that need backticks as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while",
        "as", "Any", "catch", "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try",
    ]

    static func escape(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The name without backticks (for doc text and key paths).
    static func bare(_ name: String) -> String {
        name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
    }

    /// Whether `name` is a plain Swift identifier (for `attr.swift.name` values).
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
