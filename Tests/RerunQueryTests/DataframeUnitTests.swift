import Foundation
import RerunArrow
import RerunChunk
import RerunModel
@testable import RerunQuery
import RerunStore
import Testing

@Suite("Dataframe: expressions, errors and building blocks")
struct DataframeUnitTests {
    // MARK: Entity path expressions

    @Test("entity path expressions select as Rerun's filters do")
    func filters() throws {
        func matches(_ expressions: [String], _ paths: [String]) throws -> [String] {
            let filter = try EntityPathFilter(parsing: expressions)
            return paths.filter { filter.matches(EntityPath(parsingForgiving: $0)) }
        }
        let paths = ["/", "/a", "/a/b", "/a/b/c", "/a-c", "/x", "/__properties", "/__properties/foo"]
        #expect(try matches(["/**"], paths) == ["/", "/a", "/a/b", "/a/b/c", "/a-c", "/x"])
        #expect(try matches(["/a/**", "-/a/b"], paths) == ["/a", "/a/b/c"])
        #expect(try matches(["-/a/b", "/a/**"], paths) == ["/a", "/a/b/c"])     // order does not matter
        #expect(try matches(["/a/**", "-/a/**", "/a/b"], paths) == ["/a/b"])    // the later of identical rules wins
        #expect(try matches(["/a/**", "-/a"], paths) == ["/a/b", "/a/b/c"])     // exact beats subtree
        #expect(try matches(["/**", "-/a/b", "/a/b"], paths).contains("/a/b"))
        #expect(try !matches(["/**", "/a/b", "-/a/b"], paths).contains("/a/b"))
        #expect(try matches(["+ /a/** - /a/b/**"], paths) == ["/a", "/a-c"].filter { $0 == "/a" })
        #expect(try matches(["a/b/"], paths) == ["/a/b"])                       // leading slash optional
        #expect(try matches(["/**", "/__properties/**"], paths) == paths)       // properties only when named
        #expect(try matches([], paths).isEmpty)
        #expect(try matches(["/a\\-c"], paths) == ["/a-c"])
    }

    @Test("malformed expressions are rejected with the expression in the message", arguments: [
        "/a/**/b", "/a*", "-", "+ -", "/a//b", "/a/\\q", "**/a",
    ])
    func malformedExpressions(expression: String) {
        #expect {
            try EntityPathFilter(parsing: [expression])
        } throws: { error in
            guard let error = error as? DataframeError else { return false }
            return error.kind == .invalidPathExpression && (expression.isEmpty || error.message.contains(expression) || error.message.contains("empty") || error.message.contains("sign"))
        }
    }

    // MARK: Bad queries

    static func dataset() throws -> DataframeDataset {
        let data = try ArrayData.list(values: ArrayData.from([1.0, 2.0, 3.0]), offsets: [0, 1, 2, 3])
        let column = try ComponentColumn(descriptor: ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars", componentType: "rerun.components.Scalar"), data: data)
        let chunk = try Chunk(id: .next(), entityPath: "/a", rowIDs: (1...3).map { RowID(timeNanos: UInt64($0), increment: UInt64($0)) },
                              timeColumns: [TimeColumn(Timeline("frame", .sequence), times: [3, 1, 2])], components: [column])
        return try DataframeDataset(segmentID: "rec", chunks: [chunk])
    }

    @Test("bad queries fail with a clear error")
    func badQueries() throws {
        let dataset = try DataframeUnitTests.dataset()
        func kind(_ query: DataframeQuery) -> DataframeError.Kind? {
            do { _ = try dataset.reader(query); return nil } catch { return error.kind }
        }
        #expect(kind(DataframeQuery(index: "nope")) == .unknownTimeline)
        #expect(kind(DataframeQuery(index: "frame", selection: ["/a:Nope"])) == .unknownColumn)
        #expect(kind(DataframeQuery(index: "frame", selection: ["frame", "frame"])) == .unknownColumn)
        #expect(kind(DataframeQuery(index: "frame", usingIndexValues: [1, 2, 1])) == .invalidIndexValues)
        #expect(kind(DataframeQuery(index: nil, usingIndexValues: [1])) == .invalidIndexValues)
        #expect(throws: DataframeError.self) { try DataframeQuery.range(from: 5, to: 2) }
        do {
            _ = try DataframeQuery.range(from: 5, to: 2)
        } catch {
            #expect(error.kind == .invertedRange)
            #expect(error.message.contains("5") && error.message.contains("2"))
        }
        #expect(try DataframeQuery.range(from: nil, to: 3) == (Int64.min + 1)...3)
        do {
            _ = try dataset.reader(DataframeQuery(index: "nope"))
        } catch {
            #expect(error.message.contains("nope") && error.message.contains("frame"))
        }
    }

    @Test("rows merge per index value and come out sorted, in bounded batches")
    func rowsAndBatches() throws {
        var reader = try DataframeUnitTests.dataset().reader(DataframeQuery(index: "frame", batchSize: 2))
        var sizes: [Int] = []
        var frames: [Int64?] = []
        while let batch = try reader.next() {
            sizes.append(batch.rowCount)
            let frame = batch.column(named: "frame")!
            for row in 0..<frame.length { frames.append(frame.isValid(row) ? frame.buffers[1]!.load(fromByteOffset: (frame.offset + row) * 8, as: Int64.self) : nil) }
        }
        #expect(sizes == [2, 1])
        #expect(frames == [1, 2, 3])
        #expect(reader.schema.fields.map(\.name) == ["rerun_segment_id", "frame", "/a:Scalars:scalars"])
    }

    // MARK: Orders

    @Test("entity path parts use Rerun's natural order")
    func naturalOrder() {
        for list in [["10", "a", "aa", "b", "c"], ["a", "a0", "a1", "a1a", "a1b", "a2", "a10", "a20"],
                     ["1.001", "1.002", "1.010", "1.02", "1.1", "1.3"], ["a 2", "a2"], ["a", "B", "b", "c"],
                     ["e9", "e10", "e11"], ["A", "a", "a b", "a-b", "a_b"]] {
            for (i, x) in list.enumerated() {
                for (j, y) in list.enumerated() {
                    #expect(NaturalOrder.compare(x, y) == (i < j ? -1 : i > j ? 1 : 0), "\(x) vs \(y)")
                }
            }
        }
    }

    @Test("the Rust stable sort emulation sorts like a stable sort for consistent comparators", arguments: 0..<30)
    func rustSort(seed: Int) {
        var random = DataframeRandom(seed: UInt64(seed))
        for length in [0, 1, 2, 5, 19, 20, 21, 33, 64, 65, 100, 300, 1000, 5000] {
            let keys = (0..<length).map { _ in random.int(0...(seed % 3 == 0 ? 3 : 1000)) }
            var items = Array(zip(keys, 0..<length))
            #expect(RustStableSort.sort(&items) { $0.0 < $1.0 })
            let expected = zip(keys, 0..<length).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            #expect(items.map(\.1) == expected.map(\.1), "length \(length)")
        }
    }

    @Test("index columns: reversed for small schemas, Rust's permutation for wide ones")
    func indexOrder() {
        let names = ["Alpha", "a", "a_b", "b", "beta", "c", "d", "e", "f", "g", "log_time", "zeta"]
        let fields = names.map(DatasetField.index) + (0..<5).map { DatasetField.component(ColumnKey(entity: EntityPath(parsingForgiving: "/e\($0)"), component: "c")) }
        let order = DataframeDataset.resultOrder(fields).compactMap { if case .index(let n) = $0 { n } else { nil } }
        #expect(order == names.reversed())
        // Observed with rerun-sdk 0.41 for 12 timelines and 45 other columns.
        let wide = names.map(DatasetField.index) + (0..<45).map { DatasetField.component(ColumnKey(entity: EntityPath(parsingForgiving: "/e\($0)"), component: "c")) }
        let wideOrder = DataframeDataset.resultOrder(wide).compactMap { if case .index(let n) = $0 { n } else { nil } }
        #expect(wideOrder == ["zeta", "log_time", "g", "f", "e", "d", "c", "beta", "b", "a", "a_b", "Alpha"])
    }

    // MARK: Output

    @Test("text output: CSV, JSON lines and table")
    func textOutput() throws {
        var reader = try DataframeUnitTests.dataset().reader(DataframeQuery(index: "frame", usingIndexValues: [2, 5]))
        let batch = try reader.readAll()
        var csv = DataframeTextWriter(format: .csv, schema: reader.schema)
        #expect(csv.write(batch) + csv.finish() == "rerun_segment_id,frame,/a:Scalars:scalars\nrec,2,[3.0]\nrec,5,\n")
        var jsonl = DataframeTextWriter(format: .jsonl, schema: reader.schema)
        #expect(jsonl.write(batch) == #"{"rerun_segment_id":"rec","frame":2,"/a:Scalars:scalars":[3.0]}"# + "\n"
                + #"{"rerun_segment_id":"rec","frame":5,"/a:Scalars:scalars":null}"# + "\n")
        var table = DataframeTextWriter(format: .table, schema: reader.schema)
        let text = table.write(batch)
        #expect(text.split(separator: "\n").count == 4)
        #expect(text.hasPrefix("rerun_segment_id | frame | /a:Scalars:scalars"))
        // Empty results still have a header.
        var empty = DataframeTextWriter(format: .csv, schema: reader.schema)
        #expect(empty.finish() == "rerun_segment_id,frame,/a:Scalars:scalars\n")
        #expect(DataframeTextWriter.rfc3339(nanoseconds: 0) == "1970-01-01T00:00:00.000000000Z")
        #expect(DataframeTextWriter.rfc3339(nanoseconds: 1_700_000_000_123_456_789) == "2023-11-14T22:13:20.123456789Z")
        #expect(DataframeTextWriter.rfc3339(nanoseconds: -1) == "1969-12-31T23:59:59.999999999Z")
    }

    // MARK: Store adapter

    @Test("a ChunkStore answers full scans like the file's chunks")
    func storeAdapter() throws {
        let file = DataframeTestSupport.fixtures.appendingPathComponent("annotations_clear.rrd").path
        let segments = try DataframeTestSupport.segments([file])
        var store = ChunkStore(storeID: StoreID(kind: .recording, recordingID: segments[0].id, applicationID: "app"))
        for chunk in segments[0].chunks { _ = try store.insert(chunk) }
        for query in [DataframeQuery(index: "frame"), DataframeQuery(index: "log_time", fillLatestAt: true, includeTombstoneColumns: true), DataframeQuery(index: nil)] {
            var fromFile = try DataframeDataset(segments: segments).reader(query)
            var fromStore = try DataframeDataset(stores: [store]).reader(query)
            let a = try fromFile.readAll(), b = try fromStore.readAll()
            #expect(fromFile.schema == fromStore.schema)
            #expect(a.rowCount == b.rowCount)
            for (x, y) in zip(a.columns, b.columns) { #expect(x.isLogicallyEqual(to: y)) }
        }
    }
}
