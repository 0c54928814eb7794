import RerunArrow
import RerunChunk

/// A chunk whose Arrow buffers the store owns exclusively, packed into few allocations.
struct PackedChunk {
    /// The copy.
    let chunk: Chunk
    /// The bytes of its allocations (what freeing it gives back to the allocator, buffers only).
    let allocatedBytes: Int
}

extension Chunk {
    /// Alignment of each buffer inside a packed allocation: enough for every Arrow element type
    /// the store reads (at most 8-byte values).
    static let packAlignment = 8

    /// A copy of this chunk whose row ids and component arrays (every buffer, recursively) live
    /// in one allocation, and each time column in one more (`TimeColumn` offers no way to wrap
    /// a buffer slice).
    ///
    /// A decoded chunk's buffers are views of its whole decompressed IPC message (schema,
    /// metadata, padding): for a one-row chunk that message is 30–60 times its data, and every
    /// array built by a kernel is a separate 64-byte padded allocation. Packing drops both.
    ///
    /// Returns `nil` (copying nothing) when the buffers of the row ids and components view more
    /// than `maxBytes` bytes: large chunks are stored as they are.
    func packed(maxBytes: Int) throws(ChunkError) -> PackedChunk? {
        var total = 0
        func measure(_ data: ArrayData) {
            for case let buffer? in data.buffers where buffer.count > 0 {
                total += Chunk.alignedSize(buffer.count)
            }
            for child in data.children { measure(child) }
        }
        measure(rowIDs)
        for column in components { measure(column.data) }
        guard total <= maxBytes else { return nil }
        let storage = Buffer(initializingCount: total) { raw in
            var position = 0
            func copy(_ data: ArrayData) {
                for case let buffer? in data.buffers where buffer.count > 0 {
                    buffer.withUnsafeBytes { source in
                        // Safety: `position + buffer.count <= total`, the sizes were summed above
                        // in this same order.
                        UnsafeMutableRawBufferPointer(rebasing: raw[position..<(position + buffer.count)])
                            .copyMemory(from: source)
                    }
                    position += Chunk.alignedSize(buffer.count)
                }
                for child in data.children { copy(child) }
            }
            copy(rowIDs)
            for column in components { copy(column.data) }
        }
        var position = 0
        func rebuild(_ data: ArrayData) -> ArrayData {
            let buffers: [Buffer?] = data.buffers.map { buffer in
                guard let buffer else { return nil }
                guard buffer.count > 0 else { return Buffer.empty }
                defer { position += Chunk.alignedSize(buffer.count) }
                return storage.slice(offset: position, count: buffer.count)
            }
            return ArrayData(type: data.type, length: data.length, offset: data.offset, nullCount: data.nullCount,
                             buffers: buffers, children: data.children.map(rebuild))
        }
        let packedRowIDs = rebuild(rowIDs)
        var packedComponents: [ComponentColumn] = []
        packedComponents.reserveCapacity(components.count)
        for column in components {
            packedComponents.append(try ComponentColumn(descriptor: column.descriptor, data: rebuild(column.data)))
        }
        var allocated = Buffer.paddedLength(max(total, 1))
        var packedTimes: [TimeColumn] = []
        packedTimes.reserveCapacity(timeColumns.count)
        for column in timeColumns {
            packedTimes.append(try TimeColumn(column.timeline, times: column.times))
            allocated += Buffer.paddedLength(max(column.count * 8, 1))
        }
        let chunk = try Chunk(id: id, entityPath: entityPath, rowIDData: packedRowIDs, timeColumns: packedTimes,
                              components: packedComponents, extraMetadata: extraMetadata)
        return PackedChunk(chunk: chunk, allocatedBytes: allocated)
    }

    /// `count` rounded up to `packAlignment`.
    static func alignedSize(_ count: Int) -> Int {
        (count + packAlignment - 1) & ~(packAlignment - 1)
    }
}

