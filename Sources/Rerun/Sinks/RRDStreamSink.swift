import Foundation
public import RerunRRD
import Synchronization

/// Encodes messages as an `.rrd` stream and hands the bytes to a writer closure.
/// The shared core of the file, memory and stdout sinks.
final class RRDStreamSink: Sendable {
    private struct State {
        var encoder: RRDEncoder
        var finished = false
    }

    private let state: Mutex<State>
    private let write: @Sendable ([UInt8]) throws -> Void
    private let name: String
    /// Encoded messages at least this large are written on their own instead of being gathered.
    static let directWriteBytes = 256 << 10

    init(name: String, compression: RRDCompression, write: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.state = Mutex(State(encoder: RRDEncoder(compression: compression)))
        self.write = write
        self.name = name
    }

    func send(_ messages: [LogMsg]) throws {
        try state.withLock { s throws in
            guard !s.finished else { throw RerunError(.finished, "\(name): the stream is already finished") }
            // Small messages are gathered into one write; a large one (a `sendColumns` chunk) is
            // written as encoded, without copying it into the gathered bytes.
            var bytes: [UInt8] = []
            for message in messages {
                let encoded = try s.encoder.encode(message)
                if encoded.count >= Self.directWriteBytes {
                    if !bytes.isEmpty { try write(bytes) }
                    bytes.removeAll(keepingCapacity: true)
                    try write(encoded)
                } else {
                    bytes += encoded
                }
            }
            if !bytes.isEmpty { try write(bytes) }
        }
    }

    func finish() throws {
        try state.withLock { s throws in
            guard !s.finished else { return }
            s.finished = true
            try write(try s.encoder.finish())
        }
    }
}

/// Writes an `.rrd` file with footer. Bytes reach the file at every flush, so a process that
/// dies leaves a file the official tools read up to the last flushed chunk.
public final class FileSink: LogSink {
    private let core: RRDStreamSink
    private let handle: FileHandle
    /// The file's path.
    public let path: String

    /// Creates (or truncates) `path`.
    public init(path: String, compression: RRDCompression = .lz4) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw RerunError(.sink, "cannot create \(path) for writing")
        }
        self.handle = handle
        self.path = path
        self.core = RRDStreamSink(name: path, compression: compression) { [handle, path] bytes in
            do {
                try handle.write(contentsOf: bytes)
            } catch {
                throw RerunError(.sink, "\(path): write failed: \(error.localizedDescription)")
            }
        }
    }

    public func send(_ messages: [LogMsg]) throws { try core.send(messages) }
    public func flush() throws {}
    /// Writes the footer and closes the file. Like the official SDK, it does not `fsync`: the
    /// bytes are in the operating system's hands (safe if the process dies), not forced to disk.
    public func finish() throws {
        try core.finish()
        try? handle.close()
    }
}

/// Keeps the `.rrd` bytes in memory (`bytes` after `finish()` is a complete file).
public final class MemorySink: LogSink {
    private final class Storage: Sendable {
        let bytes = Mutex<[UInt8]>([])
    }

    private let storage = Storage()
    private let core: RRDStreamSink

    /// Creates an empty sink.
    public init(compression: RRDCompression = .lz4) {
        let storage = self.storage
        self.core = RRDStreamSink(name: "memory sink", compression: compression) { bytes in
            storage.bytes.withLock { $0 += bytes }
        }
    }

    /// The bytes written so far.
    public var bytes: [UInt8] { storage.bytes.withLock { $0 } }

    public func send(_ messages: [LogMsg]) throws { try core.send(messages) }
    public func flush() throws {}
    public func finish() throws { try core.finish() }
}

/// Writes the `.rrd` stream to standard output (pipe it into `rerun-swift rrd print -`).
public final class StdoutSink: LogSink {
    private let core: RRDStreamSink

    /// Creates the sink.
    public init(compression: RRDCompression = .lz4) {
        self.core = RRDStreamSink(name: "stdout", compression: compression) { bytes in
            do {
                try FileHandle.standardOutput.write(contentsOf: bytes)
            } catch {
                throw RerunError(.sink, "stdout: write failed: \(error.localizedDescription)")
            }
        }
    }

    public func send(_ messages: [LogMsg]) throws { try core.send(messages) }
    public func flush() throws {}
    public func finish() throws { try core.finish() }
}

/// Sends everything to several sinks. Every sink gets every message even if another fails; the
/// first error is rethrown.
public final class TeeSink: LogSink {
    /// The sinks, in order.
    public let sinks: [any LogSink]

    /// Creates a tee.
    public init(_ sinks: [any LogSink]) {
        self.sinks = sinks
    }

    public var defaultBatcherConfig: BatcherConfig {
        sinks.map(\.defaultBatcherConfig).min { $0.flushTick < $1.flushTick } ?? .default
    }

    public func send(_ messages: [LogMsg]) throws { try each { try $0.send(messages) } }
    public func flush() throws { try each { try $0.flush() } }
    public func finish() throws { try each { try $0.finish() } }

    private func each(_ body: (any LogSink) throws -> Void) throws {
        var first: (any Error)?
        for sink in sinks {
            do { try body(sink) } catch { if first == nil { first = error } }
        }
        if let first { throw first }
    }
}
