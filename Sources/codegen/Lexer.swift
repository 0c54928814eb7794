/// Splits IDL source text into tokens. Comments (`//`, `/* */`) are skipped; `///` doc comments
/// are kept as tokens so the parser can attach them to the next declaration.
struct Lexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(source: String, file: String) {
        self.bytes = Array(source.utf8)
        self.file = file
    }

    /// Every token of the source, ending with `.end`.
    static func tokenize(_ source: String, file: String) throws(CodegenError) -> [Token] {
        var lexer = Lexer(source: source, file: file)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation {
        SourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func next() throws(CodegenError) -> Token {
        try skipTrivia()
        let start = location
        guard let c = peek() else { return Token(kind: .end, location: start) }
        if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/"), peek(2) == UInt8(ascii: "/"), peek(3) != UInt8(ascii: "/") {
            index += 3
            var text: [UInt8] = []
            while let d = peek(), d != UInt8(ascii: "\n") {
                text.append(d)
                index += 1
            }
            if text.first == UInt8(ascii: " ") { text.removeFirst() }
            while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\r") || last == UInt8(ascii: "\t") {
                text.removeLast()
            }
            return Token(kind: .docComment(String(decoding: text, as: UTF8.self)), location: start)
        }
        if Lexer.isIdentifierStart(c) {
            var text: [UInt8] = []
            while let d = peek(), Lexer.isIdentifierStart(d) || Lexer.isDigit(d) {
                text.append(d)
                index += 1
            }
            return Token(kind: .identifier(String(decoding: text, as: UTF8.self)), location: start)
        }
        if Lexer.isDigit(c) || (c == UInt8(ascii: "-") && peek(1).map(Lexer.isDigit) == true) {
            return Token(kind: .integer(try integer(start)), location: start)
        }
        if c == UInt8(ascii: "\"") {
            return Token(kind: .string(try string(start)), location: start)
        }
        if "{}()[]:;,=.".utf8.contains(c) {
            index += 1
            return Token(kind: .punctuation(Character(Unicode.Scalar(c))), location: start)
        }
        let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
        throw CodegenError("unexpected character \(shown)", at: start)
    }

    private mutating func skipTrivia() throws(CodegenError) {
        while let c = peek() {
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\n") {
                advance()
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                // A doc comment is a token; `////…` and plain `//` comments are trivia.
                if peek(2) == UInt8(ascii: "/"), peek(3) != UInt8(ascii: "/") { return }
                while let d = peek(), d != UInt8(ascii: "\n") { index += 1 }
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                let start = location
                index += 2
                while true {
                    guard let d = peek() else { throw CodegenError("unterminated block comment", at: start) }
                    if d == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    private mutating func integer(_ start: SourceLocation) throws(CodegenError) -> Int {
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var radix = 10
        if peek() == UInt8(ascii: "0"), peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X") {
            radix = 16
            index += 2
        }
        var digits: [UInt8] = []
        while let d = peek(), Lexer.isIdentifierStart(d) || Lexer.isDigit(d) {
            digits.append(d)
            index += 1
        }
        let text = String(decoding: digits, as: UTF8.self)
        guard !text.isEmpty, let magnitude = Int(text, radix: radix) else {
            throw CodegenError("invalid integer literal '\(negative ? "-" : "")\(radix == 16 ? "0x" : "")\(text)'", at: start)
        }
        return negative ? -magnitude : magnitude
    }

    private mutating func string(_ start: SourceLocation) throws(CodegenError) -> String {
        index += 1
        var text: [UInt8] = []
        while true {
            guard let c = peek(), c != UInt8(ascii: "\n") else {
                throw CodegenError("unterminated string literal", at: start)
            }
            index += 1
            if c == UInt8(ascii: "\"") { break }
            if c == UInt8(ascii: "\\") {
                guard let e = peek() else { throw CodegenError("unterminated string literal", at: start) }
                index += 1
                switch e {
                case UInt8(ascii: "\""): text.append(e)
                case UInt8(ascii: "\\"): text.append(e)
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                default:
                    throw CodegenError("unknown escape '\\\(Character(Unicode.Scalar(e)))' in string literal", at: start)
                }
            } else {
                text.append(c)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || c == UInt8(ascii: "_")
    }

    private static func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }
}
