public import RerunArrow

/// Reads the Arrow IPC file format (Feather v2) from memory, with random access to its record
/// batches through the footer. Zero-copy and validated like `ArrowStreamReader`.
public struct ArrowFileReader: Sendable {
    /// The file's schema (from the footer).
    public let schema: Schema
    /// `(offset, metaDataLength, bodyLength)` of each record batch message.
    private let blocks: [(offset: Int, metadataLength: Int, bodyLength: Int)]
    private let input: Buffer

    /// The number of record batches in the file.
    public var batchCount: Int { blocks.count }

    /// Reads and checks the magic bytes and the footer.
    public init(_ input: Buffer) throws(ArrowIPCError) {
        self.input = input
        let magic = IPCFormat.fileMagic
        // Leading magic (padded to 8), trailing footer length and magic.
        guard input.count >= 8 + 10 else {
            throw ArrowIPCError(.truncated, "an Arrow file needs at least 18 bytes, got \(input.count)", at: 0)
        }
        guard (0..<6).allSatisfy({ input[$0] == magic[$0] }) else {
            throw ArrowIPCError(.invalidMetadata, "missing ARROW1 magic at the start of the file", at: 0)
        }
        guard (0..<6).allSatisfy({ input[input.count - 6 + $0] == magic[$0] }) else {
            throw ArrowIPCError(.invalidMetadata, "missing ARROW1 magic at the end of the file", at: input.count - 6)
        }
        let lengthAt = input.count - 10
        let footerLength = Int(Int32(littleEndian: input.load(fromByteOffset: lengthAt, as: Int32.self)))
        guard footerLength > 0, footerLength <= lengthAt - 8 else {
            throw ArrowIPCError(.invalidMetadata, "footer length \(footerLength) does not fit the file", at: lengthAt)
        }
        let footerStart = lengthAt - footerLength
        let footer = try FlatBuffer(
            bytes: input.slice(offset: footerStart, count: footerLength), origin: footerStart, name: "footer"
        ).root()
        let version = try footer.scalar(IPCFormat.Footer.version, Int16.self, default: 0)
        guard version == IPCFormat.metadataV5 || version == IPCFormat.metadataV4 else {
            throw ArrowIPCError(
                .unsupported, "metadata version V\(Int(version) + 1) is not supported (only V4 and V5)",
                at: footer.absolutePosition)
        }
        guard let schemaTable = try footer.table(IPCFormat.Footer.schema, "footer schema") else {
            throw ArrowIPCError(.invalidMetadata, "file footer has no schema", at: footer.absolutePosition)
        }
        var decoder = SchemaDecoder(flatBufferSize: footerLength)
        schema = try decoder.decode(schemaTable)
        if let dictionaries = try footer.vector(IPCFormat.Footer.dictionaries, elementSize: 24, "footer dictionaries"),
            dictionaries.count > 0
        {
            throw ArrowIPCError(.unsupported, "dictionary batches are not supported", at: footer.absolutePosition)
        }
        var blocks: [(offset: Int, metadataLength: Int, bodyLength: Int)] = []
        if let vector = try footer.vector(IPCFormat.Footer.recordBatches, elementSize: 24, "footer record batches") {
            blocks.reserveCapacity(vector.count)
            for i in 0..<vector.count {
                let offset = vector.load(i, byteOffset: 0, as: Int64.self)
                let metadataLength = vector.load(i, byteOffset: 8, as: Int32.self)
                let bodyLength = vector.load(i, byteOffset: 16, as: Int64.self)
                guard offset >= 8, offset < Int64(footerStart), metadataLength > 0, bodyLength >= 0,
                    bodyLength <= Int64(footerStart) - offset - Int64(metadataLength)
                else {
                    throw ArrowIPCError(
                        .invalidMetadata,
                        "record batch block \(i) (offset \(offset), metadata \(metadataLength), body \(bodyLength)) does not fit before the footer",
                        at: footer.buffer.origin + vector.position(i))
                }
                blocks.append((Int(offset), Int(metadataLength), Int(bodyLength)))
            }
        }
        self.blocks = blocks
    }

    /// Reads record batch `index` (0 ..< `batchCount`).
    public func batch(at index: Int) throws(ArrowIPCError) -> RecordBatch {
        precondition(index >= 0 && index < blocks.count, "record batch index \(index) out of range 0..<\(blocks.count)")
        let block = blocks[index]
        switch try IPCMessage.read(input, at: block.offset) {
        case .endOfStream:
            throw ArrowIPCError(.invalidMetadata, "record batch block \(index) points at an end-of-stream marker", at: block.offset)
        case .message(let message):
            guard message.bodyStart == block.offset + block.metadataLength, message.bodyLength == block.bodyLength else {
                throw ArrowIPCError(
                    .invalidMetadata,
                    "record batch block \(index) (metadata \(block.metadataLength), body \(block.bodyLength) bytes) disagrees with its message",
                    at: block.offset)
            }
            return try RecordBatchDecoder.decode(message, schema: schema, input: input)
        }
    }
}
