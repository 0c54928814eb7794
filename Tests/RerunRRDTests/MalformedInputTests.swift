import Foundation
import RerunArrow
import RerunArrowIPC
import RerunChunk
import RerunModel
import RerunProtos
import RerunRRD
import RerunTestSupport
import SwiftProtobuf
import Testing

enum StoreInfoBytes {
    static func make() throws -> [UInt8] {
        var m = Rerun_LogMsg_V1alpha1_SetStoreInfo()
        m.rowID = Rerun_Common_V1alpha1_Tuid(timeNs: 1, inc: 1)
        m.info.storeID = Rerun_Common_V1alpha1_StoreId(kind: .recording, recordingID: "r", applicationID: "a")
        m.info.storeSource = .other("x")
        return try m.serializedBytes()
    }
}

/// Hand-made bad messages: each gives a clear error naming the problem and where.
@Suite struct MalformedInputTests {
    let header = RRDFraming.StreamHeader(compressed: true).bytes
    let store = StoreID(kind: .recording, recordingID: "r", applicationID: "a")

    func framed(_ kind: RRDFraming.MessageKind, _ payload: [UInt8]) -> [UInt8] {
        RRDFraming.MessageHeader(kind: kind, length: payload.count).bytes + payload
    }

    func arrowMsg(payload: [UInt8], compression: Rerun_Common_V1alpha1_Compression, uncompressedSize: Int) throws -> [UInt8] {
        var m = Rerun_LogMsg_V1alpha1_ArrowMsg()
        m.storeID = Rerun_Common_V1alpha1_StoreId(kind: .recording, recordingID: "r", applicationID: "a")
        m.compression = compression
        m.uncompressedSize = UInt64(uncompressedSize)
        m.encoding = .arrowIpc
        m.payload = Data(payload)
        m.chunkID = Rerun_Common_V1alpha1_Tuid(timeNs: 1, inc: 2)
        return try m.serializedBytes()
    }

    func expectError(_ bytes: [UInt8], _ fragment: String, offset: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let (_, error) = decodePrefix(bytes)
        #expect(error != nil, "expected an error containing '\(fragment)'", sourceLocation: sourceLocation)
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))", sourceLocation: sourceLocation)
        if let offset { #expect(error?.offset == offset, "\(String(describing: error))", sourceLocation: sourceLocation) }
    }

    @Test func corruptLZ4() throws {
        let bad = try arrowMsg(payload: [0xF0, 0x01, 0x02], compression: .lz4, uncompressedSize: 500)
        expectError(header + framed(.arrowMsg, bad), "LZ4 payload is corrupt", offset: 28)
    }

    @Test func impossibleUncompressedSizeIsRefusedBeforeAllocating() throws {
        let bad = try arrowMsg(payload: [0x10, 0x41], compression: .lz4, uncompressedSize: 1 << 40)
        expectError(header + framed(.arrowMsg, bad), "is impossible for a 2-byte LZ4 block")
    }

    @Test func corruptProtobuf() {
        expectError(header + framed(.arrowMsg, [0xFF, 0xFF, 0xFF, 0xFF]), "ArrowMsg protobuf is invalid", offset: 28)
        expectError(header + framed(.setStoreInfo, [0x0A, 0x50, 0x01]), "SetStoreInfo protobuf is invalid", offset: 28)
    }

    /// A corrupt message is reported and skipped: the following messages still decode, and
    /// `finish()` after an error never traps (found by FuzzRRD).
    @Test func decodingContinuesAfterACorruptMessage() throws {
        let info = try StoreInfoBytes.make()
        var decoder = RRDDecoder()
        decoder.push(header + framed(.setStoreInfo, [0xFF, 0xFF, 0xFF]) + framed(.setStoreInfo, info) + framed(.end, []))
        let first = try decoder.next()
        guard case .streamHeader = first else { Issue.record("expected the stream header"); return }
        #expect(throws: RRDError.self) { _ = try decoder.next() }  // the corrupt SetStoreInfo
        var afterError: [RRDDecoder.Event] = []
        while let event = try decoder.next() { afterError.append(event) }
        #expect(messages(afterError).count == 1)
        try decoder.finish()
        var early = RRDDecoder()
        early.push(header + framed(.setStoreInfo, [0xFF]) + framed(.end, []))
        _ = try? early.next()  // header
        _ = try? early.next()  // corrupt message
        #expect(throws: RRDError.self) { try early.finish() }  // the End message is still unread: an error, not a trap
    }

    @Test func garbageArrowPayload() throws {
        let bad = try arrowMsg(payload: Array(repeating: 0xAB, count: 64), compression: .none, uncompressedSize: 64)
        expectError(header + framed(.arrowMsg, bad), "Arrow IPC payload is invalid", offset: 28)
    }

    @Test func missingRequiredFields() throws {
        var info = Rerun_LogMsg_V1alpha1_SetStoreInfo()
        info.info.storeID = Rerun_Common_V1alpha1_StoreId(kind: .recording, recordingID: "r", applicationID: "a")
        info.info.storeSource = .other("x")
        expectError(header + framed(.setStoreInfo, try info.serializedBytes()), "SetStoreInfo has no row_id")
        var noApp = Rerun_LogMsg_V1alpha1_ArrowMsg()
        noApp.storeID.kind = .recording
        noApp.storeID.recordingID = "r"
        expectError(header + framed(.arrowMsg, try noApp.serializedBytes()), "has no application id")
    }

    /// An Arrow batch whose columns disagree with the batch length (a patched field node).
    @Test func columnsThatDisagreeInLength() throws {
        let ipc = try Oracle.runPython("""
            import sys, pyarrow as pa
            n = 0x0123456789
            rows = pa.array([bytes(16)] * 3, pa.binary(16))
            vals = pa.array([[1.0], [2.0], [3.0]], pa.list_(pa.float64()))
            schema = pa.schema([pa.field("rerun.controls.RowId", pa.binary(16), False, metadata={"rerun:kind": "control"}),
                                pa.field("x", vals.type, metadata={"rerun:kind": "data"})],
                               metadata={"rerun:entity_path": "/e", "rerun:id": "chunk_" + "0" * 32})
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, schema) as w:
                w.write_batch(pa.record_batch([rows, vals], schema=schema))
            sys.stdout.buffer.write(sink.getvalue().to_pybytes())
            """)
        var bytes = Array(ipc)
        // Field nodes are (length: i64, null_count: i64) = (3, 0); make the list column's node say 2.
        let node: [UInt8] = [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        var positions: [Int] = []
        var i = 0
        while i + node.count <= bytes.count {
            if Array(bytes[i..<i + node.count]) == node { positions.append(i); i += node.count } else { i += 1 }
        }
        try #require(positions.count >= 2, "field nodes not found")
        bytes[positions[1]] = 2
        let bad = try arrowMsg(payload: bytes, compression: .none, uncompressedSize: bytes.count)
        let (_, error) = decodePrefix(header + framed(.arrowMsg, bad))
        #expect(error?.kind == .corrupt, "\(String(describing: error))")
        #expect(error?.offset == 28)
    }

    /// A manifest whose byte offset points nowhere: our verifier and the official one both reject it.
    @Test func lyingManifestIsRejectedByBothVerifiers() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = try decodeAll(readFixture(Oracle.fixturesDirectory.appendingPathComponent("text.rrd")))
        var bytes = try reencode(events, compression: .none)
        let firstChunkOffset = try decodeAll(bytes).compactMap { e -> Int? in
            if case .message(.arrow, _, let streamOffset, _) = e { streamOffset } else { nil }
        }.first!
        let needle = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(firstChunkOffset) >> (8 * UInt64($0))) }
        let footerStart = bytes.count - 32 - 6000 > 0 ? bytes.count - 32 - 6000 : 0
        guard let at = (footerStart..<(bytes.count - 8)).first(where: { Array(bytes[$0..<$0 + 8]) == needle }) else {
            Issue.record("manifest offset not found")
            return
        }
        bytes[at] &+= 3
        let file = dir.appendingPathComponent("lying.rrd")
        try Data(bytes).write(to: file)
        let ours = try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["rrd", "verify", file.path])
        #expect(ours.status != 0)
        #expect(ours.output.contains("no ArrowMsg at stream byte \(firstChunkOffset + 3)"), "\(ours.output)")
        let official = try Oracle.runRerun(["rrd", "verify", file.path])
        #expect(official.status != 0, "the official verifier accepted a lying manifest:\n\(official.output)")
    }

    /// A footer whose manifest dataframe is garbage: the stream still decodes (a load does not
    /// need the manifest, so it is decoded only when asked for), asking for the manifest throws
    /// an error naming it, and `rrd verify` rejects the file.
    @Test func corruptManifestDataIsReportedWhenAskedFor() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = try decodeAll(readFixture(Oracle.fixturesDirectory.appendingPathComponent("text.rrd")))
        let good = try reencode(events, compression: .lz4)
        guard let endOffset = try decodeAll(good).compactMap({ e -> Int? in
            if case .footer(_, let offset) = e { offset } else { nil }
        }).first else {
            Issue.record("no footer in the re-encoded file")
            return
        }
        let length = Int(good[(endOffset - 8)..<endOffset].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        var footer = try Rerun_LogMsg_V1alpha1_RrdFooter(serializedBytes: Array(good[endOffset..<(endOffset + length)]))
        try #require(!footer.manifests.isEmpty)
        footer.manifests[0].data.compression = .none
        footer.manifests[0].data.payload = Data(repeating: 0xAB, count: 64)
        let bad = Array(good[..<(endOffset - 16)]) + framed(.end, try footer.serializedBytes())

        let decoded = try decodeAll(bad)
        #expect(messages(decoded).count == messages(events).count, "every message still decodes")
        let manifests = decoded.flatMap { e -> [RRDFooter.Manifest] in
            if case .footer(let footer, _) = e { footer.manifests } else { [] }
        }
        try #require(manifests.count == footer.manifests.count)
        #expect(throws: RRDError.self) { try manifests[0].data() }
        do {
            try manifests[0].validate()
            Issue.record("a garbage manifest validated")
        } catch {
            #expect(error.kind == .corrupt && error.offset == endOffset, "\(error)")
            #expect("\(error)".contains("RrdFooter manifest 0 data"), "\(error)")
        }
        #expect(throws: Never.self) { _ = try manifests[0].sorbetSchema() }

        let file = dir.appendingPathComponent("bad-manifest.rrd")
        try Data(bad).write(to: file)
        let ours = try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["rrd", "verify", file.path])
        #expect(ours.status != 0)
        #expect(ours.output.contains("RrdFooter manifest 0 data"), "\(ours.output)")
    }

    /// Truncation at every byte offset of a whole official file.
    @Test func truncationAtEveryByteOffset() throws {
        let bytes = try readFixture(Oracle.fixturesDirectory.appendingPathComponent("no_footer.rrd"))
        let ends = try decodeAll(bytes).compactMap { e -> Int? in
            if case .message(_, let offset, _, let length) = e { offset + length } else { nil }
        }
        for length in 1..<bytes.count {
            let (events, error) = decodePrefix(Array(bytes.prefix(length)))
            #expect(messages(events).count == ends.filter { $0 <= length }.count, "prefix \(length)")
            if ends.contains(length) || length == 12 {
                #expect(error == nil, "prefix \(length): \(String(describing: error))")
            } else {
                #expect(error?.kind == .truncated, "prefix \(length): \(String(describing: error))")
            }
        }
    }
}
