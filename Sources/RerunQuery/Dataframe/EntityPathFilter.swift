public import RerunModel

/// Which entities a dataframe query reads, written as entity path expressions the way Rerun
/// writes them: `/world/**` (an entity and everything below it), `/world/camera` (one entity),
/// `-/world/debug/**` (exclude), `+/robot` (include, the default sign).
///
/// Rules are whitespace separated (one expression string may hold several) and a sign may stand
/// apart from its path (`+ /world/** - /world/debug`). The most specific matching rule decides:
/// an exact rule beats a subtree rule on the same path, and a subtree rule on a deeper path beats
/// one on its ancestors; when the same rule appears twice, the later one wins. Entities in the
/// reserved `/__properties` subtree only match rules written inside it (so `/**` leaves recording
/// properties out, as Rerun 0.41's reader does).
public struct EntityPathFilter: Sendable, Hashable, CustomStringConvertible {
    /// One rule: a path, and whether it covers the whole subtree below it.
    public struct Rule: Sendable, Hashable {
        /// The path the rule names.
        public let path: EntityPath
        /// Whether the rule also covers every descendant (`/**`).
        public let includesSubtree: Bool

        /// Creates a rule.
        public init(path: EntityPath, includesSubtree: Bool) {
            self.path = path
            self.includesSubtree = includesSubtree
        }
    }

    /// The rules with their effect (`true` = include), in the order they were written.
    public private(set) var rules: [(rule: Rule, include: Bool)] = []
    private var effects: [Rule: Bool] = [:]

    /// Every entity except recording properties: `/**`.
    public static let everything = EntityPathFilter(rules: [(Rule(path: .root, includesSubtree: true), true)])
    /// No entity at all.
    public static let nothing = EntityPathFilter(rules: [])

    /// A filter from already parsed rules (later rules override earlier identical ones).
    public init(rules: [(rule: Rule, include: Bool)]) {
        for (rule, include) in rules { add(rule, include: include) }
    }

    /// Parses entity path expressions such as `["/world/**", "-/world/debug"]`.
    ///
    /// Throws `DataframeError.Kind.invalidPathExpression` naming the expression for a sign without
    /// a path, a `*` anywhere but a trailing `/**`, a bad escape sequence or an empty path part.
    public init(parsing expressions: [String]) throws(DataframeError) {
        for expression in expressions {
            var pendingSign: Bool?
            for token in EntityPathFilter.tokens(of: expression) {
                if token == "+" || token == "-" {
                    guard pendingSign == nil else {
                        throw DataframeError(.invalidPathExpression, "invalid entity path expression \"\(expression)\": two signs in a row")
                    }
                    pendingSign = token == "+"
                    continue
                }
                var body = Substring(token)
                var include = pendingSign ?? true
                if pendingSign == nil, let first = body.first, first == "+" || first == "-" {
                    include = first == "+"
                    body = body.dropFirst()
                }
                pendingSign = nil
                add(try EntityPathFilter.parseRule(String(body), expression: expression), include: include)
            }
            if pendingSign != nil {
                throw DataframeError(.invalidPathExpression, "invalid entity path expression \"\(expression)\": a sign without a path")
            }
        }
    }

    /// Parses expressions; see `init(parsing:)`.
    public init(parsing expression: String) throws(DataframeError) {
        try self.init(parsing: [expression])
    }

    private mutating func add(_ rule: Rule, include: Bool) {
        if effects[rule] != nil { rules.removeAll { $0.rule == rule } }
        effects[rule] = include
        rules.append((rule, include))
    }

    /// Whether the filter selects `entity`.
    public func matches(_ entity: EntityPath) -> Bool {
        let properties = entity.isProperties
        if let effect = effects[Rule(path: entity, includesSubtree: false)] { return effect }
        var path: EntityPath? = entity
        while let current = path {
            if properties && !current.isProperties { return false }
            if let effect = effects[Rule(path: current, includesSubtree: true)] { return effect }
            path = current.parent
        }
        return false
    }

    /// The rules in Rerun's syntax, one per line (`+ /world/**`).
    public var description: String {
        rules.map { ($0.include ? "+ " : "- ") + ($0.rule.includesSubtree ? ($0.rule.path.isRoot ? "/**" : "\($0.rule.path)/**") : "\($0.rule.path)") }
            .joined(separator: "\n")
    }

    /// Equal when the effective rules are equal.
    public static func == (lhs: EntityPathFilter, rhs: EntityPathFilter) -> Bool { lhs.effects == rhs.effects }
    /// Hashes the effective rules.
    public func hash(into hasher: inout Hasher) { hasher.combine(effects) }

    /// Splits on unescaped whitespace.
    static func tokens(of expression: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var escaped = false
        for scalar in expression.unicodeScalars {
            if escaped {
                current.unicodeScalars.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                current.unicodeScalars.append(scalar)
                escaped = true
            } else if scalar.properties.isWhitespace {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func parseRule(_ text: String, expression: String) throws(DataframeError) -> Rule {
        var body = text
        var subtree = false
        if body == "**" || body == "/**" {
            return Rule(path: .root, includesSubtree: true)
        }
        if body.hasSuffix("/**") {
            subtree = true
            body.removeLast(3)
        }
        guard !body.isEmpty else {
            throw DataframeError(.invalidPathExpression, "invalid entity path expression \"\(expression)\": empty path")
        }
        var escaped = false
        for scalar in body.unicodeScalars {
            if escaped { escaped = false; continue }
            if scalar == "\\" { escaped = true; continue }
            if scalar == "*" {
                throw DataframeError(.invalidPathExpression, "invalid entity path expression \"\(expression)\": '*' is only allowed as a trailing '/**'")
            }
        }
        do {
            let path = try EntityPath(parsing: body)
            return Rule(path: path, includesSubtree: subtree)
        } catch {
            throw DataframeError(.invalidPathExpression, "invalid entity path expression \"\(expression)\": \(error)")
        }
    }
}
