import RerunArrow
import RerunChunk
import RerunModel

/// Identifies one Arrow buffer in memory: its start address and length. Array slices share
/// their parent's `Buffer` values, so every chunk or slice that references a buffer yields the
/// same key and the buffer's bytes are counted once.
struct BufferKey: Hashable, Sendable {
    let address: Int
    let count: Int

    /// Buffers smaller than this are counted per chunk without looking for other chunks that
    /// share them (split pieces are handled by their `BufferGroup`); only buffers at least this
    /// large go through the store's table of shared buffers.
    static let sharedThreshold = 4096

    init(_ buffer: Buffer) {
        address = buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        count = buffer.count
    }
}

/// The buffers of an inserted chunk that was split: its pieces all reference them, so they are
/// counted once while any piece is stored.
final class BufferGroup: Sendable {
    let id: ChunkID
    let keys: [BufferKey]

    init(keys: [BufferKey]) {
        self.id = .next()
        self.keys = keys
    }
}

extension ArrayData {
    /// Appends the keys of every non-empty buffer of this array and its children.
    /// Reads buffers and children in place by index (no copies, no reference counting).
    func collectBufferKeys(into keys: inout [BufferKey]) {
        for i in buffers.indices {
            if let buffer = buffers[i], buffer.count > 0 { keys.append(BufferKey(buffer)) }
        }
        for i in children.indices {
            children[i].collectBufferKeys(into: &keys)
        }
    }

    /// The number of `ArrayData` values in this array (itself and its children, recursively).
    var nodeCount: Int {
        var count = 1
        for i in children.indices { count += children[i].nodeCount }
        return count
    }

    /// The bytes that slots `start ..< start + count` (relative to this array) use: values,
    /// offsets and validity bits, recursively through the children that those slots reference.
    ///
    /// Dense unions count their children whole (their slots cannot be attributed cheaply).
    func logicalByteCount(start: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let first = offset + start
        var total = 0
        if type.hasValidityBitmap, let v = buffers.first ?? nil, v.count > 0 {
            total += (count + 7) / 8
        }
        switch type {
        case .null:
            break
        case .boolean:
            total += (count + 7) / 8
        case .int8, .uint8, .int16, .uint16, .float16, .int32, .uint32, .float32,
             .int64, .uint64, .float64, .timestamp, .duration:
            total += count * (type.primitiveByteWidth ?? 8)
        case .fixedSizeBinary(let width):
            total += count * width
        case .utf8, .binary:
            let range = offsetRange(first: first, count: count)
            total += (count + 1) * 4 + range.count
        case .list:
            let range = offsetRange(first: first, count: count)
            total += (count + 1) * 4
            if let child = children.first, range.lowerBound >= 0, range.upperBound <= child.length {
                total += child.logicalByteCount(start: range.lowerBound, count: range.count)
            }
        case .fixedSizeList(_, let size):
            if let child = children.first {
                let lo = min(first * size, child.length)
                total += child.logicalByteCount(start: lo, count: min(count * size, child.length - lo))
            }
        case .struct:
            for child in children {
                let lo = min(first, child.length)
                total += child.logicalByteCount(start: lo, count: min(count, child.length - lo))
            }
        case .denseUnion:
            total += count * 5
            for child in children {
                total += child.logicalByteCount(start: 0, count: child.length)
            }
        }
        return total
    }

    /// The logical bytes of the whole array (see `logicalByteCount(start:count:)`).
    var logicalByteCount: Int { logicalByteCount(start: 0, count: length) }

    /// The `[start, end)` range referenced through the 32-bit offsets at buffer slots
    /// `first ... first + count` (utf8, binary, list); empty if the buffer is too short.
    func offsetRange(first: Int, count: Int) -> Range<Int> {
        guard buffers.count > 1, let offsets = buffers[1], (first + count + 1) * 4 <= offsets.count else {
            return 0..<0
        }
        let lo = Int(offsets.load(fromByteOffset: first * 4, as: Int32.self))
        let hi = Int(offsets.load(fromByteOffset: (first + count) * 4, as: Int32.self))
        return lo <= hi ? lo..<hi : 0..<0
    }
}

extension Chunk {
    /// The logical bytes of all rows: row ids, times and component cells.
    var logicalByteCount: Int {
        rowCount * (16 + 8 * timeColumns.count)
            + components.reduce(0) { $0 + $1.data.logicalByteCount }
    }

    /// The keys of all buffers the chunk references (row ids, times, components).
    var bufferKeys: [BufferKey] {
        var keys: [BufferKey] = []
        rowIDs.collectBufferKeys(into: &keys)
        for i in timeColumns.indices { timeColumns[i].data.collectBufferKeys(into: &keys) }
        for i in components.indices { components[i].data.collectBufferKeys(into: &keys) }
        return keys
    }

    /// Calls `body` with an estimate of each row's logical bytes, in row order, used to choose
    /// split points: row id and times, plus for each component the row's list length times the
    /// column's mean element size. Allocates nothing per row.
    func forEachEstimatedRowByteCount(_ body: (Int, Int) -> Void) {
        struct Column {
            let offsets: Buffer
            let first: Int
            let perElement: Double
        }
        var columns: [Column] = []
        for column in components {
            let data = column.data
            guard case .list = data.type, let child = data.children.first, data.length > 0,
                  let offsets = data.buffers.count > 1 ? data.buffers[1] : nil,
                  (data.offset + data.length + 1) * 4 <= offsets.count else { continue }
            let referenced = data.offsetRange(first: data.offset, count: data.length)
            let elements = referenced.count
            let childBytes = elements > 0 && referenced.upperBound <= child.length
                ? child.logicalByteCount(start: referenced.lowerBound, count: elements) : 0
            columns.append(Column(offsets: offsets, first: data.offset,
                                  perElement: elements > 0 ? Double(childBytes) / Double(elements) : 0))
        }
        let fixed = 16 + 8 * timeColumns.count
        for row in 0..<rowCount {
            var size = fixed
            for column in columns {
                let lo = column.offsets.load(fromByteOffset: (column.first + row) * 4, as: Int32.self)
                let hi = column.offsets.load(fromByteOffset: (column.first + row + 1) * 4, as: Int32.self)
                size += 4 + Int((Double(max(0, hi - lo)) * column.perElement).rounded(.up))
            }
            body(row, size)
        }
    }
}
