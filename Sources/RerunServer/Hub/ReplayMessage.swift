import RerunRRD

/// A message kept for `ReadMessages`: the protobuf as a client sent it, or, for messages loaded
/// from files, the decoded message (sharing its buffers with the store), encoded only when a
/// reader needs it.
enum ReplayMessage: Sendable {
    /// As received over gRPC.
    case encoded(ProtoLogMsg)
    /// Decoded from a file or upload.
    case decoded(LogMsg)

    /// The protobuf to send.
    func proto() throws -> ProtoLogMsg {
        switch self {
        case .encoded(let proto): proto
        case .decoded(let message): try RRDEncoder.encode(logMsg: message)
        }
    }

    /// The bytes this message is accounted with: the (compressed) Arrow payload plus a fixed
    /// overhead.
    var bytes: Int {
        switch self {
        case .encoded(let proto): SubscriberQueue.size(of: proto)
        case .decoded(.arrow(let arrow)):
            (arrow.encodedSize?.message ?? arrow.chunk.components.reduce(0) { $0 + $1.data.totalBufferBytes }) + 128
        case .decoded: 256
        }
    }
}
