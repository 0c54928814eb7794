/// One lexical token of the IDL.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// An identifier or keyword: `[A-Za-z_][A-Za-z0-9_]*`.
        case identifier(String)
        /// A decimal or hexadecimal integer, optionally negative.
        case integer(Int)
        /// A double-quoted string (escapes already resolved).
        case string(String)
        /// A `///` doc comment line, without the slashes and one leading space.
        case docComment(String)
        /// One of `{ } ( ) [ ] : ; , = .`
        case punctuation(Character)
        /// The end of the file.
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .integer(let value): "'\(value)'"
        case .string(let value): "\"\(value)\""
        case .docComment: "a doc comment"
        case .punctuation(let c): "'\(c)'"
        case .end: "the end of the file"
        }
    }
}
