public import Foundation
import Logging
import RerunRRD

extension RecordingHub {
    /// Polling interval while following a growing file.
    static let followInterval = Duration.milliseconds(100)

    /// Loads a whole `.rrd` file, or, when `follow` is true, keeps reading what is appended to
    /// it until the task is cancelled (then returns normally). Messages that fail to decode are
    /// logged and skipped; an unreadable file, or a truncated tail when not following, throws
    /// (after everything before it was ingested).
    public nonisolated func load(file: URL, follow: Bool = false) async throws {
        let client = "file \(file.lastPathComponent)"
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw HubError("\(file.path): cannot open for reading")
        }
        defer { try? handle.close() }
        var decoder = RRDDecoder()
        var count = 0
        while !Task.isCancelled {
            let data: Data
            do {
                data = try handle.read(upToCount: RRDReader.readSize) ?? Data()
            } catch {
                throw HubError("\(file.path): read failed at byte \(decoder.offset): \(error.localizedDescription)")
            }
            if data.isEmpty {
                guard follow else { break }
                do { try await Task.sleep(for: Self.followInterval) } catch { break }
                continue
            }
            decoder.push(data)
            let messages = try Self.drain(&decoder, client: client, logger: logger)
            count += messages.count
            if !messages.isEmpty { await ingest(messages, from: client) }
        }
        if !follow { try decoder.finish() }
        logger.info("\(client): loaded \(count) messages")
    }

    /// Loads `.rrd` bytes (an HTTP upload) named `name` for log lines. Messages that fail to
    /// decode are logged and skipped; a truncated tail throws after the rest was ingested.
    public func load(bytes: [UInt8], name: String) throws {
        let client = "upload \(name)"
        var decoder = RRDDecoder()
        decoder.push(bytes)
        let messages = try Self.drain(&decoder, client: client, logger: logger)
        ingest(messages, from: client)
        logger.info("\(client): loaded \(messages.count) messages")
        try decoder.finish()
    }

    private func ingest(_ messages: [LogMsg], from client: String) {
        for m in messages { ingest(m, proto: nil, from: client) }
    }

    /// Decodes every complete message in `decoder`. A message that fails to decode is logged and
    /// skipped; an error that does not advance the decoder is thrown.
    private static func drain(_ decoder: inout RRDDecoder, client: String, logger: Logger) throws -> [LogMsg] {
        var messages: [LogMsg] = []
        while true {
            let before = decoder.offset
            do {
                guard let event = try decoder.next() else { return messages }
                if case .message(let message, _, _, _) = event { messages.append(message) }
            } catch {
                guard decoder.offset > before else { throw error }
                logger.warning("\(client): skipped a message: \(error)")
            }
        }
    }
}
