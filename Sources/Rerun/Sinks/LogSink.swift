public import RerunRRD

/// Where a recording's messages go: a file, memory, stdout, the network, or several at once.
///
/// Sinks receive messages in order from one flushing thread at a time.
public protocol LogSink: AnyObject, Sendable {
    /// Writes messages (store info, chunks, blueprint commands).
    func send(_ messages: [LogMsg]) throws
    /// Pushes buffered bytes to their destination.
    func flush() throws
    /// Ends the stream (for `.rrd` outputs: writes the footer). Further sends are errors.
    func finish() throws
    /// The batching defaults suited to this sink.
    var defaultBatcherConfig: BatcherConfig { get }
}

extension LogSink {
    public var defaultBatcherConfig: BatcherConfig { .default }
}
