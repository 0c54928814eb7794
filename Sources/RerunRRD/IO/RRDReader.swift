import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        // (Decoding on a second thread, a few batches ahead of `body`, was tried: with chunks
        // allocated on one thread and released on the other it was slower on many small chunks.)
        try decode(handle.fileDescriptor, source, emit: body)
    }

    /// Reads `descriptor` to its end through an `RRDDecoder`, passing every event to `emit`.
    private static func decode(_ descriptor: Int32, _ source: Source, emit: (RRDDecoder.Event) throws -> Void) throws {
        // A regular file's size bounds how much one read may ask for (a large message is read in
        // one piece); for a pipe, reads stay at `readSize`.
        var status = stat()
        var remaining = fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : 0
        var decoder = RRDDecoder()
        while true {
            let offset = decoder.offset
            let count = try decoder.append(maximumCount: readSize, limit: max(remaining, readSize)) { destination in
                try readFully(descriptor, into: destination, source: source, at: offset)
            }
            if count == 0 { break }
            remaining -= count
            while let event = try decoder.next() { try emit(event) }
        }
        try decoder.finish()
    }

    /// Reads into `destination` until it is full or the input ends; returns the bytes read.
    private static func readFully(
        _ descriptor: Int32, into destination: UnsafeMutableRawBufferPointer, source: Source, at offset: Int
    ) throws -> Int {
        var filled = 0
        while filled < destination.count {
            // Safety: `destination` has `destination.count - filled` writable bytes after `filled`.
            #if canImport(Glibc)
            let n = Glibc.read(descriptor, destination.baseAddress! + filled, destination.count - filled)
            #else
            let n = Darwin.read(descriptor, destination.baseAddress! + filled, destination.count - filled)
            #endif
            if n > 0 {
                filled += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                let reason = String(cString: strerror(errno))
                throw RRDReaderError(message: "\(source): read failed at byte \(offset + filled): \(reason)")
            }
        }
        return filled
    }
}

/// An I/O error reading or writing an `.rrd` file (as opposed to malformed contents).
public struct RRDReaderError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the file.
    public let message: String
    public var description: String { message }
}
