import Foundation
import RerunModel

/// Writes an `.rrd` stream to a file (atomically: a temporary `.NAME.XXXX.partial` file beside
/// the target, renamed into place on `finish()`) or to standard output. The partial file is a
/// valid footer-less stream at every message boundary, so a writer that dies midway leaves a
/// readable file behind.
public final class RRDWriter {
    /// Where to write.
    public enum Destination: Sendable, CustomStringConvertible {
        /// A file path, replaced atomically when finished.
        case file(String)
        /// Standard output.
        case standardOutput

        /// `-` means standard output, anything else a file path.
        public init(argument: String) {
            self = argument == "-" ? .standardOutput : .file(argument)
        }

        public var description: String {
            switch self {
            case .file(let path): path
            case .standardOutput: "<stdout>"
            }
        }
    }

    private var encoder: RRDEncoder
    private let handle: FileHandle
    private let destination: Destination
    private let temporaryPath: String?
    private var finished = false

    /// Opens `destination` for writing with the given compression.
    public init(_ destination: Destination, compression: RRDCompression = .lz4) throws {
        self.encoder = RRDEncoder(compression: compression)
        self.destination = destination
        switch destination {
        case .standardOutput:
            handle = FileHandle.standardOutput
            temporaryPath = nil
        case .file(let path):
            let url = URL(fileURLWithPath: path)
            let temp = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).partial").path
            guard FileManager.default.createFile(atPath: temp, contents: nil),
                  let h = FileHandle(forWritingAtPath: temp) else {
                throw RRDReaderError(message: "\(path): cannot create \(temp) for writing")
            }
            handle = h
            temporaryPath = temp
        }
    }

    /// Encodes and writes one message.
    public func write(_ message: LogMsg) throws {
        try put(try encoder.encode(message))
    }

    /// Writes the footer, flushes, and moves a file into place.
    public func finish() throws {
        guard !finished else { return }
        try put(try encoder.finish())
        finished = true
        if case .file(let path) = destination, let temporaryPath {
            try handle.synchronize()
            try handle.close()
            do {
                if FileManager.default.fileExists(atPath: path) {
                    _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: temporaryPath))
                } else {
                    try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
                }
            } catch {
                throw RRDReaderError(message: "\(path): cannot move the finished file into place: \(error.localizedDescription)")
            }
        }
    }

    private func put(_ bytes: [UInt8]) throws {
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw RRDReaderError(message: "\(destination): write failed: \(error.localizedDescription)")
        }
    }
}
