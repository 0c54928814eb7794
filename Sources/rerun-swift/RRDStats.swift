import ArgumentParser
import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD

/// `rerun-swift rrd stats`: what a recording holds and where its bytes go.
struct RRDStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize .rrd files: stores, entities, chunks, rows, timelines and bytes per component.")

    @Argument(help: "Files to summarize ('-' for stdin).")
    var files: [String]

    struct ComponentBytes {
        var uncompressed = 0
        var compressedEstimate = 0.0
        var chunks = 0
        var rows = 0
    }

    func run() throws {
        var stores: [StoreID: String] = [:]
        var storeOrder: [StoreID] = []
        var chunkCount = 0, staticChunks = 0, rowCount = 0
        var entities: [EntityPath: (chunks: Int, rows: Int)] = [:]
        var timelines: [String: (kind: TimelineKind, range: ClosedRange<Int64>, chunks: Int)] = [:]
        var components: [String: ComponentBytes] = [:]
        var compressedTotal = 0, uncompressedTotal = 0

        let failed = forEachInput(files) { _, event in
            switch event {
            case .message(.setStoreInfo(let info), _, _, _):
                if stores[info.storeID] == nil {
                    stores[info.storeID] = "\(info.source)"
                    storeOrder.append(info.storeID)
                }
            case .message(.arrow(let message), _, _, _):
                let chunk = message.chunk
                if stores[message.storeID] == nil {
                    stores[message.storeID] = "(no SetStoreInfo)"
                    storeOrder.append(message.storeID)
                }
                chunkCount += 1
                rowCount += chunk.rowCount
                if chunk.isStatic { staticChunks += 1 }
                entities[chunk.entityPath, default: (0, 0)].chunks += 1
                entities[chunk.entityPath, default: (0, 0)].rows += chunk.rowCount
                for column in chunk.timeColumns {
                    guard let range = column.range else { continue }
                    if let existing = timelines[column.timeline.name] {
                        timelines[column.timeline.name] = (existing.kind,
                            min(existing.range.lowerBound, range.lowerBound)...max(existing.range.upperBound, range.upperBound),
                            existing.chunks + 1)
                    } else {
                        timelines[column.timeline.name] = (column.timeline.kind, range, 1)
                    }
                }
                let (messageBytes, ipcBytes) = message.encodedSize ?? (0, 0)
                compressedTotal += messageBytes
                uncompressedTotal += ipcBytes
                let columnBytes = chunk.components.map { $0.data.totalBufferBytes }
                let totalColumnBytes = max(columnBytes.reduce(0, +), 1)
                for (column, bytes) in zip(chunk.components, columnBytes) {
                    var entry = components[column.descriptor.component, default: ComponentBytes()]
                    entry.uncompressed += bytes
                    entry.compressedEstimate += Double(messageBytes) * Double(bytes) / Double(totalColumnBytes)
                    entry.chunks += 1
                    entry.rows += column.data.length - column.data.nullCount
                    components[column.descriptor.component] = entry
                }
            default:
                break
            }
        }

        func section(_ title: String) {
            print("\n\(title)")
            print(String(repeating: "-", count: title.count))
        }
        section("Stores")
        for id in storeOrder { print("\(id.kind) app=\(id.applicationID) recording=\(id.recordingID) source=\(stores[id]!)") }
        section("Overview")
        print("num_chunks = \(chunkCount)")
        print("num_entity_paths = \(entities.count)")
        print("num_rows = \(rowCount)")
        print("num_static = \(staticChunks)")
        print("bytes_compressed = \(formatBytes(compressedTotal)) (ArrowMsg messages)")
        print("bytes_uncompressed = \(formatBytes(uncompressedTotal)) (Arrow IPC)")
        section("Num chunks per entity")
        for path in entities.keys.sorted() { print("\(path): \(entities[path]!.chunks)") }
        section("Num chunks per index")
        for name in timelines.keys.sorted() { print("\(name): \(timelines[name]!.chunks)") }
        section("Num chunks per component")
        for name in components.keys.sorted() { print("\(name): \(components[name]!.chunks)") }
        section("Rows per entity")
        for path in entities.keys.sorted() { print("\(path): \(entities[path]!.rows)") }
        section("Timeline ranges")
        for name in timelines.keys.sorted() {
            let t = timelines[name]!
            print("\(name): \(t.kind) [\(format(t.range.lowerBound, t.kind)) … \(format(t.range.upperBound, t.kind))]")
        }
        section("Bytes per component (non-null cells, Arrow buffer bytes, compressed ≈ share of each message)")
        for name in components.keys.sorted() {
            let c = components[name]!
            print("\(name): \(c.rows) cells, \(formatBytes(c.uncompressed)), ≈\(formatBytes(Int(c.compressedEstimate.rounded())))")
        }
        if !failed.isEmpty { throw ExitCode.failure }
    }

    func format(_ value: Int64, _ kind: TimelineKind) -> String {
        switch kind {
        case .sequence: return "#\(value)"
        case .duration: return String(format: "%.9fs", Double(value) / 1e9)
        case .timestamp:
            let date = Date(timeIntervalSince1970: Double(value) / 1e9)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: date)
        }
    }
}

