/// Limits of the gRPC server.
public enum GRPCLimits {
    /// The largest message accepted or sent, in bytes. The official SDK sends one message per
    /// chunk, so this must fit a large image chunk (a 4 MiB limit silently kills its connection).
    public static let maxMessageBytes = 256 << 20
}
