import RerunArrow
import RerunChunk
import RerunModel

/// Collects rows of one segment and turns them into a record batch.
struct BatchBuilder {
    let schema: Schema
    /// The output position of each tracked timeline (by slot), or `-1` when not output.
    let timelineOutput: [Int]
    let timelines: [Timeline]
    /// The slot of the index timeline, if any.
    let indexSlot: Int?
    /// The output position of the segment id column, if output.
    let segmentOutput: Int?
    /// The output position and element type of each component column.
    let componentOutput: [(position: Int, type: DataType)]

    private(set) var rowCount = 0
    private var segments: [String] = []
    private var times: [[Int64?]]
    private var cells: [[CellSlot]]

    init(schema: Schema, timelines: [Timeline], timelineOutput: [Int], indexSlot: Int?, segmentOutput: Int?,
         componentOutput: [(position: Int, type: DataType)]) {
        self.schema = schema
        self.timelines = timelines
        self.timelineOutput = timelineOutput
        self.indexSlot = indexSlot
        self.segmentOutput = segmentOutput
        self.componentOutput = componentOutput
        times = Array(repeating: [], count: timelines.count)
        cells = Array(repeating: [], count: componentOutput.count)
    }

    var timelineCount: Int { timelines.count }

    /// Appends one row: its time per timeline slot, and for each output component column the
    /// cell `viewCells[sources[i]]` (null where `sources[i] < 0`).
    mutating func appendRow(segment: String, times rowTimes: [Int64?], cells viewCells: [CellSlot], sources: [Int]) {
        segments.append(segment)
        for slot in rowTimes.indices { times[slot].append(rowTimes[slot]) }
        for i in sources.indices { cells[i].append(sources[i] >= 0 ? viewCells[sources[i]] : .null) }
        rowCount += 1
    }

    /// The rows so far as a record batch (cells read from `chunks`); resets the builder.
    mutating func finish(chunks: [Chunk]) throws(DataframeError) -> RecordBatch {
        var columns = [ArrayData?](repeating: nil, count: schema.fields.count)
        if let segmentOutput {
            columns[segmentOutput] = ArrayData.from(segments)
        }
        for (slot, position) in timelineOutput.enumerated() where position >= 0 {
            let type = ChunkSchema.arrowType(of: timelines[slot].kind)
            columns[position] = ArrayData.from(times[slot], type: type)
        }
        for (i, output) in componentOutput.enumerated() {
            columns[output.position] = try ListGather.gather(cells[i], chunks: chunks, elementType: output.type,
                                                             listType: schema.fields[output.position].type)
        }
        let batch: RecordBatch
        do {
            batch = try RecordBatch(schema: schema, columns: columns.map { $0! }, rowCount: rowCount)
        } catch {
            throw DataframeError(.invalidData, "cannot assemble a result batch: \(error)")
        }
        rowCount = 0
        segments.removeAll(keepingCapacity: true)
        for i in times.indices { times[i].removeAll(keepingCapacity: true) }
        for i in cells.indices { cells[i].removeAll(keepingCapacity: true) }
        return batch
    }
}

/// Builds a `List` column from cells of chunk columns: one copy of the referenced values.
enum ListGather {
    static func gather(_ slots: [CellSlot], chunks: [Chunk], elementType: DataType, listType: DataType) throws(DataframeError) -> ArrayData {
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(slots.count + 1)
        var validity = [UInt8](repeating: 0, count: (slots.count + 7) / 8)
        var nulls = 0
        var pieces: [ArrayData] = []
        // The run of child values being extended: source child array identity and range.
        var runSource: (chunk: Int32, column: Int32)?
        var runStart = 0
        var runEnd = 0
        var total = 0

        func flush() {
            guard let source = runSource, runEnd > runStart else { return }
            let child = chunks[Int(source.chunk)].components[Int(source.column)].data.children[0]
            pieces.append(child.slice(runStart, runEnd - runStart))
        }

        for (i, slot) in slots.enumerated() {
            switch slot.chunk {
            case -1:
                nulls += 1
            case -2:
                validity[i >> 3] |= 1 << UInt8(i & 7)
            default:
                validity[i >> 3] |= 1 << UInt8(i & 7)
                let data = chunks[Int(slot.chunk)].components[Int(slot.column)].data
                let range = ListCells.valueRange(data, row: Int(slot.row))
                if let source = runSource, source.chunk == slot.chunk, source.column == slot.column, runEnd == range.lowerBound {
                    runEnd = range.upperBound
                } else {
                    flush()
                    runSource = (slot.chunk, slot.column)
                    runStart = range.lowerBound
                    runEnd = range.upperBound
                }
                total += range.count
            }
            guard total <= Int(Int32.max) else {
                throw DataframeError(.invalidData, "a result batch column exceeds 2^31 values; use a smaller batch size")
            }
            offsets.append(Int32(total))
        }
        flush()
        for piece in pieces where piece.type != elementType {
            throw DataframeError(.invalidData, "a cell of type \(piece.type) in a column of type \(elementType)")
        }
        let child: ArrayData
        do {
            child = pieces.isEmpty ? ArrayData.nulls(of: elementType, length: 0) : try ArrayData.concatenate(pieces)
        } catch {
            throw DataframeError(.invalidData, "cannot gather cells: \(error)")
        }
        return ArrayData(
            type: listType, length: slots.count, nullCount: nulls,
            buffers: [nulls == 0 ? nil : Buffer(copying: validity), Buffer(copyingValuesOf: offsets)],
            children: [child])
    }
}
