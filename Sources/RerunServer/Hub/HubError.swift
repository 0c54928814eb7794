/// An error of the hub: a file that cannot be opened or read (malformed contents are `RRDError`s).
public struct HubError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the file.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
