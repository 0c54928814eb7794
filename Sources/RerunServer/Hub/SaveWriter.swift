import Foundation
import Logging
import RerunRRD

/// The `--save` file: every message the hub accepts is appended as it arrives (to a partial
/// file beside the target that is a valid footer-less `.rrd` at every message boundary);
/// `finish()` writes the footer and moves the file into place. A write failure is logged once
/// and saving stops; ingest goes on.
struct SaveWriter {
    private var writer: RRDWriter?
    private let path: String
    private let logger: Logger

    /// Opens `url` for writing.
    init(url: URL, logger: Logger) throws {
        self.path = url.path
        self.logger = logger
        self.writer = try RRDWriter(.file(url.path))
    }

    /// Appends one message.
    mutating func write(_ message: LogMsg) {
        guard let writer else { return }
        do {
            try writer.write(message)
        } catch {
            logger.error("--save \(path): \(error); no longer saving")
            self.writer = nil
        }
    }

    /// Writes the footer and closes the file; later writes are ignored.
    mutating func finish() throws {
        guard let writer else { return }
        self.writer = nil
        try writer.finish()
    }
}
