/// The hierarchical path of an entity, such as `/world/camera/points`.
///
/// Parts are arbitrary non-empty strings, stored unescaped. The string form escapes every part the
/// way Rerun does (`EntityPath("world", "my image!")` prints as `/world/my\ image\!`), so paths
/// read and written by the official tools agree character for character.
public struct EntityPath: Sendable, Hashable, Comparable {
    /// The unescaped parts, root first. Empty for the root path `/`.
    public let parts: [String]

    /// The root path `/`.
    public static let root = EntityPath(parts: [])
    /// `/__properties`, where recording properties (such as `RecordingInfo`) live.
    public static let properties = EntityPath(parts: ["__properties"])

    /// A path from unescaped parts. Empty parts are dropped.
    public init(parts: [String]) {
        self.parts = parts.filter { !$0.isEmpty }
    }

    /// A path from unescaped parts, e.g. `EntityPath("world", "points")`.
    public init(_ parts: String...) {
        self.init(parts: parts)
    }

    /// Parses an escaped path strictly: a leading `/` is optional, parts are separated by `/`,
    /// and every escape sequence must be valid.
    public init(parsing string: String) throws(EntityPathError) {
        self.init(parts: try EntityPathParser.parse(string, strict: true))
    }

    /// Parses an escaped path leniently, as Rerun's readers do: unknown escapes keep the escaped
    /// character, empty parts (`a//b`) and trailing slashes are ignored. Never fails.
    public init(parsingForgiving string: String) {
        // Safety of `try!`: the forgiving parser does not throw.
        self.init(parts: try! EntityPathParser.parse(string, strict: false))
    }

    /// The escaped string form with a leading `/` (`/` for the root).
    public var description: String {
        "/" + parts.map(EntityPath.escape).joined(separator: "/")
    }

    /// Whether this is the root path.
    public var isRoot: Bool { parts.isEmpty }

    /// The parent path (`nil` for the root).
    public var parent: EntityPath? {
        isRoot ? nil : EntityPath(parts: Array(parts.dropLast()))
    }

    /// The last part, unescaped (`nil` for the root).
    public var last: String? { parts.last }

    /// This path extended by one unescaped part.
    public func appending(_ part: String) -> EntityPath {
        EntityPath(parts: parts + [part])
    }

    /// Whether `self` equals `other` or lies below it (every path is a descendant of the root).
    public func isDescendant(of other: EntityPath) -> Bool {
        parts.count >= other.parts.count && zip(parts, other.parts).allSatisfy { $0 == $1 }
    }

    /// Whether this path is in the reserved `/__properties` subtree.
    public var isProperties: Bool { parts.first == "__properties" }

    /// Ordered part by part (so a parent sorts before its children).
    public static func < (lhs: EntityPath, rhs: EntityPath) -> Bool {
        lhs.parts.lexicographicallyPrecedes(rhs.parts)
    }

    /// Escapes one part as Rerun does: Unicode letters and numbers, `_`, `-` and `.` stay as they
    /// are; `\n`, `\r`, `\t` get their usual escapes; other ASCII punctuation and the space get a
    /// backslash; everything else becomes `\u{XXXX}`.
    public static func escape(_ part: String) -> String {
        var out = ""
        out.reserveCapacity(part.utf8.count)
        for scalar in part.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "_" || scalar == "-" || scalar == "." {
                out.unicodeScalars.append(scalar)
            } else if scalar == "\n" {
                out += "\\n"
            } else if scalar == "\r" {
                out += "\\r"
            } else if scalar == "\t" {
                out += "\\t"
            } else if scalar.isASCII && (scalar == " " || (scalar.value > 0x20 && scalar.value < 0x7F)) {
                out += "\\"
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u{" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "}"
            }
        }
        return out
    }
}

extension EntityPath: CustomStringConvertible {}

extension EntityPath: ExpressibleByStringLiteral {
    /// A path from a string literal, parsed leniently (`"world/points"`).
    public init(stringLiteral value: String) {
        self.init(parsingForgiving: value)
    }
}

/// A malformed entity path string.
public struct EntityPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, including the character offset.
    public let message: String
    public var description: String { message }
}

/// Splits and unescapes entity path strings.
enum EntityPathParser {
    static func parse(_ string: String, strict: Bool) throws(EntityPathError) -> [String] {
        var parts: [String] = []
        var current = ""
        var scalars = Array(string.unicodeScalars)[...]
        var index = 0
        func fail(_ message: String) throws(EntityPathError) {
            throw EntityPathError(message: "invalid entity path \"\(string)\": \(message) at character \(index)")
        }
        if scalars.first == "/" { scalars = scalars.dropFirst(); index = 1 }
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            switch scalar {
            case "/":
                if current.isEmpty {
                    if strict { try fail("empty part (double slash)") }
                } else {
                    parts.append(current)
                    current = ""
                }
            case "\\":
                guard let next = scalars.first else {
                    if strict { try fail("trailing backslash") }
                    current.unicodeScalars.append("\\")
                    break
                }
                scalars = scalars.dropFirst()
                index += 1
                switch next {
                case "n": current += "\n"
                case "r": current += "\r"
                case "t": current += "\t"
                case "u":
                    guard scalars.first == "{", let close = scalars.firstIndex(of: "}"),
                          let value = UInt32(String(String.UnicodeScalarView(scalars[(scalars.startIndex + 1)..<close])), radix: 16),
                          let decoded = Unicode.Scalar(value) else {
                        if strict { try fail("bad \\u{…} escape") }
                        current.unicodeScalars.append("u")
                        break
                    }
                    index += close - scalars.startIndex + 1
                    scalars = scalars[(close + 1)...]
                    current.unicodeScalars.append(decoded)
                default:
                    if strict && (next.properties.isAlphabetic || next.properties.numericType != nil) {
                        try fail("unknown escape sequence \\\(next)")
                    }
                    current.unicodeScalars.append(next)
                }
            default:
                if strict && scalar == " " { try fail("unescaped space") }
                current.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
