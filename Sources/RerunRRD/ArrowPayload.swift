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
        let ipc: Buffer
        switch compression {
        case .none:
            ipc = Buffer(copying: payload)
        case .lz4:
            guard uncompressedSize <= UInt64(maximumUncompressedSize),
                  Int(uncompressedSize) <= LZ4.maximumDecompressedSize(compressedCount: payload.count) else {
                throw RRDError(.corrupt, at: offset, "\(what): uncompressed_size \(uncompressedSize) is impossible for a \(payload.count)-byte LZ4 block")
            }
            let size = Int(uncompressedSize)
            var failure: LZ4Error?
            ipc = Buffer(initializingCount: size) { destination in
                payload.withUnsafeBytes { source in
                    do throws(LZ4Error) {
                        let written = try LZ4.decompress(source, into: destination)
                        if written != size {
                            failure = LZ4Error(.incompleteOutput, at: payload.count, value: written, limit: size)
                        }
                    } catch {
                        failure = error
                    }
                }
            }
            if let failure {
                throw RRDError(.corrupt, at: offset, "\(what): LZ4 payload is corrupt: \(failure)")
            }
        }
        let decoded: (schema: Schema, batches: [RecordBatch])
        do {
            decoded = try ArrowIPC.decodeStream(ipc)
        } catch {
            throw RRDError(.corrupt, at: offset, "\(what): Arrow IPC payload is invalid: \(error)")
        }
        guard let batch = decoded.batches.first else {
            throw RRDError(.corrupt, at: offset, "\(what): Arrow IPC payload holds a schema but no record batch")
        }
        return batch
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
        switch proto.encoding {
        case .arrowIpc: break
        default: throw RRDError(.unsupported, at: offset, "ArrowMsg encoding \(proto.encoding.rawValue) is not Arrow IPC (1)")
        }
        let compression: RRDCompression
        switch proto.compression {
        case .lz4: compression = .lz4
        case .none, .unspecified: compression = .none
        case .UNRECOGNIZED(let v): throw RRDError(.unsupported, at: offset, "ArrowMsg compression \(v) is unknown")
        }
        let batch = try ArrowPayload.decodeBatch(
            payload: proto.payload, compression: compression, uncompressedSize: proto.uncompressedSize,
            what: "ArrowMsg", at: offset)
        let chunk: Chunk
        do {
            chunk = try Chunk(recordBatch: batch)
        } catch {
            throw RRDError(.corrupt, at: offset, "ArrowMsg chunk is invalid: \(error)")
        }
        if proto.hasChunkID, TUID(proto: proto.chunkID) != chunk.id {
            throw RRDError(.corrupt, at: offset, "ArrowMsg chunk_id \(TUID(proto: proto.chunkID).hexString) differs from the chunk's rerun:id \(chunk.id.hexString)")
        }
        self.init(storeID: storeID, chunk: chunk, compression: compression)
        self.encodedSize = (encodedLength, compression == .lz4 ? Int(proto.uncompressedSize) : proto.payload.count)
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
