/// A request the viewer API cannot answer; sent to the browser as an `error` message
/// (`Docs/viewer-protocol.md` §3). The connection stays usable after any of these.
public struct ViewerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The machine-readable reason, sent as `code`.
    public enum Code: String, Sendable, Equatable {
        /// The frame could not be decoded (framing or JSON).
        case badFrame = "bad_frame"
        /// A field is missing or invalid; the message names it.
        case badRequest = "bad_request"
        /// The request `type` is not part of the protocol.
        case unknownType = "unknown_type"
        /// The request or its answer exceeds a size limit.
        case tooLarge = "too_large"
        /// The recording does not exist.
        case notFound = "not_found"
        /// Unsupported protocol version.
        case `protocol` = "protocol"
        /// The client cancelled the request.
        case cancelled = "cancelled"
        /// A bug or an unexpected store state.
        case `internal` = "internal"
    }

    /// The reason.
    public var code: Code
    /// A human-readable explanation naming the offending field or limit.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
