import RerunArrow
public import RerunModel

extension Chunk {
    /// The rows reordered by `indices` (each in `0..<rowCount`; repeats allowed), under the same id.
    public func take(_ indices: [Int]) throws(ChunkError) -> Chunk {
        do {
            return Chunk(
                unchecked: id, entityPath: entityPath, rowIDs: try rowIDs.take(indices),
                timeColumns: try timeColumns.map { c throws(ArrowError) in
                    TimeColumn(unchecked: c.timeline, data: try c.data.take(indices))
                },
                components: try components.map { c throws(ArrowError) in
                    ComponentColumn(descriptor: c.descriptor, uncheckedData: try c.data.take(indices))
                },
                extraMetadata: extraMetadata)
        } catch {
            throw ChunkError("cannot reorder chunk \(id.hexString) (\(entityPath)): \(error)")
        }
    }

    /// The rows sorted by time on `timeline` (ties by row id), or by row id when `timeline` is
    /// `nil`. Returns `self` when already sorted. Throws if the chunk lacks the timeline.
    public func sorted(by timeline: String? = nil) throws(ChunkError) -> Chunk {
        let order: [Int]
        if let timeline {
            guard let column = timeColumn(named: timeline) else {
                throw ChunkError("chunk \(id.hexString) (\(entityPath)) has no timeline '\(timeline)'")
            }
            let keys = (0..<rowCount).map { (column.time(at: $0), rowID(at: $0)) }
            order = (0..<rowCount).sorted { keys[$0] < keys[$1] }
        } else {
            if isSortedByRowID { return self }
            let ids = (0..<rowCount).map(rowID(at:))
            order = (0..<rowCount).sorted { ids[$0] < ids[$1] }
        }
        if order.elementsEqual(0..<rowCount) { return self }
        return try take(order)
    }

    /// Whether `other` can be concatenated after this chunk: same entity, same timelines (name
    /// and kind) and same component columns with the same types.
    public func isConcatenable(with other: Chunk) -> Bool {
        entityPath == other.entityPath
            && timeColumns.map(\.timeline) == other.timeColumns.map(\.timeline)
            && components.map(\.descriptor) == other.components.map(\.descriptor)
            && zip(components, other.components).allSatisfy { $0.data.type == $1.data.type }
    }

    /// The rows of `chunks`, in order, as one chunk with id `id` (a new id by default).
    /// All chunks must be concatenable (see `isConcatenable(with:)`).
    public static func concatenate(_ chunks: [Chunk], id: ChunkID = .next()) throws(ChunkError) -> Chunk {
        guard let first = chunks.first else { throw ChunkError("cannot concatenate zero chunks") }
        for (i, chunk) in chunks.enumerated().dropFirst() where !first.isConcatenable(with: chunk) {
            throw ChunkError("chunk \(i) (\(chunk.entityPath), \(chunk.id.hexString)) has a different entity, timelines or components than chunk 0 (\(first.entityPath), \(first.id.hexString))")
        }
        if chunks.count == 1 { return first.withID(id) }
        do {
            let rowIDs = try ArrayData.concatenate(chunks.map(\.rowIDs))
            let times = try first.timeColumns.indices.map { i throws(ArrowError) in
                TimeColumn(unchecked: first.timeColumns[i].timeline,
                           data: try ArrayData.concatenate(chunks.map { $0.timeColumns[i].data }))
            }
            let components = try first.components.indices.map { i throws(ArrowError) in
                ComponentColumn(descriptor: first.components[i].descriptor,
                                uncheckedData: try ArrayData.concatenate(chunks.map { $0.components[i].data }))
            }
            return Chunk(unchecked: id, entityPath: first.entityPath, rowIDs: rowIDs, timeColumns: times,
                         components: components, extraMetadata: first.extraMetadata)
        } catch {
            throw ChunkError("cannot concatenate chunks of \(first.entityPath): \(error)")
        }
    }
}
