public import Logging
import Synchronization

/// Collects log records, for checking what a component logged (swift-log `Logger`s).
public final class LogCapture: Sendable {
    /// One record.
    public struct Record: Sendable {
        /// The record's level.
        public var level: Logger.Level
        /// The message text.
        public var text: String
    }

    private let records = Mutex<[Record]>([])

    /// Creates an empty capture.
    public init() {}

    /// Everything logged so far.
    public var messages: [Record] { records.withLock { $0 } }

    /// Records at `.warning` or above whose text contains `needle`.
    public func problems(containing needle: String) -> [Record] {
        messages.filter { $0.level >= .warning && $0.text.contains(needle) }
    }

    /// A logger writing into this capture (every level).
    public var logger: Logger {
        Logger(label: "rerun.test") { _ in Handler(capture: self) }
    }

    /// Appends one record (used by the handler).
    func append(_ record: Record) {
        records.withLock { $0.append(record) }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append(Record(level: event.level, text: "\(event.message)"))
        }
    }
}
