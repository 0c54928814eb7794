/// A position in an IDL file, for error messages (`file:line:column`, 1-based).
struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path as given to the loader (relative to the repository root when possible).
    var file: String
    /// The line, starting at 1.
    var line: Int
    /// The column in UTF-8 bytes, starting at 1.
    var column: Int

    var description: String { "\(file):\(line):\(column)" }
}

/// An error in the IDL or in the generator's inputs and outputs, with where it happened.
struct CodegenError: Error, Sendable, CustomStringConvertible {
    /// Where the problem is, if it is in an IDL file.
    var location: SourceLocation?
    /// What is wrong.
    var message: String

    init(_ message: String, at location: SourceLocation? = nil) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the format compilers and editors understand.
    var description: String {
        if let location { return "\(location): error: \(message)" }
        return "error: \(message)"
    }
}

/// Several errors found in one run (the loader reports every file's errors, not just the first).
struct CodegenErrors: Error, Sendable, CustomStringConvertible {
    var errors: [CodegenError]

    var description: String { errors.map(\.description).joined(separator: "\n") }
}
