public import Foundation
import Logging
import RerunModel
import RerunRRD
import RerunStore

extension RecordingHub {
    /// Polling interval while following a growing file.
    static let followInterval = Duration.milliseconds(100)

    /// Messages handed to the hub actor at a time by a file load.
    static let loadBatchSize = 256

    /// Loads a whole `.rrd` file, or, when `follow` is true, keeps reading what is appended to
    /// it until the task is cancelled (then returns normally). Messages that fail to decode are
    /// logged and skipped; an unreadable file, or a truncated tail when not following, throws
    /// (after everything before it was ingested).
    ///
    /// A whole regular file is decoded on worker threads (`RRDParallelReader`) while the hub
    /// ingests what came before, and the stores it filled then merge their pending small chunks
    /// (`ChunkStore.compactPendingChunks()`). The calling task waits for decoded messages
    /// without suspending (a short block); cancelling it stops the load after the current batch.
    public nonisolated func load(file: URL, follow: Bool = false) async throws {
        let client = "file \(file.lastPathComponent)"
        if !follow, let reader = try? RRDParallelReader(path: file.path) {
            try await load(reader, path: file.path, client: client)
            return
        }
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

    /// Ingests everything `reader` decodes, `loadBatchSize` messages at a time, then compacts
    /// the stores it touched. Messages that fail to decode are logged and skipped; an error that
    /// ends the input is thrown after what came before it was ingested and compacted.
    private nonisolated func load(_ reader: RRDParallelReader, path: String, client: String) async throws {
        defer { reader.close() }
        var count = 0
        var stores = Set<StoreID>()
        var batch: [LogMsg] = []
        var failure: (any Error)?
        while !Task.isCancelled && failure == nil && !reader.isFinished {
            batch.removeAll(keepingCapacity: true)
            while batch.count < Self.loadBatchSize {
                do {
                    guard let event = try reader.next() else { break }
                    guard case .message(let message, _, _, _) = event else { continue }
                    if case .arrow = message { stores.insert(message.storeID) }
                    batch.append(message)
                } catch let error as RRDReaderError {
                    failure = HubError(error.message)
                    break
                } catch {
                    if reader.isFinished {
                        failure = error
                        break
                    }
                    logger.warning("\(client): skipped a message: \(error)")
                }
            }
            count += batch.count
            if !batch.isEmpty { await ingest(batch, from: client) }
        }
        await compactPendingChunks(of: stores)
        if let failure { throw failure }
        logger.info("\(client): loaded \(count) messages")
    }

    /// Merges the small chunks a load left waiting in `ids`' stores (see
    /// `ChunkStore.compactPendingChunks()`), keeping the accounted bytes and generations current.
    func compactPendingChunks(of ids: Set<StoreID>) {
        for id in ids where entries[id] != nil {
            let before = entries[id]!.store.totalBytes
            let events: [StoreEvent]
            do {
                events = try entries[id]!.store.compactPendingChunks()
            } catch {
                logger.warning("\(id): compacting after a file load failed: \(error)")
                events = []
            }
            accountedBytes += entries[id]!.store.totalBytes - before
            guard !events.isEmpty else { continue }
            entries[id]!.generation += 1
            post(.storeChanged(id, generation: entries[id]!.generation))
        }
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
