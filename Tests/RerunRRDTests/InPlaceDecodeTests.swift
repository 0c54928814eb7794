import Foundation
import RerunArrow
import RerunChunk
import RerunModel
import RerunProtos
import RerunRRD
import RerunTestSupport
import SwiftProtobuf
import Testing

/// The `ArrowMsg` decoder that reads protobuf in place (no SwiftProtobuf, no payload copy) and the
/// reader that reads files straight into the decoder's buffer give what SwiftProtobuf gives.
@Suite struct InPlaceDecodeTests {
    let header = RRDFraming.StreamHeader(compressed: true).bytes

    func framed(_ kind: RRDFraming.MessageKind, _ payload: [UInt8]) -> [UInt8] {
        RRDFraming.MessageHeader(kind: kind, length: payload.count).bytes + payload
    }

    func expectSameChunk(_ a: Chunk, _ b: Chunk, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.id == b.id, sourceLocation: sourceLocation)
        #expect(a.entityPath == b.entityPath, sourceLocation: sourceLocation)
        let x = a.recordBatch(), y = b.recordBatch()
        #expect(x.schema == y.schema, sourceLocation: sourceLocation)
        #expect(x.columns.count == y.columns.count, sourceLocation: sourceLocation)
        for (p, q) in zip(x.columns, y.columns) {
            #expect(p.isLogicallyEqual(to: q), sourceLocation: sourceLocation)
        }
    }

    /// The ArrowMsg payloads of `bytes`, framed.
    func arrowPayloads(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var frames = RRDFrameDecoder { _ in 0 }
        frames.push(bytes)
        var out: [[UInt8]] = []
        while let item = try frames.next() {
            if case .message(.arrowMsg, let payload, _, _) = item { out.append(payload) }
        }
        return out
    }

    @Test func everyFixtureMessageDecodesAsThroughSwiftProtobuf() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Oracle.fixturesDirectory, includingPropertiesForKeys: nil)
            .filter { ["rrd", "rbl"].contains($0.pathExtension) }
        #expect(files.count >= 10)
        for url in files {
            let bytes = try readFixture(url)
            let ours = messages(try decodeAll(bytes, chunkSize: 1000)).compactMap { m -> ArrowMessage? in
                if case .arrow(let a) = m { a } else { nil }
            }
            let payloads = try arrowPayloads(bytes)
            #expect(ours.count == payloads.count, "\(url.lastPathComponent)")
            for (mine, payload) in zip(ours, payloads) {
                var log = ProtoLogMsg()
                log.arrowMsg = try Rerun_LogMsg_V1alpha1_ArrowMsg(serializedBytes: payload)
                guard case .arrow(let reference) = try RRDDecoder.decode(logMsg: log) else {
                    Issue.record("not an ArrowMsg")
                    continue
                }
                #expect(mine.storeID == reference.storeID, "\(url.lastPathComponent)")
                #expect(mine.compression == reference.compression)
                #expect(mine.encodedSize?.message == payload.count)
                #expect(reference.encodedSize?.message == payload.count, "decode(logMsg:) computes the encoded length")
                #expect(mine.encodedSize?.uncompressed == reference.encodedSize?.uncompressed)
                expectSameChunk(mine.chunk, reference.chunk)
            }
        }
    }

    /// A valid ArrowMsg's bytes, and its fields to rearrange.
    func sample() throws -> (message: Rerun_LogMsg_V1alpha1_ArrowMsg, chunk: Chunk) {
        let chunk = try Chunk(
            id: ChunkID(timeNanos: 7, increment: 9), entityPath: EntityPath(parsingForgiving: "/a/b"),
            rowIDs: [RowID(timeNanos: 1, increment: 1), RowID(timeNanos: 1, increment: 2)],
            timeColumns: [try TimeColumn(Timeline("frame", .sequence), times: [1, 2])],
            components: [try ComponentColumn(
                descriptor: ComponentDescriptor(component: "Scalars:scalars", archetype: "rerun.archetypes.Scalars",
                                                componentType: "rerun.components.Scalar"),
                data: try ArrayData.list(values: ArrayData.from([1.5, 2.5]), offsets: [0, 1, 2]))])
        var encoder = RRDEncoder(compression: .lz4)
        let store = StoreID(kind: .recording, recordingID: "rec", applicationID: "app")
        let bytes = try encoder.encode(.arrow(ArrowMessage(storeID: store, chunk: chunk))) + encoder.finish()
        let payload = try #require(try arrowPayloads(bytes).first)
        return (try Rerun_LogMsg_V1alpha1_ArrowMsg(serializedBytes: payload), chunk)
    }

    @Test func splitStoreIDAndUnknownFieldsDecodeAsProtobufMergesThem() throws {
        let (message, chunk) = try sample()
        // store_id written as two occurrences (protobuf merges them), plus an unknown field 99.
        var first = Rerun_LogMsg_V1alpha1_ArrowMsg()
        first.storeID.kind = .recording
        first.storeID.recordingID = "rec"
        var second = Rerun_LogMsg_V1alpha1_ArrowMsg()
        second.storeID.applicationID.id = "app"
        var rest = message
        rest.clearStoreID()
        var unknown: [UInt8] = [0x98, 0x06, 0x2A]  // field 99, varint 42
        unknown += [0x9A, 0x06, 0x02, 0x01, 0x02]  // field 99, 2 bytes
        let bytes: [UInt8] = try first.serializedBytes() + unknown + rest.serializedBytes() + second.serializedBytes()
        let reference = try Rerun_LogMsg_V1alpha1_ArrowMsg(serializedBytes: bytes)
        #expect(reference.storeID.applicationID.id == "app" && reference.storeID.recordingID == "rec")
        let events = try decodeAll(header + framed(.arrowMsg, bytes))
        guard case .arrow(let decoded)? = messages(events).first else {
            Issue.record("no ArrowMsg decoded")
            return
        }
        #expect(decoded.storeID == StoreID(kind: .recording, recordingID: "rec", applicationID: "app"))
        expectSameChunk(decoded.chunk, chunk)
    }

    @Test func malformedArrowMsgProtobufThrowsNamingWhatAndWhere() throws {
        let (message, _) = try sample()
        let good: [UInt8] = try message.serializedBytes()
        let cases: [([UInt8], String)] = [
            ([0x18], "truncated varint"),                                      // uncompressed_size tag, no value
            ([0x0A, 0x05, 0x01], "overruns"),                                  // store_id claims 5 bytes, 1 present
            ([0x28, 0x01], "field 5 has wire type 0, expected 2"),             // payload as a varint
            ([0x9B, 0x06], "groups"),                                          // unknown field 99, start-group
            ([0x0F], "unknown wire type 7"),
            ([0x00], "field number 0"),
            ([0x18] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "varint longer than 10 bytes"),
            (Array(good.dropFirst(good.count - 3)), "ArrowMsg"),               // a tail of a message
            ([0x10, 0x02, 0x20, 0x01], "ArrowMsg has no store_id"),
        ]
        for (payload, fragment) in cases {
            let (_, error) = decodePrefix(header + framed(.arrowMsg, payload))
            #expect(error?.kind == .corrupt || error?.kind == .unsupported, "\(payload): \(String(describing: error))")
            #expect(error?.description.contains(fragment) == true, "\(fragment) in \(payload): \(String(describing: error))")
            #expect(error.flatMap(\.offset).map { $0 >= 28 && $0 <= 28 + payload.count } == true,
                    "\(payload): \(String(describing: error))")
        }
        // Every truncation of a valid message throws (never traps), naming ArrowMsg, unless it
        // ends at a field boundary and SwiftProtobuf accepts it too.
        for cut in 0..<good.count {
            let prefix = Array(good.prefix(cut))
            let (_, error) = decodePrefix(header + framed(.arrowMsg, prefix))
            if let error {
                #expect(error.description.contains("ArrowMsg"), "cut at \(cut): \(error)")
            } else {
                let reference = try Rerun_LogMsg_V1alpha1_ArrowMsg(serializedBytes: prefix)
                #expect(reference.hasStoreID && !reference.payload.isEmpty, "cut at \(cut) decoded")
            }
        }
    }

    @Test func readerReadsLargeAndSmallMessagesFromFilesAsFromMemory() throws {
        let store = StoreID(kind: .recording, recordingID: "rec", applicationID: "app")
        var encoder = RRDEncoder(compression: .none)
        var bytes = try encoder.encode(.setStoreInfo(StoreInfo(storeID: store, rowID: TUID(timeNanos: 1, increment: 1), source: .other("test"))))
        // A 12 MB chunk (larger than the reader's 4 MiB reads) between small ones.
        for (i, count) in [10, 3_000_000, 5, 2_000_000, 1].enumerated() {
            let values = (0..<count).map { Double($0 + i) }
            let chunk = try Chunk(
                id: ChunkID(timeNanos: 100, increment: UInt64(i)), entityPath: EntityPath(parsingForgiving: "/big"),
                rowIDs: [RowID(timeNanos: 5, increment: UInt64(i))],
                timeColumns: [try TimeColumn(Timeline("frame", .sequence), times: [Int64(i)])],
                components: [try ComponentColumn(
                    descriptor: ComponentDescriptor(component: "Scalars:scalars"),
                    data: try ArrayData.list(values: ArrayData.from(values), offsets: [0, Int32(count)]))])
            bytes += try encoder.encode(.arrow(ArrowMessage(storeID: store, chunk: chunk, compression: i % 2 == 0 ? .none : .lz4)))
        }
        bytes += try encoder.finish()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inplace-\(UUID().uuidString).rrd")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var fromFile: [ArrowMessage] = []
        try RRDReader.read(.file(file.path)) { event in
            if case .message(.arrow(let a), _, _, _) = event { fromFile.append(a) }
        }
        let fromMemory = messages(try decodeAll(bytes, chunkSize: 777_777)).compactMap { m -> ArrowMessage? in
            if case .arrow(let a) = m { a } else { nil }
        }
        #expect(fromFile.count == 5 && fromMemory.count == 5)
        for (a, b) in zip(fromFile, fromMemory) { expectSameChunk(a.chunk, b.chunk) }

        // A truncated file: everything before the cut is delivered, then a truncation error.
        try Data(bytes.prefix(bytes.count / 2)).write(to: file)
        var delivered = 0
        #expect(throws: RRDError.self) {
            try RRDReader.read(.file(file.path)) { event in
                if case .message(.arrow, _, _, _) = event { delivered += 1 }
            }
        }
        #expect(delivered >= 1)
    }
}
