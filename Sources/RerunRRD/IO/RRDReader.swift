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

    /// Files smaller than this are always decoded on the calling thread (starting threads
    /// costs more than it saves on a few messages).
    static let parallelThreshold = 1 << 20

    /// Decodes `source`, calling `body` for every event, in file order, on the calling thread.
    /// After the last complete message, a truncated or malformed tail throws an `RRDError` (events
    /// before it have been delivered). Errors opening or reading the file are thrown as
    /// `RRDReaderError`.
    ///
    /// With `workers > 0`, a regular file of 1 MiB or more is decoded by `RRDParallelReader` on
    /// that many threads (`RRDParallelReader.defaultWorkerCount` is one per processor), so that
    /// `body` runs while later messages are being decoded; events, errors and their order are
    /// those of the serial `RRDDecoder`, and an error thrown by `body` stops the workers and is
    /// rethrown. That pays when `body` does real work per event (inserting chunks into a store);
    /// when it does little (printing, counting), the serial default is as fast or faster, as
    /// handing decoded chunks between threads costs CPU. Standard input is always decoded on the
    /// calling thread.
    public static func read(_ source: Source, workers: Int = 0, _ body: (RRDDecoder.Event) throws -> Void) throws {
        let handle: FileHandle
        switch source {
        case .standardInput:
            handle = FileHandle.standardInput
        case .file(let path):
            handle = try openFile(path)
        }
        defer { if case .file = source { try? handle.close() } }
        let descriptor = handle.fileDescriptor
        if case .file(let path) = source, let size = regularFileSize(descriptor) {
            if workers > 0 && size >= parallelThreshold {
                let reader = RRDParallelReader(descriptor: descriptor, path: path, size: size, workers: workers)
                defer { reader.close() }
                while let event = try reader.next() { try body(event) }
                return
            }
        }
        try decode(descriptor, source, emit: body)
    }

    /// Opens `path` for reading, or throws an error saying why it cannot be.
    static func openFile(_ path: String) throws(RRDReaderError) -> FileHandle {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw RRDReaderError(message: "\(path): no such file")
            }
            throw RRDReaderError(message: isDirectory.boolValue ? "\(path): is a directory" : "\(path): cannot open for reading")
        }
        return handle
    }

    /// The size of the file open as `descriptor` if it is a regular file, else `nil` (a pipe).
    static func regularFileSize(_ descriptor: Int32) -> Int? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Reads `descriptor` to its end through an `RRDDecoder`, passing every event to `emit`.
    private static func decode(_ descriptor: Int32, _ source: Source, emit: (RRDDecoder.Event) throws -> Void) throws {
        // A regular file's size bounds how much one read may ask for (a large message is read in
        // one piece); for a pipe, reads stay at `readSize`.
        var remaining = regularFileSize(descriptor) ?? 0
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
    static func readFully(
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
