import Foundation
public import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunLZ4
import RerunModel

/// Encodes and decodes the payload of an `ArrowMsg` (and of a manifest's `DataframePart`):
/// an Arrow IPC stream with one record batch, optionally as one LZ4 block (§4.1–4.2).
public enum ArrowPayload {
    /// The IPC buffer alignment we write (arrow-rs, which the official SDK uses, writes 64).
    static let ipcOptions = ArrowIPCWriteOptions.arrowRS

    /// The largest decompressed payload accepted (a corrupt `uncompressed_size` fails at once).
    public static let maximumUncompressedSize = 1 << 36

    /// Decompresses (if needed) and parses an IPC stream holding one record batch.
    /// `what` names the message for errors; `offset` is the payload's byte offset in the input.
    static func decodeBatch(
        payload: Data, compression: RRDCompression, uncompressedSize: UInt64, what: String, at offset: Int?
    ) throws(RRDError) -> RecordBatch {
        var cache = ArrowIPCDecodeCache(capacity: 1)
        let result: Result<RecordBatch, RRDError> = payload.withUnsafeBytes { raw in
            Result { () throws(RRDError) in
                try decodeBatch(payload: raw, compression: compression, uncompressedSize: uncompressedSize,
                                what: what, at: offset, cache: &cache)
            }
        }
        return try result.get()
    }

    /// Decompresses (if needed) and parses an IPC stream holding one record batch, reading the
    /// payload in place (it is copied once: decompressed, or copied into an aligned buffer) and
    /// taking the schema's fields from `cache` when it has seen them.
    static func decodeBatch(
        payload: UnsafeRawBufferPointer, compression: RRDCompression, uncompressedSize: UInt64, what: String,
        at offset: Int?, cache: inout ArrowIPCDecodeCache
    ) throws(RRDError) -> RecordBatch {
        let single = try decodeSingleBatch(
            payload: payload, compression: compression, uncompressedSize: uncompressedSize, what: what, at: offset,
            cache: &cache)
        do {
            return try single.recordBatch()
        } catch {
            throw RRDError(.corrupt, at: offset, "\(what): Arrow IPC payload is invalid: \(error)")
        }
    }

    /// Decompresses (if needed) and parses an IPC stream holding one record batch, as
    /// `decodeBatch` does, returning the batch as parts (see `ArrowIPCSingleBatch`).
    static func decodeSingleBatch(
        payload: UnsafeRawBufferPointer, compression: RRDCompression, uncompressedSize: UInt64, what: String,
        at offset: Int?, cache: inout ArrowIPCDecodeCache
    ) throws(RRDError) -> ArrowIPCSingleBatch {
        let ipc = try decompress(payload: payload, compression: compression, uncompressedSize: uncompressedSize, what: what, at: offset)
        let decoded: ArrowIPCSingleBatch?
        do {
            decoded = try ArrowIPC.decodeSingleBatch(ipc, cache: &cache)
        } catch {
            throw RRDError(.corrupt, at: offset, "\(what): Arrow IPC payload is invalid: \(error)")
        }
        guard let decoded else {
            throw RRDError(.corrupt, at: offset, "\(what): Arrow IPC payload holds a schema but no record batch")
        }
        return decoded
    }

    /// The IPC stream of a payload: decompressed into a new buffer, or copied into an aligned one.
    private static func decompress(
        payload: UnsafeRawBufferPointer, compression: RRDCompression, uncompressedSize: UInt64, what: String,
        at offset: Int?
    ) throws(RRDError) -> Buffer {
        switch compression {
        case .none:
            return Buffer(copying: payload)
        case .lz4:
            guard uncompressedSize <= UInt64(maximumUncompressedSize),
                  Int(uncompressedSize) <= LZ4.maximumDecompressedSize(compressedCount: payload.count) else {
                throw RRDError(.corrupt, at: offset, "\(what): uncompressed_size \(uncompressedSize) is impossible for a \(payload.count)-byte LZ4 block")
            }
            let size = Int(uncompressedSize)
            var failure: LZ4Error?
            let ipc = Buffer(initializingCount: size) { destination in
                do throws(LZ4Error) {
                    let written = try LZ4.decompress(payload, into: destination)
                    if written != size {
                        failure = LZ4Error(.incompleteOutput, at: payload.count, value: written, limit: size)
                    }
                } catch {
                    failure = error
                }
            }
            if let failure {
                throw RRDError(.corrupt, at: offset, "\(what): LZ4 payload is corrupt: \(failure)")
            }
            return ipc
        }
    }

    /// Encodes one record batch as an IPC stream, LZ4-compressed if asked.
    /// Returns the payload and the IPC stream's length before compression.
    public static func encodeBatch(_ batch: RecordBatch, compression: RRDCompression) throws(RRDError) -> (payload: [UInt8], uncompressedSize: Int) {
        let ipc: [UInt8]
        do {
            ipc = try ArrowIPC.encodeStream(schema: batch.schema, batches: [batch], options: ipcOptions)
        } catch {
            throw RRDError(.invalidInput, "cannot encode record batch as Arrow IPC: \(error)")
        }
        switch compression {
        case .none: return (ipc, ipc.count)
        case .lz4: return (LZ4.compress(ipc), ipc.count)
        }
    }

    /// Encodes a schema alone (schema message + end-of-stream), as the manifest's sorbet schema.
    static func encodeSchema(_ schema: Schema) throws(RRDError) -> [UInt8] {
        do {
            return try ArrowIPC.encodeStream(schema: schema, batches: [], options: ipcOptions)
        } catch {
            throw RRDError(.invalidInput, "cannot encode schema as Arrow IPC: \(error)")
        }
    }
}

extension ArrowMessage {
    /// Decodes a protobuf `ArrowMsg`, including its chunk.
    init(proto: ProtoArrowMsg, encodedLength: Int, at offset: Int?) throws(RRDError) {
        guard proto.hasStoreID else { throw RRDError(.corrupt, at: offset, "ArrowMsg has no store_id") }
        let storeID = try StoreID(proto: proto.storeID, in: "ArrowMsg", at: offset)
        var cache = RRDDecodeCache()
        let compression = try Self.compression(proto.compression.rawValue, encoding: proto.encoding.rawValue, at: offset)
        let chunk: Chunk = try proto.payload.withUnsafeBytes { payload in
            Result { () throws(RRDError) in
                try Self.chunk(payload: payload, compression: compression, uncompressedSize: proto.uncompressedSize,
                               chunkID: proto.hasChunkID ? TUID(proto: proto.chunkID) : nil, at: offset, cache: &cache)
            }
        }.get()
        self.init(storeID: storeID, chunk: chunk, compression: compression)
        self.encodedSize = (encodedLength, compression == .lz4 ? Int(proto.uncompressedSize) : proto.payload.count)
    }

    /// Decodes an `ArrowMsg` straight from its protobuf bytes (read in place: the payload is not
    /// copied before it is decompressed), with the same checks and errors as `init(proto:…)`.
    /// `offset` is the message's byte offset in the input; `cache` keeps what repeats between
    /// messages (the store id, the schemas' fields).
    init(wire bytes: UnsafeRawBufferPointer, at offset: Int?, cache: inout RRDDecodeCache) throws(RRDError) {
        var reader = ProtoWireReader(bytes, origin: offset, what: "ArrowMsg")
        var storeIDField = MergedField()
        var compressionValue = 0
        var uncompressedSize: UInt64 = 0
        var encodingValue = 0
        var payload = 0..<0
        var chunkIDField = MergedField()
        while !reader.isAtEnd {
            let (field, wireType) = try reader.nextTag()
            switch field {
            case 1:  // store_id (repeated occurrences of a message field merge: concatenate them)
                try reader.expect(wireType, .lengthDelimited, field: field)
                storeIDField.append(try reader.lengthDelimited(), of: bytes)
            case 2:
                try reader.expect(wireType, .varint, field: field)
                compressionValue = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: try reader.varint()))
            case 3:
                try reader.expect(wireType, .varint, field: field)
                uncompressedSize = try reader.varint()
            case 4:
                try reader.expect(wireType, .varint, field: field)
                encodingValue = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: try reader.varint()))
            case 5:
                try reader.expect(wireType, .lengthDelimited, field: field)
                payload = try reader.lengthDelimited()
            case 6:  // chunk_id
                try reader.expect(wireType, .lengthDelimited, field: field)
                chunkIDField.append(try reader.lengthDelimited(), of: bytes)
            default:
                try reader.skip(wireType, field: field)
            }
        }
        guard storeIDField.isPresent else { throw RRDError(.corrupt, at: offset, "ArrowMsg has no store_id") }
        let storeID = try storeIDField.withBytes(of: bytes) { (raw) throws(RRDError) in try cache.storeID(raw, at: offset) }
        let compression = try Self.compression(compressionValue, encoding: encodingValue, at: offset)
        let chunkID: TUID? = chunkIDField.isPresent
            ? try chunkIDField.withBytes(of: bytes) { (raw) throws(RRDError) in try Self.tuid(wire: raw, at: offset) }
            : nil
        let chunk = try Self.chunk(
            payload: UnsafeRawBufferPointer(rebasing: bytes[payload]), compression: compression,
            uncompressedSize: uncompressedSize, chunkID: chunkID, at: offset, cache: &cache)
        self.init(storeID: storeID, chunk: chunk, compression: compression)
        self.encodedSize = (bytes.count, compression == .lz4 ? Int(uncompressedSize) : payload.count)
    }

    /// Checks the `encoding` and maps the `compression` enum values.
    private static func compression(_ value: Int, encoding: Int, at offset: Int?) throws(RRDError) -> RRDCompression {
        guard encoding == 1 else {
            throw RRDError(.unsupported, at: offset, "ArrowMsg encoding \(encoding) is not Arrow IPC (1)")
        }
        switch value {
        case 2: return .lz4
        case 0, 1: return .none
        default: throw RRDError(.unsupported, at: offset, "ArrowMsg compression \(value) is unknown")
        }
    }

    /// A `Tuid` message from its protobuf bytes (two fixed64 fields, the last occurrence wins).
    private static func tuid(wire bytes: UnsafeRawBufferPointer, at offset: Int?) throws(RRDError) -> TUID {
        do {
            var reader = ProtoWireReader(bytes, origin: nil, what: "ArrowMsg chunk_id")
            var timeNanos: UInt64 = 0
            var increment: UInt64 = 0
            while !reader.isAtEnd {
                let (field, wireType) = try reader.nextTag()
                switch field {
                case 1:
                    try reader.expect(wireType, .fixed64, field: field)
                    timeNanos = try reader.fixed64()
                case 2:
                    try reader.expect(wireType, .fixed64, field: field)
                    increment = try reader.fixed64()
                default:
                    try reader.skip(wireType, field: field)
                }
            }
            return TUID(timeNanos: timeNanos, increment: increment)
        } catch {
            throw RRDError(error.kind, at: offset, error.message)
        }
    }

    /// Decompresses and decodes the payload into a chunk, checking its id against `chunkID`.
    private static func chunk(
        payload: UnsafeRawBufferPointer, compression: RRDCompression, uncompressedSize: UInt64, chunkID: TUID?,
        at offset: Int?, cache: inout RRDDecodeCache
    ) throws(RRDError) -> Chunk {
        let batch = try ArrowPayload.decodeSingleBatch(
            payload: payload, compression: compression, uncompressedSize: uncompressedSize,
            what: "ArrowMsg", at: offset, cache: &cache.ipc)
        let chunk: Chunk
        do {
            chunk = try Chunk(
                fields: batch.fields, fieldsID: batch.fieldsID, metadata: batch.metadata, columns: batch.columns,
                cache: &cache.chunk)
        } catch {
            throw RRDError(.corrupt, at: offset, "ArrowMsg chunk is invalid: \(error)")
        }
        if let chunkID, chunkID != chunk.id {
            throw RRDError(.corrupt, at: offset, "ArrowMsg chunk_id \(chunkID.hexString) differs from the chunk's rerun:id \(chunk.id.hexString)")
        }
        return chunk
    }

    /// Encodes as a protobuf `ArrowMsg`; also returns the IPC stream's length.
    func proto() throws(RRDError) -> (message: ProtoArrowMsg, uncompressedSize: Int) {
        let (payload, uncompressedSize) = try ArrowPayload.encodeBatch(chunk.recordBatch(), compression: compression)
        var p = ProtoArrowMsg()
        p.storeID = storeID.proto
        p.compression = compression == .lz4 ? .lz4 : .none
        p.uncompressedSize = UInt64(uncompressedSize)
        p.encoding = .arrowIpc
        p.payload = Data(payload)
        p.chunkID = chunk.id.proto
        p.isStatic = chunk.isStatic
        return (p, uncompressedSize)
    }
}

/// The bytes of a length-delimited message field that may occur more than once (protobuf merges
/// the occurrences of a message field, which for its encoding means concatenating them): the one
/// occurrence read in place, or a merged copy of several.
private struct MergedField {
    private var range: Range<Int>?
    private var merged: [UInt8]?

    /// Whether the field occurred at all.
    var isPresent: Bool { range != nil }

    /// Adds the occurrence at `occurrence` in `bytes`.
    mutating func append(_ occurrence: Range<Int>, of bytes: UnsafeRawBufferPointer) {
        guard let range else {
            range = occurrence
            return
        }
        if merged == nil { merged = Array(UnsafeRawBufferPointer(rebasing: bytes[range])) }
        merged! += UnsafeRawBufferPointer(rebasing: bytes[occurrence])
    }

    /// Calls `body` with the field's bytes (`bytes` is the message the ranges were read from).
    func withBytes<R>(
        of bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws(RRDError) -> R
    ) throws(RRDError) -> R {
        guard let merged else { return try body(UnsafeRawBufferPointer(rebasing: bytes[range ?? 0..<0])) }
        return try merged.withUnsafeBytes { raw in Result { () throws(RRDError) in try body(raw) } }.get()
    }
}
