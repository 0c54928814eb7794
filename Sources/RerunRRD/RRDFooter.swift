import Foundation
public import RerunArrow
public import RerunModel
import RerunArrowIPC
import SwiftProtobuf

/// A decoded `RrdFooter`: one manifest per store that had chunks in the stream.
public struct RRDFooter: Sendable {
    /// One store's manifest. Its protobuf fields are checked when the footer is decoded; its two
    /// Arrow payloads (the sorbet schema and the manifest dataframe) are decoded when asked for,
    /// so readers that do not use the manifest (a store load) do not pay for it — it grows with
    /// the number of chunks and entities (tens of milliseconds for 10,000 entities).
    public struct Manifest: Sendable {
        /// The store described.
        public var storeID: StoreID
        /// The 32-byte `sorbet_schema_sha256` (present; its value is implementation-specific).
        public var sorbetSchemaSHA256: [UInt8]
        /// The sorbet schema's Arrow IPC stream (empty = no columns).
        let sorbetSchemaIPC: Data
        /// The manifest dataframe's payload, as the ArrowMsg-like `data` field carries it.
        let dataPayload: Data
        let dataCompression: RRDCompression
        let dataUncompressedSize: UInt64
        /// Where the End message sits and which manifest this is, for error messages.
        let offset: Int
        let what: String

        /// The store-wide column list; throws if its Arrow IPC stream is invalid.
        public func sorbetSchema() throws(RRDError) -> Schema {
            if sorbetSchemaIPC.isEmpty { return Schema([]) }
            do {
                return try ArrowIPC.decodeStream(Buffer(copying: sorbetSchemaIPC)).schema
            } catch {
                throw RRDError(.badFooter, at: offset, "\(what): sorbet schema is invalid: \(error)")
            }
        }

        /// The manifest dataframe, one row per chunk (§6.3); throws if its payload is invalid.
        public func data() throws(RRDError) -> RecordBatch {
            try ArrowPayload.decodeBatch(
                payload: dataPayload, compression: dataCompression, uncompressedSize: dataUncompressedSize,
                what: "\(what) data", at: offset)
        }

        /// Decodes both Arrow payloads, throwing the first problem (what `rrd verify` checks).
        public func validate() throws(RRDError) {
            _ = try sorbetSchema()
            _ = try data()
        }

        /// The manifest's chunk rows: id, entity path, and where the ArrowMsg payload sits in its stream.
        public func chunkEntries() throws(RRDError) -> [ChunkEntry] {
            let data = try data()
            guard let ids = data.column(named: "chunk_id"), ids.type == .fixedSizeBinary(byteWidth: 16),
                  let offsets = data.column(named: "chunk_byte_offset"), offsets.type == .uint64,
                  let sizes = data.column(named: "chunk_byte_size"), sizes.type == .uint64,
                  let paths = data.column(named: "chunk_entity_path"), paths.type == .utf8,
                  let rows = data.column(named: "chunk_num_rows"), rows.type == .uint64 else {
                throw RRDError(.badFooter, "manifest of \(storeID) lacks a global column (chunk_id, chunk_entity_path, chunk_num_rows, chunk_byte_offset or chunk_byte_size) or has a wrong type")
            }
            return (0..<data.rowCount).map { i in
                let idBytes = (0..<16).map { ids.buffers[1]![(ids.offset + i) * 16 + $0] }
                let start = Int(paths.buffers[1]!.load(fromByteOffset: (paths.offset + i) * 4, as: Int32.self))
                let end = Int(paths.buffers[1]!.load(fromByteOffset: (paths.offset + i + 1) * 4, as: Int32.self))
                let path = String(decoding: (start..<end).map { paths.buffers[2]![$0] }, as: UTF8.self)
                return ChunkEntry(
                    chunkID: TUID(bigEndianBytes: idBytes)!,
                    entityPath: path,
                    rowCount: rows.buffers[1]!.load(fromByteOffset: (rows.offset + i) * 8, as: UInt64.self),
                    byteOffset: offsets.buffers[1]!.load(fromByteOffset: (offsets.offset + i) * 8, as: UInt64.self),
                    byteSize: sizes.buffers[1]!.load(fromByteOffset: (sizes.offset + i) * 8, as: UInt64.self))
            }
        }
    }

    /// One manifest row.
    public struct ChunkEntry: Sendable, Hashable {
        public var chunkID: ChunkID
        public var entityPath: String
        public var rowCount: UInt64
        public var byteOffset: UInt64
        public var byteSize: UInt64
    }

    /// The manifests, in stream order.
    public var manifests: [Manifest]

    /// Decodes an End message's payload (empty = a legacy footer-less End).
    init(payload: [UInt8], at offset: Int) throws(RRDError) {
        let proto: ProtoRrdFooter
        do {
            proto = try ProtoRrdFooter(serializedBytes: payload)
        } catch {
            throw RRDError(.corrupt, at: offset, "RrdFooter protobuf is invalid: \(error)")
        }
        var manifests: [Manifest] = []
        for (i, m) in proto.manifests.enumerated() {
            let what = "RrdFooter manifest \(i)"
            guard m.hasStoreID else { throw RRDError(.badFooter, at: offset, "\(what) has no store_id") }
            guard m.hasSorbetSchema else { throw RRDError(.badFooter, at: offset, "\(what) has no sorbet_schema") }
            guard m.hasSorbetSchemaSha256 else { throw RRDError(.badFooter, at: offset, "\(what) has no sorbet_schema_sha256") }
            guard m.sorbetSchemaSha256.count == 32 else {
                throw RRDError(.badFooter, at: offset, "\(what): sorbet_schema_sha256 has \(m.sorbetSchemaSha256.count) bytes, 32 expected")
            }
            guard m.hasData else { throw RRDError(.badFooter, at: offset, "\(what) has no data") }
            let storeID = try StoreID(proto: m.storeID, in: what, at: offset)
            let part = m.data
            let compression: RRDCompression
            switch part.compression {
            case .lz4: compression = .lz4
            case .none, .unspecified: compression = .none
            case .UNRECOGNIZED(let v): throw RRDError(.unsupported, at: offset, "\(what): data compression \(v) is unknown")
            }
            manifests.append(Manifest(
                storeID: storeID, sorbetSchemaSHA256: Array(m.sorbetSchemaSha256),
                sorbetSchemaIPC: m.sorbetSchema.arrowSchema, dataPayload: part.payload, dataCompression: compression,
                dataUncompressedSize: part.uncompressedSize, offset: offset, what: what))
        }
        self.manifests = manifests
    }
}
