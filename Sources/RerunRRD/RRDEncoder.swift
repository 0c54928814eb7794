import Foundation
import RerunArrow
import RerunLZ4
import RerunModel
import SwiftProtobuf

/// The `.rrd` encoder: `LogMsg`s in, bytes out. No I/O inside.
///
/// The first call returns the stream header with the first message. `finish()` returns the End
/// message with one `RrdManifest` per store that had chunks, and the 32-byte StreamFooter. A writer
/// that stops before `finish()` leaves a valid footer-less stream.
public struct RRDEncoder: Sendable {
    /// How ArrowMsg payloads and manifests are compressed.
    public let compression: RRDCompression
    private var position = 0
    private var manifests: [StoreID: RRDManifestBuilder] = [:]
    private var manifestOrder: [StoreID] = []
    private var finished = false

    /// Creates an encoder.
    public init(compression: RRDCompression = .lz4) {
        self.compression = compression
    }

    /// The number of bytes produced so far.
    public var bytesWritten: Int { position }

    /// Encodes one message (preceded by the stream header if it is the first output).
    /// `ArrowMessage.compression` is overridden by the encoder's `compression`.
    public mutating func encode(_ message: LogMsg) throws(RRDError) -> [UInt8] {
        precondition(!finished, "RRDEncoder.encode called after finish()")
        var out = headerIfNeeded()
        switch message {
        case .setStoreInfo(let info):
            out += try frame(.setStoreInfo, info.proto)
        case .blueprintActivation(let command):
            out += try frame(.blueprintActivationCommand, command.proto)
        case .arrow(var arrow):
            arrow.compression = compression
            let (proto, uncompressedSize) = try arrow.proto()
            let payloadOffset = position + out.count + RRDFraming.MessageHeader.size
            let framed = try frame(.arrowMsg, proto)
            out += framed
            if manifests[arrow.storeID] == nil {
                manifests[arrow.storeID] = RRDManifestBuilder(storeID: arrow.storeID)
                manifestOrder.append(arrow.storeID)
            }
            manifests[arrow.storeID]!.add(arrow.chunk, placement: .init(
                byteOffset: UInt64(payloadOffset),
                byteSize: UInt64(framed.count - RRDFraming.MessageHeader.size),
                uncompressedSize: UInt64(uncompressedSize)))
        }
        position += out.count
        return out
    }

    /// Ends the stream: the End message with the manifests, then the StreamFooter.
    public mutating func finish() throws(RRDError) -> [UInt8] {
        precondition(!finished, "RRDEncoder.finish called twice")
        finished = true
        var out = headerIfNeeded()
        var footer = ProtoRrdFooter()
        for storeID in manifestOrder {
            footer.manifests.append(try Self.manifestProto(manifests[storeID]!, compression: compression))
        }
        let payload: [UInt8]
        do {
            payload = try footer.serializedBytes()
        } catch {
            throw RRDError(.invalidInput, "cannot encode RrdFooter: \(error)")
        }
        out += RRDFraming.MessageHeader(kind: .end, length: payload.count).bytes
        let footerStart = position + out.count
        out += payload
        out += RRDFraming.StreamFooter(
            footerStart: UInt64(footerStart), footerLength: UInt64(payload.count),
            checksum: XXHash32.hash(payload, seed: RRDFraming.footerChecksumSeed)).bytes
        position += out.count
        return out
    }

    private mutating func headerIfNeeded() -> [UInt8] {
        guard position == 0 else { return [] }
        return RRDFraming.StreamHeader(compressed: compression == .lz4).bytes
    }

    private func frame(_ kind: RRDFraming.MessageKind, _ message: some SwiftProtobuf.Message) throws(RRDError) -> [UInt8] {
        let payload: [UInt8]
        do {
            payload = try message.serializedBytes()
        } catch {
            throw RRDError(.invalidInput, "cannot encode \(kind): \(error)")
        }
        return RRDFraming.MessageHeader(kind: kind, length: payload.count).bytes + payload
    }

    static func manifestProto(_ builder: RRDManifestBuilder, compression: RRDCompression) throws(RRDError) -> ProtoRrdManifest {
        let sorbet = builder.sorbetSchema
        var m = ProtoRrdManifest()
        m.storeID = builder.storeID.proto
        m.sorbetSchema.arrowSchema = Data(try ArrowPayload.encodeSchema(sorbet))
        let sorted = Schema(sorbet.fields.sorted { $0.name < $1.name })
        m.sorbetSchemaSha256 = Data(SHA256.hash(try ArrowPayload.encodeSchema(sorted)))
        let (payload, uncompressedSize) = try ArrowPayload.encodeBatch(builder.recordBatch(), compression: compression)
        m.data.encoderVersion = .v0
        m.data.payload = Data(payload)
        m.data.compression = compression == .lz4 ? .lz4 : .none
        m.data.uncompressedSize = UInt64(uncompressedSize)
        return m
    }

    /// Encodes a message as a protobuf `LogMsg`, as sent over gRPC.
    public static func encode(logMsg message: LogMsg, compression: RRDCompression = .lz4) throws(RRDError) -> ProtoLogMsg {
        var p = ProtoLogMsg()
        switch message {
        case .setStoreInfo(let info): p.setStoreInfo = info.proto
        case .blueprintActivation(let command): p.blueprintActivationCommand = command.proto
        case .arrow(var arrow):
            arrow.compression = compression
            p.arrowMsg = try arrow.proto().message
        }
        return p
    }
}
