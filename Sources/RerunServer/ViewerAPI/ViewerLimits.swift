/// Size and rate limits of one viewer connection (`Docs/viewer-protocol.md` §2, §9).
public struct ViewerLimits: Sendable, Equatable {
    /// Largest accepted client frame, in bytes.
    public var maxRequestBytes: Int
    /// Largest response frame the server will send; bigger answers become `too_large` errors.
    public var maxResponseBytes: Int
    /// Pushes of each kind per second, at most.
    public var pushHz: Int
    /// Requests read ahead of the one being answered (where `cancel` can still reach them).
    public var pendingRequests: Int

    /// Creates limits (defaults: 1 MiB requests, 64 MiB responses, 10 Hz pushes, 16 pending).
    public init(maxRequestBytes: Int = 1 << 20, maxResponseBytes: Int = 64 << 20, pushHz: Int = 10, pendingRequests: Int = 16) {
        self.maxRequestBytes = maxRequestBytes
        self.maxResponseBytes = maxResponseBytes
        self.pushHz = max(1, pushHz)
        self.pendingRequests = max(1, pendingRequests)
    }
}
