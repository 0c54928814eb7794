import RerunArrow

/// Frames messages (continuation marker, metadata length, padded metadata, body) into a byte array.
enum IPCMessageWriter {
    /// The eight bytes of the end-of-stream marker: a continuation marker and a zero length.
    static let endOfStream: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]

    /// Grows `out`'s capacity geometrically so that `additional` more bytes fit without a
    /// reallocation in the middle of a copy.
    static func reserve(_ additional: Int, in out: inout [UInt8]) {
        let needed = out.count + additional
        if needed > out.capacity {
            out.reserveCapacity(Swift.max(needed, out.capacity * 2))
            HugePages.advise(&out)
        }
    }

    /// Appends one message whose metadata is `header` (tagged `headerType`) and whose body is
    /// written by `writeBody` (exactly `bodyLength` bytes). `out.count` must be a multiple of 8;
    /// the metadata is padded so that the body starts at a multiple of `alignment` in `out`.
    ///
    /// Returns the message's start offset and its metadata length including the 8-byte prefix
    /// (what the file footer's `Block.metaDataLength` records).
    static func append(
        headerType: IPCFormat.HeaderType, header: FlatBufferObject, bodyLength: Int, alignment: Int,
        to out: inout [UInt8], writeBody: (inout [UInt8]) -> Void
    ) -> (start: Int, metadataLength: Int) {
        let metadata = FlatBufferBuilder.serialize(
            .table([
                (IPCFormat.Message.version, .int16(IPCFormat.metadataV5)),
                (IPCFormat.Message.headerType, .uint8(headerType.rawValue)),
                (IPCFormat.Message.header, .object(header)),
                (IPCFormat.Message.bodyLength, .int64(Int64(bodyLength))),
            ]))
        let start = out.count
        precondition(start % 8 == 0, "IPC messages must start at a multiple of 8")
        var end = start + 8 + metadata.count
        end = (end + alignment - 1) / alignment * alignment
        let paddedLength = end - start - 8
        // Room for this message and an end-of-stream marker, so finishing does not reallocate.
        reserve(end - start + bodyLength + endOfStream.count, in: &out)
        FlatBufferBuilder.append(IPCFormat.continuationMarker, to: &out)
        FlatBufferBuilder.append(Int32(paddedLength), to: &out)
        out.append(contentsOf: metadata)
        out.append(contentsOf: repeatElement(0, count: end - out.count))
        let bodyStart = out.count
        writeBody(&out)
        precondition(out.count == bodyStart + bodyLength, "IPC body length mismatch")
        return (start, 8 + paddedLength)
    }

    /// Appends the schema message for `schema`.
    static func appendSchema(_ schema: Schema, alignment: Int, to out: inout [UInt8]) {
        _ = append(
            headerType: .schema, header: SchemaEncoder.encode(schema), bodyLength: 0, alignment: alignment, to: &out
        ) { _ in }
    }

    /// Appends the record batch message for `batch`.
    static func appendBatch(
        _ batch: RecordBatch, options: ArrowIPCWriteOptions, to out: inout [UInt8]
    ) throws(ArrowIPCError) -> (start: Int, metadataLength: Int, bodyLength: Int) {
        var encoder = RecordBatchEncoder(options: options)
        try encoder.add(batch)
        let (start, metadataLength) = append(
            headerType: .recordBatch, header: encoder.header(length: batch.rowCount), bodyLength: encoder.bodyLength,
            alignment: options.alignment, to: &out
        ) { out in encoder.writeBody(to: &out) }
        return (start, metadataLength, encoder.bodyLength)
    }

    /// Throws unless every type in `schema` can be written (widths and sizes fit the format).
    static func checkWritable(_ schema: Schema) throws(ArrowIPCError) {
        func check(_ field: Field, _ path: String) throws(ArrowIPCError) {
            switch field.type {
            case .fixedSizeBinary(let width) where width < 0 || width > Int(Int32.max):
                throw ArrowIPCError(.invalidArgument, "field '\(path)': byte width \(width) does not fit the format")
            case .fixedSizeList(_, let size) where size < 0 || size > Int(Int32.max):
                throw ArrowIPCError(.invalidArgument, "field '\(path)': list size \(size) does not fit the format")
            case .denseUnion(let children, let ids)
            where children.count != ids.count || ids.contains(where: { $0 < 0 }) || Set(ids).count != ids.count:
                throw ArrowIPCError(.invalidArgument, "field '\(path)': union type ids \(ids) do not match its \(children.count) children")
            default:
                break
            }
            for child in field.type.children { try check(child, "\(path).\(child.name)") }
        }
        for field in schema.fields { try check(field, field.name) }
    }

    /// Throws unless `batch`'s column types are those of `schema`.
    static func checkMatches(_ batch: RecordBatch, _ schema: Schema) throws(ArrowIPCError) {
        guard batch.schema.fields.count == schema.fields.count else {
            throw ArrowIPCError(
                .invalidArgument, "batch has \(batch.schema.fields.count) columns, the stream's schema has \(schema.fields.count)")
        }
        for (a, b) in zip(batch.schema.fields, schema.fields) where a.type != b.type {
            throw ArrowIPCError(.invalidArgument, "column '\(b.name)' has type \(a.type), the stream's schema says \(b.type)")
        }
    }
}
