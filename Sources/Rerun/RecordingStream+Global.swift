import Synchronization

/// The process-wide default recording, replaced atomically.
private let globalRecording = Mutex<RecordingStream?>(nil)

extension RecordingStream {
    /// A recording that code in the current task (and its child tasks) logs to instead of the
    /// global one: `RecordingStream.$scoped.withValue(rec) { … }`. Like Rerun's thread-local recording.
    @TaskLocal public static var scoped: RecordingStream?

    /// The process-wide default recording (what `rr.init` sets in Python and `RecordingStream::global`
    /// returns in Rust), or `nil` when none was set.
    public static var global: RecordingStream? {
        globalRecording.withLock { $0 }
    }

    /// Makes `recording` the process-wide default (or clears it with `nil`) and returns the previous one.
    @discardableResult
    public static func setGlobal(_ recording: RecordingStream?) -> RecordingStream? {
        globalRecording.withLock { current in
            let previous = current
            current = recording
            return previous
        }
    }

    /// The recording to log to here: the task's `scoped` recording if any, else the `global` one.
    public static var current: RecordingStream? { scoped ?? global }

    /// The recording to log to here, or an error telling how to set one up.
    public static func requireCurrent() throws(RerunError) -> RecordingStream {
        guard let recording = current else {
            throw RerunError(
                .invalidArgument,
                "no recording: create one and call RecordingStream.setGlobal(_:) (or bind RecordingStream.$scoped) first")
        }
        return recording
    }
}
