/// Accumulates indented lines of generated source.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0
    private let unit: String

    init(indent: String = "    ") {
        self.unit = indent
    }

    /// Appends one line at the current indentation (empty lines carry no spaces).
    mutating func line(_ text: String = "") {
        lines.append(text.isEmpty ? "" : String(repeating: unit, count: depth) + text)
    }

    /// Appends `/// …` doc lines.
    mutating func docs(_ docs: [String]) {
        for doc in docs { line(doc.isEmpty ? "///" : "/// \(doc)") }
    }

    /// `header {`, the body one level deeper, then `}` (plus `footer` text after the brace).
    mutating func block(_ header: String, footer: String = "", _ body: (inout CodeWriter) -> Void) {
        line(header + " {")
        depth += 1
        body(&self)
        depth -= 1
        line("}" + footer)
    }

    /// The text, ending with one newline.
    var text: String { lines.joined(separator: "\n") + "\n" }
}
