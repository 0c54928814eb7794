import Foundation
import RerunProtos
import RerunTestSupport
import SwiftProtobuf
import Testing

/// Decodes every message of the official 0.41 fixtures with the generated types, compares the
/// result with the spec's independent reference reader (`rrd_ref.py inspect`), and checks that
/// SwiftProtobuf re-serializes each payload to the identical bytes.
@Suite struct FixtureDecodingTests {
    static let fixtureNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Oracle.fixturesDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".rrd") || $0.hasSuffix(".rbl") }.sorted()
    }()

    @Test func fixturesArePresent() {
        #expect(Self.fixtureNames.count >= 15, "expected the official fixtures in \(Oracle.fixturesDirectory.path)")
        for name in ["blueprint.rbl", "no_footer.rrd", "compression_none.rrd", "points_lines.rrd"] {
            #expect(Self.fixtureNames.contains(name))
        }
    }

    /// One decoded message.
    enum Decoded {
        case end(Proto.RrdFooter)
        case setStoreInfo(Proto.SetStoreInfo)
        case arrowMsg(Proto.ArrowMsg)
        case blueprintActivation(Proto.BlueprintActivationCommand)
    }

    static func decode(_ message: RRDFraming.Message) throws -> Decoded {
        switch message.kind {
        case 0: .end(try Proto.RrdFooter(serializedBytes: message.payload))
        case 1: .setStoreInfo(try Proto.SetStoreInfo(serializedBytes: message.payload))
        case 2: .arrowMsg(try Proto.ArrowMsg(serializedBytes: message.payload))
        case 3: .blueprintActivation(try Proto.BlueprintActivationCommand(serializedBytes: message.payload))
        default: throw RRDFraming.Failure(description: "unexpected kind \(message.kind)")
        }
    }

    static func reserialize(_ decoded: Decoded) throws -> Data {
        switch decoded {
        case .end(let m): try m.serializedData()
        case .setStoreInfo(let m): try m.serializedData()
        case .arrowMsg(let m): try m.serializedData()
        case .blueprintActivation(let m): try m.serializedData()
        }
    }

    static let kindNames: [UInt64: String] = [0: "End", 1: "SetStoreInfo", 2: "ArrowMsg", 3: "BlueprintActivationCommand"]

    @Test(arguments: fixtureNames)
    func decodesLikeTheReferenceReader(_ name: String) throws {
        let path = Oracle.fixturesDirectory.appendingPathComponent(name).path
        let fileBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let framed = try RRDFraming.messages(in: fileBytes)
        let oracle = try OracleInspection.run(path)

        // Framing: the same message kinds, offsets and lengths, in the same order.
        try #require(framed.count == oracle.messages.count, "\(name): \(framed.count) messages, oracle \(oracle.messages.count)")
        for (ours, theirs) in zip(framed, oracle.messages) {
            #expect(Self.kindNames[ours.kind] == theirs.kind)
            #expect(ours.payloadOffset == theirs.payloadOffset)
            #expect(ours.payload.count == theirs.length)
        }

        var arrowMsgs: [(offset: Int, size: Int, message: Proto.ArrowMsg)] = []
        var footers: [Proto.RrdFooter] = []
        for (ours, theirs) in zip(framed, oracle.messages) {
            let decoded = try Self.decode(ours)
            switch decoded {
            case .setStoreInfo(let m):
                #expect(ProtoSummary.setStoreInfo(m) == theirs.summary, "\(name) @\(ours.payloadOffset)")
                #expect(m.hasRowID && m.rowID.hasTimeNs && m.rowID.hasInc)
                #expect(m.info.hasStoreSource && m.info.storeID.hasApplicationID)
                #expect(!m.info.hasApplicationID, "the 0.41 SDK does not write the deprecated application_id")
                if m.info.hasStoreVersion {
                    // crate_version_bits holds the same bytes as the StreamHeader version (spec §3.4).
                    #expect(m.info.storeVersion.versionBytes == Array(fileBytes[4..<8]))
                }
                if m.info.storeSource.kind == .pythonSdk {
                    let python = try Proto.PythonVersion(serializedBytes: m.info.storeSource.extra.payload)
                    #expect(python.major == 3 && python.minor > 0)
                    #expect(python.unknownFields.data.isEmpty)
                }
                #expect(UnknownFields.count(m) == 0)
            case .arrowMsg(let m):
                #expect(ProtoSummary.arrowMsg(m) == theirs.summary, "\(name) @\(ours.payloadOffset)")
                #expect(m.encoding == .arrowIpc)
                #expect(m.compression == .lz4 || m.compression == .none)
                if m.compression == .none { #expect(UInt64(m.payload.count) == m.uncompressedSize) }
                #expect(UnknownFields.count(m) == 0)
                arrowMsgs.append((ours.payloadOffset, ours.payload.count, m))
            case .blueprintActivation(let m):
                #expect(ProtoSummary.blueprintActivation(m) == theirs.summary, "\(name) @\(ours.payloadOffset)")
                #expect(m.blueprintID.kind == .blueprint)
                #expect(UnknownFields.count(m) == 0)
            case .end(let m):
                #expect(UnknownFields.count(m) == 0)
                footers.append(m)
            }

            // Round trip: prost and SwiftProtobuf both write fields in field-number order, with
            // the same presence rules, so the bytes must be identical.
            let reencoded = try Self.reserialize(decoded)
            #expect(reencoded == ours.payload, "\(name) @\(ours.payloadOffset): re-encoded bytes differ")
        }

        // The footer: one manifest per store with chunks, matching the oracle's manifest list, and
        // its chunk columns match the ArrowMsgs we framed and decoded.
        let manifests = footers.flatMap(\.manifests)
        #expect(manifests.count == oracle.manifests.count, "\(name): manifest count")
        if name == "no_footer.rrd" {
            #expect(footers.isEmpty && oracle.streamFooter == "no StreamFooter")
        } else {
            #expect(footers.count == 1 && oracle.streamFooter.hasSuffix("(OK)"))
        }
        for (manifest, theirs) in zip(manifests, oracle.manifests) {
            #expect(ProtoSummary.storeId(manifest.storeID) == theirs.storeId)
            #expect(manifest.hasSorbetSchema && manifest.sorbetSchema.hasArrowSchema)
            #expect(manifest.hasSorbetSchemaSha256 && manifest.sorbetSchemaSha256.count == 32)
            #expect(manifest.data.encoderVersion == .v0)
            #expect(manifest.data.hasPayload)
            let chunks = arrowMsgs.filter { $0.message.storeID == manifest.storeID }
            #expect(!chunks.isEmpty)
            // The manifest is compressed like the chunks (LZ4 from the SDK, none after `transcode --off`).
            #expect(chunks.allSatisfy { $0.message.compression == manifest.data.compression })
            #expect(pythonIntList(theirs.columns["chunk_byte_offset"]) == chunks.map(\.offset))
            #expect(pythonIntList(theirs.columns["chunk_byte_size"]) == chunks.map(\.size))
            #expect(pythonIntList(theirs.columns["chunk_byte_size_uncompressed"]) == chunks.map { Int($0.message.uncompressedSize) })
            #expect(pythonStringList(theirs.columns["chunk_id"]) == chunks.map { ProtoSummary.tuidLowercase($0.message.chunkID) })
            #expect(pythonStringList(theirs.columns["chunk_is_static"]) == chunks.map { $0.message.isStatic ? "True" : "False" })
        }
    }
}
