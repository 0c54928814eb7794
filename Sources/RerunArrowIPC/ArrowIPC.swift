public import RerunArrow

/// One-call encoding and decoding of the Arrow IPC stream and file formats.
///
/// Supported types: null, boolean, (u)int8…64, float16/32/64, utf8, binary, fixed-size binary,
/// list (32-bit offsets), fixed-size list, struct, dense union, timestamp, duration. Anything else
/// in the input (dictionaries, large or view types, sparse unions, maps, decimals, IPC body
/// compression, …) throws an `.unsupported` error naming the field.
public enum ArrowIPC {
    /// Encodes a whole stream: schema, one message per batch, end-of-stream marker.
    public static func encodeStream(
        schema: Schema, batches: [RecordBatch], options: ArrowIPCWriteOptions = .arrowRS
    ) throws(ArrowIPCError) -> [UInt8] {
        var writer = try ArrowStreamWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        return writer.finish()
    }

    /// Encodes a whole stream into `output`, replacing its contents but keeping its capacity, so
    /// that encoding again into the same array reuses already-touched memory.
    public static func encodeStream(
        schema: Schema, batches: [RecordBatch], options: ArrowIPCWriteOptions = .arrowRS, into output: inout [UInt8]
    ) throws(ArrowIPCError) {
        let storage = output
        output = []  // `storage` is now the only reference, so its capacity can be reused
        var writer = try ArrowStreamWriter(schema: schema, options: options, reusing: consume storage)
        for batch in batches { try writer.write(batch) }
        output = writer.finish()
    }

    /// Decodes a whole stream, zero-copy. Unlike `ArrowStreamReader`, this requires the
    /// end-of-stream marker, so a truncated stream is always an error; bytes after the marker are
    /// ignored.
    public static func decodeStream(_ bytes: Buffer) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        try readAll(ArrowStreamReader(bytes))
    }

    /// Decodes a whole stream, zero-copy, as `decodeStream(_:)` does, taking the schema's fields
    /// from `cache` when it has seen them before (for many small streams with the same columns).
    public static func decodeStream(
        _ bytes: Buffer, cache: inout ArrowIPCDecodeCache
    ) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        try readAll(ArrowStreamReader(bytes, cache: &cache))
    }

    private static func readAll(_ stream: ArrowStreamReader) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        var reader = stream
        var batches: [RecordBatch] = []
        while let batch = try reader.next() { batches.append(batch) }
        guard reader.sawEndMarker else {
            throw ArrowIPCError(.truncated, "stream ends without an end-of-stream marker", at: reader.position)
        }
        return (reader.schema, batches)
    }

    /// Decodes a whole stream from an array (copied once into an aligned buffer).
    public static func decodeStream(_ bytes: [UInt8]) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        try decodeStream(Buffer(copying: bytes))
    }

    /// Encodes a whole file (Feather v2).
    public static func encodeFile(
        schema: Schema, batches: [RecordBatch], options: ArrowIPCWriteOptions = .arrowRS
    ) throws(ArrowIPCError) -> [UInt8] {
        var writer = try ArrowFileWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        return writer.finish()
    }

    /// Decodes a whole file, zero-copy.
    public static func decodeFile(_ bytes: Buffer) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        let reader = try ArrowFileReader(bytes)
        var batches: [RecordBatch] = []
        batches.reserveCapacity(reader.batchCount)
        for i in 0..<reader.batchCount { batches.append(try reader.batch(at: i)) }
        return (reader.schema, batches)
    }

    /// Decodes a whole file from an array (copied once into an aligned buffer).
    public static func decodeFile(_ bytes: [UInt8]) throws(ArrowIPCError) -> (schema: Schema, batches: [RecordBatch]) {
        try decodeFile(Buffer(copying: bytes))
    }
}
