import RerunArrow

/// One framed IPC message: its `Message` flatbuffer and the location of its body.
struct IPCMessage {
    /// The `Message` table.
    let message: FlatBufferTable
    /// The header union's tag.
    let headerType: UInt8
    /// The header table (Schema, RecordBatch, …).
    let header: FlatBufferTable
    /// The metadata version.
    let version: Int16
    /// Absolute offset of the message's first byte (its continuation marker, if any).
    let start: Int
    /// Absolute offset of the body (right after the metadata).
    let bodyStart: Int
    /// The body length from the metadata (checked to fit in the input).
    let bodyLength: Int

    /// Absolute offset just past the body: where the next message starts.
    var end: Int { bodyStart + bodyLength }

    /// The result of reading at a position: a message, or the end-of-stream marker.
    enum ReadResult {
        case message(IPCMessage)
        /// An end-of-stream marker (zero metadata length); `end` is the offset after it.
        case endOfStream(end: Int)
    }

    /// Reads the message framed at `position` in `input`.
    ///
    /// Framing: `0xFFFFFFFF`, an `int32` metadata length, the metadata flatbuffer (padded), then
    /// `bodyLength` body bytes. The legacy framing without the continuation marker is accepted
    /// too. A zero metadata length is the end-of-stream marker.
    static func read(_ input: Buffer, at position: Int) throws(ArrowIPCError) -> ReadResult {
        // `what` is only built for the error (an eager interpolation would allocate per message).
        func need(_ p: Int, _ n: Int, _ what: @autoclosure () -> String) throws(ArrowIPCError) {
            guard p >= 0, n >= 0, p <= input.count - n else {
                throw ArrowIPCError(
                    .truncated, "input ends at byte \(input.count) inside \(what()) (needs \(n) bytes at byte \(p))", at: p)
            }
        }
        try need(position, 4, "a message length prefix")
        var lengthPosition = position
        if UInt32(littleEndian: input.load(fromByteOffset: position, as: UInt32.self)) == IPCFormat.continuationMarker {
            lengthPosition += 4
            try need(lengthPosition, 4, "a message length prefix")
        }
        let metadataLength = Int(Int32(littleEndian: input.load(fromByteOffset: lengthPosition, as: Int32.self)))
        let metadataStart = lengthPosition + 4
        if metadataLength == 0 {
            return .endOfStream(end: metadataStart)
        }
        guard metadataLength > 0 else {
            throw ArrowIPCError(.invalidMetadata, "negative message metadata length \(metadataLength)", at: lengthPosition)
        }
        try need(metadataStart, metadataLength, "a \(metadataLength)-byte message metadata flatbuffer")
        let flatBuffer = FlatBuffer(
            bytes: input.slice(offset: metadataStart, count: metadataLength), origin: metadataStart, name: "message")
        let message = try flatBuffer.root()
        let version = try message.scalar(IPCFormat.Message.version, Int16.self, default: 0)
        guard version == IPCFormat.metadataV5 || version == IPCFormat.metadataV4 else {
            throw ArrowIPCError(
                .unsupported, "metadata version V\(Int(version) + 1) is not supported (only V4 and V5)",
                at: message.absolutePosition)
        }
        let headerType = try message.scalar(IPCFormat.Message.headerType, UInt8.self, default: 0)
        guard let header = try message.table(IPCFormat.Message.header, "message header") else {
            throw ArrowIPCError(.invalidMetadata, "message has no header", at: message.absolutePosition)
        }
        let rawBodyLength = try message.scalar(IPCFormat.Message.bodyLength, Int64.self, default: 0)
        let bodyStart = metadataStart + metadataLength
        guard let bodyLength = Int(exactly: rawBodyLength), bodyLength >= 0 else {
            throw ArrowIPCError(.invalidMetadata, "negative message body length \(rawBodyLength)", at: message.absolutePosition)
        }
        try need(bodyStart, bodyLength, "a \(bodyLength)-byte message body")
        return .message(
            IPCMessage(
                message: message, headerType: headerType, header: header, version: version, start: position,
                bodyStart: bodyStart, bodyLength: bodyLength))
    }

    /// The header tag's name, for errors.
    var headerName: String {
        switch IPCFormat.HeaderType(rawValue: headerType) {
        case .schema: "Schema"
        case .dictionaryBatch: "DictionaryBatch"
        case .recordBatch: "RecordBatch"
        case .tensor: "Tensor"
        case .sparseTensor: "SparseTensor"
        case nil: "unknown header type \(headerType)"
        }
    }

    /// Throws unless this message's header is `expected`; dictionary batches and tensors are
    /// reported as unsupported.
    func expect(_ expected: IPCFormat.HeaderType) throws(ArrowIPCError) {
        guard headerType != expected.rawValue else { return }
        switch IPCFormat.HeaderType(rawValue: headerType) {
        case .dictionaryBatch, .tensor, .sparseTensor:
            throw ArrowIPCError(.unsupported, "\(headerName) messages are not supported", at: start)
        default:
            throw ArrowIPCError(.invalidMetadata, "expected a \(expected) message, found \(headerName)", at: start)
        }
    }

    /// Decodes this message's header as a schema.
    func decodeSchema() throws(ArrowIPCError) -> Schema {
        try expect(.schema)
        var decoder = SchemaDecoder(flatBufferSize: message.buffer.count)
        return try decoder.decode(header)
    }

    /// Decodes this message's header as a schema, reusing and updating `cache`.
    func decodeSchema(cache: inout ArrowIPCDecodeCache) throws(ArrowIPCError) -> Schema {
        let raw = try decodeRawSchema(cache: &cache)
        return Schema(raw.fields, metadata: SchemaDecoder.dictionary(raw.metadata))
    }

    /// Decodes this message's header as a schema whose metadata stays raw bytes, reusing and
    /// updating `cache`.
    func decodeRawSchema(cache: inout ArrowIPCDecodeCache) throws(ArrowIPCError) -> SchemaDecoder.RawSchema {
        try expect(.schema)
        var decoder = SchemaDecoder(flatBufferSize: message.buffer.count, cache: cache)
        cache = ArrowIPCDecodeCache(capacity: 1)  // the decoder's copy is now the only one (no copy on write)
        defer { if let updated = decoder.cache { cache = updated } }
        return try decoder.decodeRaw(header)
    }
}
