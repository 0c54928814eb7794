public import RerunArrow

/// Writes the Arrow IPC file format (Feather v2): `ARROW1` and padding, the stream messages, an
/// end-of-stream marker, a `Footer` flatbuffer (schema and record batch blocks), the footer length
/// and `ARROW1` again.
public struct ArrowFileWriter: Sendable {
    /// The schema of every batch in the file.
    public let schema: Schema
    /// Buffer alignment and bitmap policy.
    public let options: ArrowIPCWriteOptions
    private var bytes: [UInt8]
    /// `(offset, metaDataLength, bodyLength)` of each record batch message.
    private var blocks: [(Int64, Int32, Int64)] = []
    private var isFinished = false

    /// Starts a file by writing the magic and the schema message.
    public init(schema: Schema, options: ArrowIPCWriteOptions = .arrowRS, reusing storage: consuming [UInt8] = []) throws(ArrowIPCError) {
        try IPCMessageWriter.checkWritable(schema)
        self.schema = schema
        self.options = options
        var bytes = consume storage
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: IPCFormat.fileMagic)
        bytes.append(contentsOf: [0, 0])
        IPCMessageWriter.appendSchema(schema, alignment: options.alignment, to: &bytes)
        self.bytes = bytes
    }

    /// Appends one record batch message and records its block for the footer.
    public mutating func write(_ batch: RecordBatch) throws(ArrowIPCError) {
        precondition(!isFinished, "ArrowFileWriter.write(_:) called after finish()")
        try IPCMessageWriter.checkMatches(batch, schema)
        let (start, metadataLength, bodyLength) = try IPCMessageWriter.appendBatch(batch, options: options, to: &bytes)
        blocks.append((Int64(start), Int32(metadataLength), Int64(bodyLength)))
    }

    /// Appends the end-of-stream marker, the footer and the trailing magic; returns the file and
    /// leaves the writer empty (writing after `finish()` is a programming error).
    public mutating func finish() -> [UInt8] {
        precondition(!isFinished, "ArrowFileWriter.finish() called twice")
        isFinished = true
        bytes.append(contentsOf: IPCMessageWriter.endOfStream)
        var blockBytes: [UInt8] = []
        blockBytes.reserveCapacity(24 * blocks.count)
        for (offset, metadataLength, bodyLength) in blocks {
            FlatBufferBuilder.append(offset, to: &blockBytes)
            FlatBufferBuilder.append(metadataLength, to: &blockBytes)
            FlatBufferBuilder.append(Int32(0), to: &blockBytes)
            FlatBufferBuilder.append(bodyLength, to: &blockBytes)
        }
        let footer = FlatBufferBuilder.serialize(
            .table([
                (IPCFormat.Footer.version, .int16(IPCFormat.metadataV5)),
                (IPCFormat.Footer.schema, .object(SchemaEncoder.encode(schema))),
                (IPCFormat.Footer.dictionaries, .object(.structs(bytes: [], count: 0, alignment: 8))),
                (IPCFormat.Footer.recordBatches, .object(.structs(bytes: blockBytes, count: blocks.count, alignment: 8))),
            ]))
        bytes.append(contentsOf: footer)
        FlatBufferBuilder.append(Int32(footer.count), to: &bytes)
        bytes.append(contentsOf: IPCFormat.fileMagic)
        var result: [UInt8] = []
        swap(&result, &bytes)
        return result
    }
}
