import Foundation
import RerunArrow
import RerunArrowIPC

/// Arrow IPC stream read (zero-copy) and write throughput for a 200 MB point-cloud-like batch,
/// paired with `Benchmarks/python/ipc_bench.py` (pyarrow).
///
/// Data (the same shape and values on both sides): one column
/// `positions: list<item: fixed_size_list<item: float32 not null>[3]>`, 1000 rows of 16,667 points
/// (50,001,000 float32 values, 200 MB); value k is Float(k % 1024). Throughput is IPC stream
/// bytes / median seconds of 7 samples after a warm-up.
///
/// - `read … (zero-copy)`: `ArrowIPC.decodeStream` of a `Buffer` holding the stream (validation
///   included); each sample averages 50 reads. Checks the float buffer is a view of the input.
/// - `write …`: `ArrowIPC.encodeStream(…, into:)` with pyarrow's layout (so both sides write the
///   same bytes), reusing the previous output's memory, the
///   analogue of pyarrow's allocator recycling its previous `BufferOutputStream` buffer.
/// - `write … (arrow-rs layout)` (ours only): 64-byte alignment and all-valid bitmaps, as Rerun writes.
/// - `write … (fresh buffer)` (ours only): a new output array each time, so every sample pays
///   the kernel's first-touch page faults on 200 MB (the writer advises transparent huge pages
///   for large outputs, which cuts that cost several times).
///
/// The source values live in a plain `Buffer` (4 KiB pages); pyarrow's come from numpy, which
/// advises huge pages for large arrays, making its copies a little cheaper.
enum IPCBenchmark {
    static let rows = 1000
    static let pointsPerRow = 16_667
    static let readRepeats = 50

    static func pointCloud() -> RecordBatch {
        let count = 3 * rows * pointsPerRow
        let values = Buffer(initializingCount: 4 * count) { raw in
            let floats = raw.bindMemory(to: Float.self)
            for k in 0..<count { floats[k] = Float(k % 1024) }
        }
        let item = Field("item", .float32, nullable: false)
        let xyzType = DataType.fixedSizeList(item, size: 3)
        let xyz = ArrayData(
            type: xyzType, length: rows * pointsPerRow, nullCount: 0, buffers: [nil],
            children: [ArrayData(type: .float32, length: count, nullCount: 0, buffers: [nil, values])])
        let offsets = Buffer(copyingValuesOf: (0...rows).map { Int32($0 * pointsPerRow) })
        let listType = DataType.list(Field("item", xyzType))
        let positions = ArrayData(type: listType, length: rows, nullCount: 0, buffers: [nil, offsets], children: [xyz])
        // Safety of `try!`: the column matches the schema by construction.
        return try! RecordBatch(schema: Schema([Field("positions", listType)]), columns: [positions])
    }

    static func run() {
        let batch = pointCloud()
        // pyarrow's layout (8-byte alignment, no all-valid bitmaps), so both sides write the same bytes.
        let options = ArrowIPCWriteOptions.pyarrow
        var output: [UInt8] = []
        do {
            try ArrowIPC.encodeStream(schema: batch.schema, batches: [batch], options: options, into: &output)
        } catch {
            fatalError("IPC benchmark: encoding failed: \(error)")
        }
        let size = output.count
        let input = Buffer(copying: output)
        FileHandle.standardError.write(Data("ipc bench: stream \(size) bytes\n".utf8))

        // Read (zero-copy).
        let decoded: (schema: Schema, batches: [RecordBatch])
        do {
            decoded = try ArrowIPC.decodeStream(input)
        } catch {
            fatalError("IPC benchmark: decoding failed: \(error)")
        }
        let floats = decoded.batches[0].columns[0].children[0].children[0].buffers[1]!
        let inputStart = input.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        let floatsStart = floats.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        precondition(floatsStart >= inputStart && floatsStart < inputStart + size, "IPC benchmark: the read copied the values")
        precondition(decoded.batches[0].columns[0].isLogicallyEqual(to: batch.columns[0]), "IPC benchmark: round trip differs")
        let readSeconds = medianSeconds {
            for _ in 0..<readRepeats { blackHole(try? ArrowIPC.decodeStream(input)) }
        } / Double(readRepeats)
        report(area: "ipc", case: "read point cloud 200MB (zero-copy)", value: Double(size) / readSeconds / 1e9, unit: "GB/s")

        // Write into the reused output array.
        let writeSeconds = medianSeconds {
            try? ArrowIPC.encodeStream(schema: batch.schema, batches: [batch], options: options, into: &output)
            blackHole(output.count)
        }
        precondition(output.count == size)
        report(area: "ipc", case: "write point cloud 200MB", value: Double(size) / writeSeconds / 1e9, unit: "GB/s")

        // arrow-rs layout (64-byte alignment, all-valid bitmaps: 8 MB more here), reused output.
        var rsOutput: [UInt8] = []
        let rsSeconds = medianSeconds {
            try? ArrowIPC.encodeStream(schema: batch.schema, batches: [batch], options: .arrowRS, into: &rsOutput)
            blackHole(rsOutput.count)
        }
        report(area: "ipc", case: "write point cloud 200MB (arrow-rs layout)", value: Double(rsOutput.count) / rsSeconds / 1e9, unit: "GB/s")

        // Write into a fresh array each time (first-touch page faults included).
        let freshSeconds = medianSeconds {
            blackHole(try? ArrowIPC.encodeStream(schema: batch.schema, batches: [batch], options: options))
        }
        report(area: "ipc", case: "write point cloud 200MB (fresh buffer)", value: Double(size) / freshSeconds / 1e9, unit: "GB/s")
    }
}
