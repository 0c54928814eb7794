public import RerunArrow

/// Reads an Arrow IPC stream from memory: the schema first, then record batches one at a time.
///
/// Reading is zero-copy: the arrays' buffers are slices of `input` (which may itself borrow memory,
/// see `Buffer(borrowing:count:owner:)`), except that a buffer misaligned for its element type is
/// copied once. Everything is validated when a batch is read (see `Docs/arrow-ipc.md`), so the
/// returned arrays can be read without further checks.
public struct ArrowStreamReader: Sendable {
    /// The stream's schema (from its first message).
    public let schema: Schema
    /// The absolute offset of the next message; after the end, the offset just past the
    /// end-of-stream marker (or the input's end when the marker is missing).
    public private(set) var position: Int
    /// Whether the end of the stream was reached.
    public private(set) var isFinished = false
    /// Whether the stream ended with an explicit end-of-stream marker (rather than the input's end).
    public private(set) var sawEndMarker = false
    private let input: Buffer

    /// Reads the schema message at the start of `input`.
    public init(_ input: Buffer) throws(ArrowIPCError) {
        self.input = input
        let message = try Self.schemaMessage(input)
        schema = try message.decodeSchema()
        position = message.end
    }

    /// Reads the schema message at the start of `input`, taking the schema's fields from `cache`
    /// when it holds them and remembering them there otherwise (see `ArrowIPCDecodeCache`).
    public init(_ input: Buffer, cache: inout ArrowIPCDecodeCache) throws(ArrowIPCError) {
        self.input = input
        let message = try Self.schemaMessage(input)
        schema = try message.decodeSchema(cache: &cache)
        position = message.end
    }

    private static func schemaMessage(_ input: Buffer) throws(ArrowIPCError) -> IPCMessage {
        switch try IPCMessage.read(input, at: 0) {
        case .endOfStream:
            throw ArrowIPCError(.invalidMetadata, "stream ends before its schema message", at: 0)
        case .message(let message):
            return message
        }
    }

    /// The next record batch, or `nil` at the end of the stream (an end-of-stream marker, or the
    /// input's end exactly at a message boundary).
    public mutating func next() throws(ArrowIPCError) -> RecordBatch? {
        guard !isFinished else { return nil }
        if position == input.count {
            isFinished = true
            return nil
        }
        switch try IPCMessage.read(input, at: position) {
        case .endOfStream(let end):
            position = end
            isFinished = true
            sawEndMarker = true
            return nil
        case .message(let message):
            let batch = try RecordBatchDecoder.decode(message, schema: schema, input: input)
            position = message.end
            return batch
        }
    }
}
