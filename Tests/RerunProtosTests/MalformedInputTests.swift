import Foundation
import RerunProtos
import RerunTestSupport
import SwiftProtobuf
import Testing

/// Bad protobuf bytes throw a decoding error; they never trap or hang.
@Suite struct MalformedInputTests {

    /// A real ArrowMsg payload from an official fixture.
    private func realArrowMsgPayload() throws -> Data {
        let path = Oracle.fixturesDirectory.appendingPathComponent("points_lines.rrd").path
        let messages = try RRDFraming.messages(in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        return try #require(messages.first { $0.kind == 2 }).payload
    }

    @Test func truncatedInsideAFieldThrows() throws {
        let payload = try realArrowMsgPayload()
        #expect(throws: Never.self) { try Proto.ArrowMsg(serializedBytes: payload) }
        // Every cut that lands inside the store id, the payload bytes or the chunk id is truncated.
        var thrown = 0, decoded = 0
        for cut in 1..<payload.count {
            do {
                _ = try Proto.ArrowMsg(serializedBytes: payload.prefix(cut))
                decoded += 1  // the cut fell on a field boundary: a valid (shorter) message
            } catch {
                thrown += 1
            }
        }
        #expect(decoded < 10)
        #expect(thrown >= payload.count - 10)
        // Cutting the Arrow payload (field 5) in half must be reported as truncated.
        #expect(throws: BinaryDecodingError.truncated) { try Proto.ArrowMsg(serializedBytes: payload.prefix(payload.count / 2)) }
    }

    @Test func malformedEncodingsThrow() {
        let cases: [(String, [UInt8])] = [
            ("length prefix beyond the end", [0x2A, 0x05, 0x01]),
            ("varint of 11 bytes", [0x18] + Array(repeating: 0xFF, count: 10) + [0x01]),
            ("wire type 7", [0x0F, 0x00]),
            ("field number 0", [0x00, 0x01]),
            ("fixed64 cut short", [0x32, 0x03, 0x09, 0x01, 0x02]),
            ("end group without start", [0x0C]),
            ("unterminated unknown group", [0x7B, 0x08, 0x01]),
            ("store_id declared 1 byte long, none follows", [0x0A, 0x01]),
        ]
        for (what, bytes) in cases {
            #expect(throws: (any Error).self, "\(what)") { try Proto.ArrowMsg(serializedBytes: Data(bytes)) }
        }
    }

    @Test func aWrongWireTypeIsKeptAsAnUnknownField() throws {
        // store_id (field 1, a message) sent as a varint: SwiftProtobuf, like other protobuf
        // runtimes, keeps it as an unknown field instead of failing; readers check presence.
        let message = try Proto.ArrowMsg(serializedBytes: Data([0x08, 0x01]))
        #expect(!message.hasStoreID)
        #expect(message.unknownFields.data == Data([0x08, 0x01]))
    }

    @Test func deeplyNestedUnknownGroupsThrowInsteadOfOverflowingTheStack() {
        // 100 000 nested start-group tags of an unknown field number 15.
        let bytes = Data(repeating: 0x7B, count: 100_000)
        #expect(throws: (any Error).self) { try Proto.LogMsg(serializedBytes: bytes) }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 0x5EED)
        var thrown = 0
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...64, using: &rng)
            let bytes = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
            do {
                _ = try Proto.LogMsg(serializedBytes: bytes)
                _ = try Proto.SetStoreInfo(serializedBytes: bytes)
                _ = try Proto.RrdFooter(serializedBytes: bytes)
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 4_000)
    }

    @Test func mutatedRealMessagesNeverTrap() throws {
        let payload = [UInt8](try realArrowMsgPayload())
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            var bytes = payload
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            let decoded = try? Proto.ArrowMsg(serializedBytes: Data(bytes))
            _ = decoded?.payload.count
        }
    }
}
