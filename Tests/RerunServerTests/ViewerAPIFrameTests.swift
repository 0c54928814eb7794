import Foundation
import Testing
@testable import RerunServer

/// The frame codec: layout, alignment, and rejection of malformed frames with a clear error.
@Suite struct ViewerAPIFrameTests {
    @Test func framesPadTheJSONAndAlignEveryBuffer() throws {
        var message = ViewerMessage(type: "t", re: 3, budget: 1 << 20)
        let a = try message.payload.append(values: [UInt8](repeating: 1, count: 3))
        let b = try message.payload.append(values: [Double](repeating: 2.5, count: 5))
        message.set("a", .int(a))
        message.set("b", .int(b))
        let frame = try message.encoded()
        let length = Int(frame[0]) | Int(frame[1]) << 8 | Int(frame[2]) << 16 | Int(frame[3]) << 24
        let start = ViewerFrame.payloadStart(jsonLength: length)
        #expect(start % 8 == 0)
        #expect(frame[(4 + length)..<start].allSatisfy { $0 == 0 })
        let reply = try ViewerReply(frame)
        let buffers = try #require(reply["buffers"] as? [[Int]])
        #expect(buffers == [[0, 3], [8, 40]])
        #expect(reply.values(1, as: Double.self) == [2.5, 2.5, 2.5, 2.5, 2.5])
        #expect(reply.bytes(0) == [1, 1, 1])
        #expect(reply["re"] as? Int == 3)
        // No payload: no padding.
        let bare = ViewerFrame.encode(json: Array(#"{"type":"x"}"#.utf8))
        #expect(bare.count == 4 + 12)
        #expect(try ViewerFrame.decode(bare).payload.isEmpty)
    }

    @Test func malformedFramesAreRejectedWithReasons() {
        func reason(_ bytes: [UInt8]) -> String {
            do {
                _ = try ViewerFrame.decode(bytes)
                return "accepted"
            } catch {
                #expect(error.code == .badFrame)
                return error.message
            }
        }
        #expect(reason([]).contains("binary frames"))
        #expect(reason([1, 0]).contains("shorter"))
        #expect(reason([200, 0, 0, 0, 1]).contains("past the frame end"))
        #expect(reason(ViewerFrame.encode(json: Array("{nope".utf8))).contains("not valid JSON"))
        #expect(reason(ViewerFrame.encode(json: Array("[1,2]".utf8))).contains("not an object"))
        #expect(reason(ViewerFrame.encode(json: Array(#"{"id":1}"#.utf8))).contains("'type'"))
        #expect(reason(ViewerFrame.encode(json: Array(#"{"type":"a","buffers":[[0,16]]}"#.utf8), payload: [1, 2, 3])).contains("buffers[0]"))
        #expect(reason(ViewerFrame.encode(json: Array(#"{"type":"a","buffers":[[3,1]]}"#.utf8), payload: [1, 2, 3, 4, 5])).contains("buffers[0]"))
        var padded = ViewerFrame.encode(json: Array(#"{"type":"ab"}"#.utf8), payload: [9])
        padded[17] = 1
        #expect(reason(padded).contains("padding"))
    }

    @Test func responsesOverTheBudgetAreRefused() throws {
        var payload = ViewerPayload(budget: 100)
        _ = try payload.append(values: [UInt8](repeating: 0, count: 60))
        #expect(throws: ViewerError.self) { _ = try payload.append(values: [UInt8](repeating: 0, count: 60)) }
        var message = ViewerMessage(type: "big", budget: 50)
        message.set("text", .string(String(repeating: "x", count: 100)))
        #expect(throws: ViewerError.self) { _ = try message.encoded() }
    }
}
