import RerunArrow
import RerunChunk
import RerunModel
import Testing

@Suite struct ChunkTests {
    let frame = Timeline("frame", .sequence)
    let scalars = ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar")

    func list(_ rows: [[Double]?]) throws -> ArrayData {
        var offsets: [Int32] = [0]
        var values: [Double] = []
        var validity: [Bool] = []
        for row in rows {
            values += row ?? []
            validity.append(row != nil)
            offsets.append(Int32(values.count))
        }
        return try ArrayData.list(values: ArrayData.from(values), offsets: offsets, validity: validity, field: Field("item", .float64))
    }

    func chunk(times: [Int64], values: [[Double]?], path: EntityPath = "e") throws -> Chunk {
        try Chunk(id: .next(), entityPath: path, rowIDs: times.map { _ in .next() },
                  timeColumns: [try TimeColumn(frame, times: times)],
                  components: [try ComponentColumn(descriptor: scalars, data: try list(values))])
    }

    func values(_ chunk: Chunk) -> [[Double]?] {
        let column = chunk.components[0].data
        let lists = try! ListArray(column)
        return (0..<column.length).map { row in
            guard column.isValid(row) else { return nil }
            let range = lists.valueRange(at: row)
            let child = try! PrimitiveArray<Double>(lists.values)
            return range.map { child.value(at: $0) }
        }
    }

    @Test func recordBatchRoundTripKeepsEverything() throws {
        let original = try chunk(times: [3, 1, 2], values: [[1], nil, []])
        let batch = original.recordBatch()
        #expect(batch.schema.fields.map(\.name) == ["rerun.controls.RowId", "frame", "Scalars:scalars"])
        #expect(batch.schema.metadata["rerun:entity_path"] == "/e")
        #expect(batch.schema.metadata["rerun:id"] == "chunk_" + original.id.hexString)
        #expect(batch.schema.metadata["sorbet:version"] == "0.1.4")
        #expect(batch.schema.fields[1].metadata["rerun:is_sorted"] == "false")
        #expect(batch.schema.fields[0].metadata["rerun:is_sorted"] == "true")
        #expect(batch.schema.fields[2].metadata["rerun:component_type"] == "rerun.components.Scalar")
        let back = try Chunk(recordBatch: batch)
        #expect(back.id == original.id)
        #expect(back.entityPath == original.entityPath)
        #expect(back.timeColumns[0].times == [3, 1, 2])
        #expect(back.components[0].descriptor == scalars)
        #expect(values(back) == [[1], nil, []])
    }

    @Test func sortingByTimelineReordersEveryColumn() throws {
        let unsorted = try chunk(times: [3, 1, 2, 1], values: [[3], [1], [2], [1.5]])
        #expect(!unsorted.timeColumns[0].isSorted)
        let sorted = try unsorted.sorted(by: "frame")
        #expect(sorted.timeColumns[0].times == [1, 1, 2, 3])
        #expect(sorted.timeColumns[0].isSorted)
        #expect(values(sorted) == [[1], [1.5], [2], [3]], "ties keep row-id order")
        #expect(sorted.isSortedByRowID == false)
        #expect(throws: ChunkError.self) { try unsorted.sorted(by: "nope") }
        let byRowID = try sorted.sorted()
        #expect(byRowID.timeColumns[0].times == [3, 1, 2, 1])
    }

    @Test func concatenationAndSlicing() throws {
        let a = try chunk(times: [1, 2], values: [[1], nil])
        let b = try chunk(times: [3], values: [[3, 4]])
        let joined = try Chunk.concatenate([a, b])
        #expect(joined.rowCount == 3)
        #expect(joined.timeColumns[0].times == [1, 2, 3])
        #expect(values(joined) == [[1], nil, [3, 4]])
        #expect(joined.rowID(at: 2) == b.rowID(at: 0))
        let slice = joined.slice(1, 2)
        #expect(values(slice) == [nil, [3, 4]])
        #expect(slice.timeColumns[0].range == 2...3)
        let other = try chunk(times: [1], values: [[1]], path: "other")
        #expect(throws: ChunkError.self) { try Chunk.concatenate([a, other]) }
        #expect(throws: ChunkError.self) { try Chunk.concatenate([]) }
    }

    @Test func invalidChunksAreRejectedWithTheColumnNamed() throws {
        let good = try chunk(times: [1, 2], values: [[1], [2]])
        do {
            _ = try Chunk(id: .next(), entityPath: "e", rowIDs: [.next()], timeColumns: good.timeColumns, components: good.components)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("timeline 'frame' has 2 values for 1 rows"))
        }
        #expect(throws: ChunkError.self) { try TimeColumn(frame, times: [.min]) }
        #expect(throws: ChunkError.self) { try ComponentColumn(descriptor: scalars, data: ArrayData.from([1.0])) }
    }

    @Test func malformedRecordBatchesAreRejected() throws {
        let batch = try chunk(times: [1], values: [[1]]).recordBatch()
        func edited(metadata: [String: String]? = nil, fields: [Field]? = nil, columns: [ArrayData]? = nil) throws -> RecordBatch {
            try RecordBatch(schema: Schema(fields ?? batch.schema.fields, metadata: metadata ?? batch.schema.metadata),
                            columns: columns ?? batch.columns)
        }
        var noPath = batch.schema.metadata
        noPath["rerun:entity_path"] = nil
        #expect(throws: ChunkError.self) { try Chunk(recordBatch: try edited(metadata: noPath)) }
        var badID = batch.schema.metadata
        badID["rerun:id"] = "chunk_xyz"
        #expect(throws: ChunkError.self) { try Chunk(recordBatch: try edited(metadata: badID)) }
        // Data column before the index column.
        let swapped = try edited(fields: [batch.schema.fields[0], batch.schema.fields[2], batch.schema.fields[1]],
                                 columns: [batch.columns[0], batch.columns[2], batch.columns[1]])
        do {
            _ = try Chunk(recordBatch: swapped)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("invalid column order"))
        }
        // Timestamp in microseconds is not a valid time type.
        var micro = batch.schema.fields
        micro[1] = Field("frame", .timestamp(.microsecond, timeZone: nil), metadata: micro[1].metadata)
        let microColumn = ArrayData(type: micro[1].type, length: 1, nullCount: 0, buffers: batch.columns[1].buffers)
        do {
            _ = try Chunk(recordBatch: try edited(fields: micro, columns: [batch.columns[0], microColumn, batch.columns[2]]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("unsupported time type"))
        }
        // Timestamp(ns, "UTC") is accepted and normalized.
        var utc = batch.schema.fields
        utc[1] = Field("frame", .timestamp(.nanosecond, timeZone: "UTC"), metadata: utc[1].metadata)
        let utcColumn = ArrayData(type: utc[1].type, length: 1, nullCount: 0, buffers: batch.columns[1].buffers)
        let normalized = try Chunk(recordBatch: try edited(fields: utc, columns: [batch.columns[0], utcColumn, batch.columns[2]]))
        #expect(normalized.timeColumns[0].timeline.kind == .timestamp)
        #expect(normalized.timeColumns[0].data.type == .timestampNanoseconds)
    }
}
