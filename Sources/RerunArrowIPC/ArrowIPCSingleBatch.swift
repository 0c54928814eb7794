package import RerunArrow

/// The first record batch of an IPC stream as bare columns, with the schema's fields and its
/// custom metadata left as UTF-8 bytes: what `ArrowIPC.decodeSingleBatch(_:cache:)` returns, for
/// decoders of many small streams (one per Rerun chunk) that read a few known metadata keys and
/// would otherwise build a dictionary of strings and a `RecordBatch` per stream only to take
/// them apart again.
package struct ArrowIPCSingleBatch: Sendable {
    /// The schema's fields (shared with the cache when they came from it).
    package let fields: [Field]
    /// The id of the `ArrowIPCDecodeCache` entry that `fields` came from or went into: equal ids
    /// (from one cache) mean equal fields. `nil` when the fields were not cached.
    package let fieldsID: Int?
    /// The schema's custom metadata, in stored order, as zero-copy slices of the input checked
    /// to be well-formed UTF-8 (a missing key or value is empty). Keys may repeat; the last wins,
    /// as in `Schema.metadata`.
    package let metadata: [(key: Buffer, value: Buffer)]
    /// One column per field, of the field's type and `rowCount` long (checked while decoding).
    package let columns: [ArrayData]
    /// The number of rows of the batch.
    package let rowCount: Int

    /// The record batch these parts make (what `ArrowIPC.decodeStream` would have returned first).
    package func recordBatch() throws(ArrowIPCError) -> RecordBatch {
        do {
            return try RecordBatch(
                schema: Schema(fields, metadata: SchemaDecoder.dictionary(metadata)), columns: columns, rowCount: rowCount)
        } catch {
            throw ArrowIPCError(.invalidData, error.message)
        }
    }
}

extension ArrowIPC {
    /// Decodes a whole stream as `decodeStream(_:cache:)` does — every message is read and
    /// checked, and the end-of-stream marker is required — but returns only the first record
    /// batch, as bare columns with the schema's metadata left as bytes (`nil` when the stream
    /// has no batch). Zero-copy; the fields come from `cache` when it has seen them.
    package static func decodeSingleBatch(
        _ bytes: Buffer, cache: inout ArrowIPCDecodeCache
    ) throws(ArrowIPCError) -> ArrowIPCSingleBatch? {
        let schemaMessage: IPCMessage
        switch try IPCMessage.read(bytes, at: 0) {
        case .endOfStream:
            throw ArrowIPCError(.invalidMetadata, "stream ends before its schema message", at: 0)
        case .message(let message):
            schemaMessage = message
        }
        let schema = try schemaMessage.decodeRawSchema(cache: &cache)
        var first: (columns: [ArrayData], length: Int)?
        var position = schemaMessage.end
        while true {
            guard position != bytes.count else {
                throw ArrowIPCError(.truncated, "stream ends without an end-of-stream marker", at: position)
            }
            switch try IPCMessage.read(bytes, at: position) {
            case .endOfStream:
                guard let first else { return nil }
                return ArrowIPCSingleBatch(
                    fields: schema.fields, fieldsID: schema.fieldsID, metadata: schema.metadata,
                    columns: first.columns, rowCount: first.length)
            case .message(let message):
                // Later batches are decoded (so that they are checked) and dropped.
                let decoded = try RecordBatchDecoder.decodeColumns(message, fields: schema.fields, input: bytes)
                if first == nil { first = decoded }
                position = message.end
            }
        }
    }
}
