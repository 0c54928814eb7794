/// A value given to a RerunTypes convenience does not make sense, e.g. an image buffer whose size
/// does not match its width, height and pixel format. The message says what and by how much.
public struct RerunTypesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
