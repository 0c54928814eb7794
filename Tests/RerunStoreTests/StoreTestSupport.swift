import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD
import RerunStore
import RerunTestSupport

/// The official fixture files (`Tests/Fixtures/rrd`).
enum Fixtures {
    static let directory = Oracle.repositoryRoot.appendingPathComponent("Tests/Fixtures/rrd")

    static var all: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".rrd") || $0.hasSuffix(".rbl") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    /// Every chunk of a file, per store, in file order.
    static func chunks(_ url: URL) throws -> [(StoreID, Chunk)] {
        var result: [(StoreID, Chunk)] = []
        try RRDReader.read(.file(url.path)) { event in
            if case .message(.arrow(let message), _, _, _) = event {
                result.append((message.storeID, message.chunk))
            }
        }
        return result
    }
}

let frame = Timeline("frame", .sequence)
let logTime = Timeline("log_time", .timestamp)

func scalarDescriptor(_ name: String = "Scalars:scalars") -> ComponentDescriptor {
    ComponentDescriptor(component: name, archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar")
}

/// A list<float64> column with one value per row (nil = null cell).
func scalarColumn(_ values: [Double?], name: String = "Scalars:scalars") -> ComponentColumn {
    var offsets: [Int32] = [0]
    var flat: [Double] = []
    for v in values {
        if let v { flat.append(v) }
        offsets.append(Int32(flat.count))
    }
    let data = try! ArrayData.list(values: ArrayData.from(flat), offsets: offsets, validity: values.map { $0 != nil })
    return try! ComponentColumn(descriptor: scalarDescriptor(name), data: data)
}

/// A list<uint8> column with `bytesPerRow` bytes per row (a stand-in for images and blobs).
func blobColumn(rows: Int, bytesPerRow: Int) -> ComponentColumn {
    let offsets = (0...rows).map { Int32($0 * bytesPerRow) }
    let bytes = [UInt8](repeating: 7, count: rows * bytesPerRow)
    let data = try! ArrayData.list(values: ArrayData.from(bytes), offsets: offsets)
    return try! ComponentColumn(descriptor: ComponentDescriptor(component: "Blob:data"), data: data)
}

/// Sequential row ids starting after `start`.
func rowIDs(_ count: Int, start: UInt64) -> [RowID] {
    (0..<count).map { RowID(timeNanos: 1_000 + start + UInt64($0), increment: start + UInt64($0)) }
}

func scalarChunk(
    _ entity: EntityPath, times: [Int64], values: [Double?]? = nil, ids: [RowID]? = nil,
    timeline: Timeline = frame
) -> Chunk {
    let ids = ids ?? times.map { _ in RowID.next() }
    return try! Chunk(id: .next(), entityPath: entity, rowIDs: ids,
                      timeColumns: timeline.name.isEmpty ? [] : [try! TimeColumn(timeline, times: times)],
                      components: [scalarColumn(values ?? times.map(Double.init))])
}

/// The ids of the chunks a store holds according to its events, applied in order.
struct EventLedger {
    var ids = Set<ChunkID>()

    mutating func apply(_ events: [StoreEvent]) {
        for event in events {
            if event.isAddition {
                precondition(ids.insert(event.chunk.id).inserted, "chunk added twice")
            } else {
                precondition(ids.remove(event.chunk.id) != nil, "removed a chunk that was not there")
            }
        }
    }
}
