/// Whether a store holds logged data or a viewer blueprint.
public enum StoreKind: Sendable, Hashable, CustomStringConvertible {
    /// A recording of logged data.
    case recording
    /// A blueprint (viewer layout), saved as `.rbl`.
    case blueprint

    public var description: String {
        switch self {
        case .recording: "recording"
        case .blueprint: "blueprint"
        }
    }
}

/// The application a recording belongs to (`rr.init("my_app")`).
public struct ApplicationID: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id string.
    public let rawValue: String
    /// Creates an application id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
}

/// The identity of a store: its kind, recording id and application id.
public struct StoreID: Sendable, Hashable, CustomStringConvertible {
    /// Recording or blueprint.
    public let kind: StoreKind
    /// The recording id (several processes may share one to log into the same recording).
    public let recordingID: String
    /// The application id.
    public let applicationID: ApplicationID

    /// Creates a store id.
    public init(kind: StoreKind, recordingID: String, applicationID: ApplicationID) {
        self.kind = kind
        self.recordingID = recordingID
        self.applicationID = applicationID
    }

    public var description: String { "\(kind):\(applicationID)/\(recordingID)" }
}
