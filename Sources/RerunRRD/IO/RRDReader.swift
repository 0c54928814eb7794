import Foundation

/// Reads `.rrd` streams from files or standard input and decodes them incrementally, so memory
/// stays bounded by the largest message, not the file.
public struct RRDReader {
    /// Where to read from.
    public enum Source: Sendable, CustomStringConvertible {
        /// A file path.
        case file(String)
        /// Standard input.
        case standardInput

        /// `-` means standard input, anything else a file path.
        public init(argument: String) {
            self = argument == "-" ? .standardInput : .file(argument)
        }

        public var description: String {
            switch self {
            case .file(let path): path
            case .standardInput: "<stdin>"
            }
        }
    }

    /// Bytes read per system call.
    public static let readSize = 4 << 20

    /// Decodes `source`, calling `body` for every event. After the last complete message, a
    /// truncated or malformed tail throws an `RRDError` (events before it have been delivered).
    /// Errors opening or reading the file are thrown as `RRDReaderError`.
    public static func read(_ source: Source, _ body: (RRDDecoder.Event) throws -> Void) throws {
        let handle: FileHandle
        switch source {
        case .standardInput:
            handle = FileHandle.standardInput
        case .file(let path):
            guard let h = FileHandle(forReadingAtPath: path) else {
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                    throw RRDReaderError(message: "\(path): no such file")
                }
                throw RRDReaderError(message: isDirectory.boolValue ? "\(path): is a directory" : "\(path): cannot open for reading")
            }
            handle = h
        }
        defer { if case .file = source { try? handle.close() } }
        var decoder = RRDDecoder()
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: readSize) ?? Data()
            } catch {
                throw RRDReaderError(message: "\(source): read failed at byte \(decoder.offset): \(error.localizedDescription)")
            }
            if data.isEmpty { break }
            decoder.push(data)
            while let event = try decoder.next() { try body(event) }
        }
        try decoder.finish()
    }
}

/// An I/O error reading or writing an `.rrd` file (as opposed to malformed contents).
public struct RRDReaderError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the file.
    public let message: String
    public var description: String { message }
}
