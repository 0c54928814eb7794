public import RerunChunk
public import RerunModel

/// One message of a Rerun log stream, decoded into domain types. The same messages travel in
/// `.rrd` files (framed) and over gRPC (as `LogMsg` protobufs).
public enum LogMsg: Sendable {
    /// Announces a store (recording or blueprint) and where it comes from.
    case setStoreInfo(StoreInfo)
    /// One chunk of a store.
    case arrow(ArrowMessage)
    /// Asks the viewer to activate a blueprint.
    case blueprintActivation(BlueprintActivation)

    /// The store the message belongs to.
    public var storeID: StoreID {
        switch self {
        case .setStoreInfo(let info): info.storeID
        case .arrow(let message): message.storeID
        case .blueprintActivation(let command): command.blueprintID
        }
    }
}

/// `SetStoreInfo`: a store's identity, source and writer version.
public struct StoreInfo: Sendable, Hashable {
    /// The store.
    public var storeID: StoreID
    /// A fresh TUID per announcement (the SDK sends two announcements with different ids).
    public var rowID: TUID
    /// Which SDK or tool produced the store.
    public var source: StoreSource
    /// The writer's Rerun version, if given.
    public var version: RerunVersion?

    /// Creates store info.
    public init(storeID: StoreID, rowID: TUID = .next(), source: StoreSource, version: RerunVersion? = RRDFraming.writerVersion) {
        self.storeID = storeID
        self.rowID = rowID
        self.source = source
        self.version = version
    }
}

/// Where a store's data comes from (`StoreSource` in the protocol).
public enum StoreSource: Sendable, Hashable, CustomStringConvertible {
    /// Not specified.
    case unknown
    /// The C or C++ SDK.
    case cSDK
    /// The Python SDK, with the interpreter version (`3.11.7`).
    case pythonSDK(version: String)
    /// The Rust SDK, with compiler versions.
    case rustSDK(rustc: String, llvm: String)
    /// A file, loaded in the given way.
    case file(FileSourceKind)
    /// The viewer itself.
    case viewer
    /// Anything else, described in free text (we write `rerun-swift <version>`).
    case other(String)
    /// A source whose details did not decode; kept as raw protobuf values so it re-encodes unchanged.
    case raw(kind: Int, extra: [UInt8])

    /// How a file was loaded.
    public enum FileSourceKind: Int, Sendable, Hashable {
        case unspecified = 0, cli, uri, dragAndDrop, fileDialog, sdk
    }

    /// The source this implementation writes.
    public static let rerunSwift = StoreSource.other("rerun-swift 0.1.0")

    public var description: String {
        switch self {
        case .unknown: "Unknown"
        case .cSDK: "C SDK"
        case .pythonSDK(let v): "Python SDK (Python \(v))"
        case .rustSDK(let rustc, let llvm): "Rust SDK (rustc \(rustc), LLVM \(llvm))"
        case .file(let kind): "File (\(kind))"
        case .viewer: "Viewer"
        case .other(let s): "Other(\"\(s)\")"
        case .raw(let kind, let extra): "Unparsed(kind \(kind), \(extra.count) bytes)"
        }
    }
}

/// `ArrowMsg`: one chunk, with how it was (or is to be) encoded.
public struct ArrowMessage: Sendable {
    /// The store the chunk belongs to.
    public var storeID: StoreID
    /// The chunk.
    public var chunk: Chunk
    /// Whether the payload was LZ4-compressed (on decode) or should be (on encode).
    public var compression: RRDCompression
    /// The encoded protobuf message's size and the IPC stream's size, when decoded from bytes.
    public var encodedSize: (message: Int, uncompressed: Int)?

    /// Creates a message.
    public init(storeID: StoreID, chunk: Chunk, compression: RRDCompression = .lz4) {
        self.storeID = storeID
        self.chunk = chunk
        self.compression = compression
        self.encodedSize = nil
    }
}

/// `BlueprintActivationCommand`.
public struct BlueprintActivation: Sendable, Hashable {
    /// The blueprint store to activate.
    public var blueprintID: StoreID
    /// Make it the active blueprint now.
    public var makeActive: Bool
    /// Make it the default blueprint for its application.
    public var makeDefault: Bool

    /// Creates a command.
    public init(blueprintID: StoreID, makeActive: Bool, makeDefault: Bool) {
        self.blueprintID = blueprintID
        self.makeActive = makeActive
        self.makeDefault = makeDefault
    }
}

/// How an ArrowMsg payload is compressed.
public enum RRDCompression: Sendable, Hashable, CustomStringConvertible {
    /// The raw Arrow IPC stream.
    case none
    /// One LZ4 block (what the official SDK always writes).
    case lz4

    public var description: String { self == .lz4 ? "lz4" : "none" }
}
