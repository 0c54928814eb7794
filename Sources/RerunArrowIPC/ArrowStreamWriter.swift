public import RerunArrow

/// Writes an Arrow IPC stream (schema message, record batch messages, end-of-stream marker) into
/// a growing byte array, with metadata version V5 and continuation markers.
///
/// ```swift
/// var writer = try ArrowStreamWriter(schema: schema)
/// try writer.write(batch)
/// let bytes = writer.finish()
/// ```
///
/// Buffers are copied once, from the arrays into the output. To avoid first-touch page faults on
/// large outputs, pass a previous output as `reusing` (its capacity is kept).
public struct ArrowStreamWriter: Sendable {
    /// The schema of every batch in the stream.
    public let schema: Schema
    /// Buffer alignment and bitmap policy.
    public let options: ArrowIPCWriteOptions
    /// The bytes written so far.
    public private(set) var bytes: [UInt8]
    private var isFinished = false

    /// Starts a stream by writing the schema message.
    ///
    /// - Parameter storage: an array whose capacity is reused for the output (its contents are
    ///   discarded).
    public init(schema: Schema, options: ArrowIPCWriteOptions = .arrowRS, reusing storage: consuming [UInt8] = []) throws(ArrowIPCError) {
        try IPCMessageWriter.checkWritable(schema)
        self.schema = schema
        self.options = options
        var bytes = consume storage
        bytes.removeAll(keepingCapacity: true)
        IPCMessageWriter.appendSchema(schema, alignment: options.alignment, to: &bytes)
        self.bytes = bytes
    }

    /// Appends one record batch message. The batch's column types must match the schema;
    /// sliced arrays are normalized (see `RecordBatchEncoder`).
    public mutating func write(_ batch: RecordBatch) throws(ArrowIPCError) {
        precondition(!isFinished, "ArrowStreamWriter.write(_:) called after finish()")
        try IPCMessageWriter.checkMatches(batch, schema)
        _ = try IPCMessageWriter.appendBatch(batch, options: options, to: &bytes)
    }

    /// Appends the end-of-stream marker and returns the whole stream, leaving the writer empty
    /// (writing after `finish()` is a programming error).
    public mutating func finish() -> [UInt8] {
        precondition(!isFinished, "ArrowStreamWriter.finish() called twice")
        isFinished = true
        bytes.append(contentsOf: IPCMessageWriter.endOfStream)
        var result: [UInt8] = []
        swap(&result, &bytes)  // hand over the (uniquely referenced) storage without copying
        return result
    }
}
