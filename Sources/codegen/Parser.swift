/// Parses the IDL's FlatBuffers-style subset:
///
/// ```
/// file        := 'namespace' qualified ';' declaration
/// declaration := doc* ('table' | 'struct') NAME attributes? '{' field* '}'
///              | doc* 'enum' NAME ':' NAME attributes? '{' value (',' value)* ','? '}'
///              | doc* 'union' NAME attributes? '{' member (',' member)* ','? '}'
/// field       := doc* NAME ':' type attributes? ';'
/// value       := doc* NAME ('=' INTEGER)? attributes?
/// member      := doc* NAME ':' type attributes?
/// type        := qualified | '[' type ']' | '[' type ':' INTEGER ']'
/// attributes  := '(' attribute (',' attribute)* ')'
/// attribute   := (qualified | STRING) (':' (INTEGER | STRING | NAME))?
/// ```
///
/// Exactly one declaration per file. Errors name the file, line and column.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    private let file: String

    init(tokens: [Token], file: String) {
        self.tokens = tokens
        self.file = file
    }

    /// Parses a whole file.
    static func parse(_ source: String, file: String) throws(CodegenError) -> IDLFile {
        var parser = Parser(tokens: try Lexer.tokenize(source, file: file), file: file)
        return try parser.parseFile()
    }

    private var current: Token { tokens[position] }

    private mutating func take() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func error(_ message: String, at token: Token? = nil) -> CodegenError {
        let token = token ?? current
        return CodegenError(message, at: token.location)
    }

    private mutating func expect(_ punctuation: Character, _ context: String) throws(CodegenError) {
        guard current.kind == .punctuation(punctuation) else {
            throw error("expected '\(punctuation)' \(context), found \(current.display)")
        }
        _ = take()
    }

    private func isPunctuation(_ c: Character) -> Bool { current.kind == .punctuation(c) }

    private mutating func identifier(_ what: String) throws(CodegenError) -> (String, SourceLocation) {
        guard case .identifier(let name) = current.kind else {
            throw error("expected \(what), found \(current.display)")
        }
        let location = current.location
        _ = take()
        return (name, location)
    }

    private mutating func qualifiedName(_ what: String) throws(CodegenError) -> (String, SourceLocation) {
        var (name, location) = try identifier(what)
        while isPunctuation(".") {
            _ = take()
            let (part, _) = try identifier("a name after '.'")
            name += "." + part
        }
        return (name, location)
    }

    private mutating func docs() -> [String] {
        var lines: [String] = []
        while case .docComment(let text) = current.kind {
            lines.append(text)
            _ = take()
        }
        return lines
    }

    private mutating func parseFile() throws(CodegenError) -> IDLFile {
        let stray = docs()
        if !stray.isEmpty, case .identifier("namespace") = current.kind {
            throw error("a doc comment must precede a declaration, not the namespace", at: tokens[0])
        }
        guard case .identifier("namespace") = current.kind else {
            if case .identifier("include") = current.kind {
                throw error("'include' is not supported: every file under IDL/ is loaded; refer to types by their qualified name")
            }
            throw error("expected 'namespace' at the start of the file, found \(current.display)")
        }
        _ = take()
        let (namespace, namespaceLocation) = try qualifiedName("a namespace name")
        try expect(";", "after the namespace")
        let declaration = try parseDeclaration()
        let extraDocs = docs()
        guard current.kind == .end else {
            if case .identifier(let word) = current.kind, ["table", "struct", "enum", "union"].contains(word) {
                throw error("only one declaration is allowed per file (found a second '\(word)')")
            }
            throw error("expected the end of the file after '\(declaration.name)', found \(current.display)")
        }
        if !extraDocs.isEmpty {
            throw error("doc comment at the end of the file documents nothing")
        }
        return IDLFile(path: file, namespace: namespace, namespaceLocation: namespaceLocation, declaration: declaration)
    }

    private mutating func parseDeclaration() throws(CodegenError) -> Declaration {
        let docs = docs()
        guard case .identifier(let keyword) = current.kind, ["table", "struct", "enum", "union"].contains(keyword) else {
            throw error("expected 'table', 'struct', 'enum' or 'union', found \(current.display)")
        }
        _ = take()
        let (name, location) = try identifier("a type name after '\(keyword)'")
        switch keyword {
        case "table", "struct":
            let attributes = try attributesIfPresent()
            try expect("{", "to open '\(name)'")
            var fields: [FieldDeclaration] = []
            while !isPunctuation("}") {
                if current.kind == .end { throw error("expected '}' to close '\(name)', found the end of the file") }
                fields.append(try parseField())
            }
            _ = take()
            return Declaration(docs: docs, kind: keyword == "table" ? .table : .struct, name: name,
                               attributes: attributes, fields: fields, location: location)
        case "enum":
            try expect(":", "after the enum name (an enum needs an underlying type, as in 'enum \(name): ubyte')")
            let (underlying, _) = try identifier("the enum's underlying type")
            let attributes = try attributesIfPresent()
            try expect("{", "to open '\(name)'")
            var values: [EnumValueDeclaration] = []
            while !isPunctuation("}") {
                let valueDocs = self.docs()
                let (valueName, valueLocation) = try identifier("an enum value name")
                var value: Int?
                if isPunctuation("=") {
                    _ = take()
                    guard case .integer(let v) = current.kind else {
                        throw error("expected an integer after '=', found \(current.display)")
                    }
                    _ = take()
                    value = v
                }
                let valueAttributes = try attributesIfPresent()
                values.append(EnumValueDeclaration(docs: valueDocs, name: valueName, value: value,
                                                   attributes: valueAttributes, location: valueLocation))
                if isPunctuation(",") { _ = take() } else if !isPunctuation("}") {
                    throw error("expected ',' or '}' after enum value '\(valueName)', found \(current.display)")
                }
            }
            _ = take()
            return Declaration(docs: docs, kind: .enum(underlying: underlying), name: name, attributes: attributes,
                               values: values, location: location)
        default:
            let attributes = try attributesIfPresent()
            try expect("{", "to open '\(name)'")
            var members: [UnionMemberDeclaration] = []
            while !isPunctuation("}") {
                let memberDocs = self.docs()
                let (memberName, memberLocation) = try identifier("a union member name")
                try expect(":", "after union member '\(memberName)'")
                let type = try parseType()
                let memberAttributes = try attributesIfPresent()
                members.append(UnionMemberDeclaration(docs: memberDocs, name: memberName, type: type,
                                                      attributes: memberAttributes, location: memberLocation))
                if isPunctuation(",") { _ = take() } else if !isPunctuation("}") {
                    throw error("expected ',' or '}' after union member '\(memberName)', found \(current.display)")
                }
            }
            _ = take()
            return Declaration(docs: docs, kind: .union, name: name, attributes: attributes, members: members,
                               location: location)
        }
    }

    private mutating func parseField() throws(CodegenError) -> FieldDeclaration {
        let docs = docs()
        let (name, location) = try identifier("a field name")
        try expect(":", "after field '\(name)'")
        let type = try parseType()
        let attributes = try attributesIfPresent()
        try expect(";", "after field '\(name)'")
        return FieldDeclaration(docs: docs, name: name, type: type, attributes: attributes, location: location)
    }

    private mutating func parseType() throws(CodegenError) -> TypeExpression {
        if isPunctuation("[") {
            let open = take()
            let element = try parseType()
            if isPunctuation(":") {
                _ = take()
                guard case .integer(let count) = current.kind else {
                    throw error("expected the array length after ':', found \(current.display)")
                }
                let countToken = take()
                guard count > 0 else { throw error("a fixed-size array needs a positive length, got \(count)", at: countToken) }
                try expect("]", "to close the fixed-size array type")
                return .fixedArray(element, count: count, open.location)
            }
            try expect("]", "to close the vector type")
            return .vector(element, open.location)
        }
        let (name, location) = try qualifiedName("a type")
        return .name(name, location)
    }

    private mutating func attributesIfPresent() throws(CodegenError) -> [Attribute] {
        guard isPunctuation("(") else { return [] }
        _ = take()
        var attributes: [Attribute] = []
        while true {
            let location = current.location
            let name: String
            switch current.kind {
            case .identifier:
                // Dotted names may be written unquoted: (attr.rerun.component_required).
                name = try qualifiedName("an attribute name").0
            case .string(let s):
                name = s
                _ = take()
            default: throw error("expected an attribute name, found \(current.display)")
            }
            var value: Attribute.Value?
            if isPunctuation(":") {
                _ = take()
                switch current.kind {
                case .integer(let v): value = .integer(v)
                case .string(let s): value = .string(s)
                case .identifier(let s): value = .identifier(s)
                default: throw error("expected a value for attribute '\(name)', found \(current.display)")
                }
                _ = take()
            }
            attributes.append(Attribute(name: name, value: value, location: location))
            if isPunctuation(",") {
                _ = take()
                continue
            }
            try expect(")", "to close the attribute list")
            return attributes
        }
    }
}
