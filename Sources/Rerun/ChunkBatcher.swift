import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunRRD
import Synchronization

/// Collects logged rows per entity and shape, and turns them into chunks on flush.
///
/// Rows of one entity with the same timelines and the same components (and types) go into the
/// same chunk, in log order; differently shaped rows make separate chunks (as the official
/// batcher does). Thread-safe; `append` only takes a lock and appends.
final class ChunkBatcher: Sendable {
    struct Row {
        var rowID: RowID
        var times: [(Timeline, Int64)]  // sorted by timeline name
        var batches: [(descriptor: ComponentDescriptor, array: ArrayData)]  // sorted by component identifier
        var byteSize: Int
    }

    struct GroupKey: Hashable {
        let entity: EntityPath
        let timelines: [Timeline]
        let components: [ComponentDescriptor]
        let types: [DataType]
    }

    struct Group {
        var key: GroupKey
        var rowIDs: [RowID] = []
        var times: [[Int64]]
        var cells: [[ArrayData]]
    }

    struct State {
        /// Groups cut off when a size threshold was reached, waiting for the flush loop (so a
        /// threshold cuts chunks exactly where it is reached, however late the loop drains).
        var sealed: [Group] = []
        var groups: [GroupKey: Int] = [:]
        var ordered: [Group] = []
        var pendingBytes = 0
        var pendingRows = 0
    }

    private let state = Mutex(State())
    let config: BatcherConfig

    init(config: BatcherConfig) {
        self.config = config
    }

    /// Adds a row; returns whether a size threshold asks for an immediate flush.
    func append(entity: EntityPath, row: Row) -> Bool {
        let key = GroupKey(entity: entity, timelines: row.times.map(\.0),
                           components: row.batches.map(\.descriptor), types: row.batches.map(\.array.type))
        return state.withLock { s in
            let index: Int
            if let existing = s.groups[key] {
                index = existing
            } else {
                index = s.ordered.count
                s.groups[key] = index
                s.ordered.append(Group(key: key, times: Array(repeating: [], count: key.timelines.count),
                                       cells: Array(repeating: [], count: key.components.count)))
            }
            s.ordered[index].rowIDs.append(row.rowID)
            for (i, time) in row.times.enumerated() { s.ordered[index].times[i].append(time.1) }
            for (i, batch) in row.batches.enumerated() { s.ordered[index].cells[i].append(batch.array) }
            s.pendingBytes += row.byteSize
            s.pendingRows += 1
            guard s.pendingBytes >= config.flushNumBytes || s.pendingRows >= config.flushNumRows else { return false }
            s.sealed += s.ordered
            s.ordered = []
            s.groups = [:]
            s.pendingBytes = 0
            s.pendingRows = 0
            return true
        }
    }

    /// Takes the pending rows out of the batcher, as chunks: only the groups a threshold sealed
    /// when `sealedOnly` (a threshold woke the flush loop), else every pending row (tick, flush).
    func drain(sealedOnly: Bool = false) throws -> [Chunk] {
        let groups = state.withLock { s -> [Group] in
            let taken = s.sealed
            s.sealed = []
            guard !sealedOnly else { return taken }
            let all = taken + s.ordered
            s = State()
            return all
        }
        var chunks: [Chunk] = []
        for group in groups {
            chunks += try makeChunks(group)
        }
        return chunks
    }

    private func makeChunks(_ group: Group) throws -> [Chunk] {
        let timeColumns = try zip(group.key.timelines, group.times).map { timeline, values in
            try TimeColumn(timeline, times: values)
        }
        var components: [ComponentColumn] = []
        for (descriptor, cells) in zip(group.key.components, group.cells) {
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(cells.count + 1)
            var total = 0
            for cell in cells {
                total += cell.length
                guard total <= Int(Int32.max) else {
                    throw RerunError(.invalidArgument, "component '\(descriptor.component)' of \(group.key.entity) exceeds 2^31 instances in one chunk")
                }
                offsets.append(Int32(total))
            }
            let values = cells.count == 1 ? cells[0] : try ArrayData.concatenate(cells)
            let list = try ArrayData.list(values: values, offsets: offsets, validity: nil, field: Field("item", values.type))
            components.append(try ComponentColumn(descriptor: descriptor, data: list))
        }
        let chunk = try Chunk(id: .next(), entityPath: group.key.entity, rowIDs: group.rowIDs,
                              timeColumns: timeColumns, components: components)
        let unsorted = chunk.timeColumns.contains { !$0.isSorted }
        guard unsorted, chunk.rowCount > config.chunkMaxRowsIfUnsorted else { return [chunk] }
        return stride(from: 0, to: chunk.rowCount, by: config.chunkMaxRowsIfUnsorted).map { start in
            chunk.slice(start, min(config.chunkMaxRowsIfUnsorted, chunk.rowCount - start)).withID(.next())
        }
    }
}
