import ArgumentParser
import RerunChunk
import RerunModel
import RerunRRD

/// `rerun-swift rrd verify`: decode everything and check footers and manifests.
struct RRDVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Decode every message of .rrd files and check their footers and manifests.",
        discussion: """
            Checks framing, protobuf, LZ4, Arrow IPC and chunk layout of every message; with \
            footer checks (the default) also that each stream ends with an RrdFooter holding at \
            most one manifest per store, that every manifest row points at an ArrowMsg of the same \
            chunk id, and that the StreamFooter matches the RrdFooter (offset, length, xxHash32). \
            Exits non-zero naming the file, byte offset and problem.
            """)

    @Option(name: .customLong("check-footers"), help: "Require and check footers and manifests (true/false).")
    var checkFooters: Bool = true

    @Argument(help: "Files to verify ('-' for stdin).")
    var files: [String]

    func run() throws {
        var anyFailed = false
        for path in files {
            var checker = FooterChecker(checkFooters: checkFooters)
            let failed = forEachInput([path]) { _, event in try checker.observe(event) }
            if !failed.isEmpty {
                anyFailed = true
                continue
            }
            do {
                try checker.finish()
                print("\(path): OK (\(checker.messageCount) messages, \(checker.chunkCount) chunks)")
            } catch {
                printError("error: \(path): \(error)")
                anyFailed = true
            }
        }
        if anyFailed { throw ExitCode.failure }
    }
}

/// Checks footers and manifests against the messages of each stream.
struct FooterChecker {
    struct Placement: Hashable {
        let offset: Int
        let length: Int
    }

    let checkFooters: Bool
    var messageCount = 0
    var chunkCount = 0
    private var streamIndex = -1
    private var streamsWithFooter = Set<Int>()
    /// ArrowMsg chunk ids by (stream-relative payload offset, length), for the current stream.
    private var chunks: [Placement: ChunkID] = [:]

    init(checkFooters: Bool) {
        self.checkFooters = checkFooters
    }

    mutating func observe(_ event: RRDDecoder.Event) throws {
        switch event {
        case .streamHeader:
            streamIndex += 1
            chunks = [:]
        case .message(let message, _, let streamOffset, let length):
            messageCount += 1
            if case .arrow(let arrow) = message {
                chunkCount += 1
                chunks[Placement(offset: streamOffset, length: length)] = arrow.chunk.id
            }
        case .footer(let footer, let offset):
            guard checkFooters else { return }
            streamsWithFooter.insert(streamIndex)
            var stores = Set<StoreID>()
            for manifest in footer.manifests {
                guard stores.insert(manifest.storeID).inserted else {
                    throw RRDError(.badFooter, at: offset, "more than one manifest for store \(manifest.storeID)")
                }
                try manifest.validate()
                for (row, entry) in try manifest.chunkEntries().enumerated() {
                    let placement = Placement(offset: Int(clamping: entry.byteOffset), length: Int(clamping: entry.byteSize))
                    guard let id = chunks[placement] else {
                        throw RRDError(.badFooter, at: offset, "manifest of \(manifest.storeID), row \(row): no ArrowMsg at stream byte \(entry.byteOffset) with length \(entry.byteSize) (chunk \(entry.chunkID.hexString), \(entry.entityPath))")
                    }
                    guard id == entry.chunkID else {
                        throw RRDError(.badFooter, at: offset, "manifest of \(manifest.storeID), row \(row): the ArrowMsg at stream byte \(entry.byteOffset) holds chunk \(id.hexString), the manifest says \(entry.chunkID.hexString)")
                    }
                }
            }
            if footer.manifests.isEmpty {
                throw RRDError(.badFooter, at: offset, "missing RRD footer: the End message holds no manifests")
            }
        case .streamFooter(_, let offset, let problem):
            if checkFooters, let problem { throw RRDError(.badFooter, at: offset, problem) }
        }
    }

    func finish() throws {
        guard checkFooters else { return }
        for stream in 0...max(streamIndex, 0) where !streamsWithFooter.contains(stream) {
            throw RRDError(.badFooter, "missing RRD footer in stream \(stream): the stream has no End message with manifests (pass --check-footers false to skip)")
        }
    }
}
