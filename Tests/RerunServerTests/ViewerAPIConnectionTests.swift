import Foundation
import Logging
import Rerun
import RerunModel
import RerunRRD
import Testing
@testable import RerunServer

/// `ViewerConnection.run` over in-memory streams with a real `RecordingHub`: the session
/// handshake, pushes, queries, errors that leave the session usable, and push throttling.
@Suite struct ViewerAPIConnectionTests {
    /// A hub holding 20 frames of points and text logs made with our SDK.
    static func hub() async throws -> RecordingHub {
        let hub = RecordingHub(logger: Logger(label: "viewer-test-hub"))
        let messages = try viewerSDKMessages { rec in
            for i in 0..<20 {
                rec.setTime("frame", sequence: Int64(i))
                try rec.log("world/points", Points3D(positions: [[Float(i), 0, 0]]))
                try rec.log("log", TextLog("line \(i)"))
            }
        }
        for message in messages { await hub.ingest(message, from: "test") }
        return hub
    }

    @Test func sessionHandshakePushesQueriesAndSurvivesBadFrames() async throws {
        let hub = try await Self.hub()
        let session = ViewerTestSession(hub: hub, limits: ViewerLimits(maxRequestBytes: 4096))
        try await withViewerTimeout {
            var it = session.received.makeAsyncIterator()
            var seen: [(ContinuousClock.Instant, ViewerReply)] = []
            session.send(#"{"type":"hello","id":0,"protocol":1}"#)
            let welcome = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "welcome" })
            #expect(welcome["re"] as? Int == 0)
            #expect(welcome["protocol"] as? Int == 1)
            let recordings = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "recordings" })
            let list = try #require(recordings["list"] as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list[0]["application_id"] as? String == "viewer_api_test")
            #expect(list[0]["kind"] as? String == "recording")
            #expect(list[0]["rows"] as? Int == 40)
            let id = try #require(list[0]["id"] as? String)

            session.send(#"{"type":"open","id":1,"recording":null,"buckets":20}"#)
            let opened = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "opened" })
            #expect(opened["recording"] as? String == id)
            // (A push built before `open` may still carry the default 512 buckets.)
            let density = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "density" && $0["buckets"] as? Int == 20 })
            #expect(density["timeline"] as? String == "frame")
            #expect((density["entities"] as? [String: [Int]])?["/world/points"] == Array(repeating: 1, count: 20))
            #expect(seen.contains { $0.1.type == "tree" })
            #expect(seen.contains { $0.1.type == "timelines" })

            // Malformed, oversized, unknown and incomplete requests: errors, and the session goes on.
            session.sendRaw([1, 2])
            let bad = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "error" })
            #expect(bad["code"] as? String == "bad_frame")
            session.sendRaw([9, 0, 0, 0] + Array("{\"type\":".utf8))
            #expect(try await viewerWait(&it, seen: &seen) { $0.type == "error" }?["code"] as? String == "bad_frame")
            session.sendRaw(ViewerFrame.encode(json: Array(#"{"type":"latest_at","id":5}"#.utf8), payload: Array(repeating: 7, count: 5000)))
            #expect(try await viewerWait(&it, seen: &seen) { $0.type == "error" }?["code"] as? String == "too_large")
            session.send(#"{"type":"warp","id":6}"#)
            let unknown = try #require(try await viewerWait(&it, seen: &seen) { $0.type == "error" })
            #expect(unknown["code"] as? String == "unknown_type")
            #expect(unknown["re"] as? Int == 6)
            session.send(#"{"type":"latest_at","id":7,"recording":"recording:nope/nope","timeline":"frame","time":3,"entities":["/world/points"]}"#)
            #expect(try await viewerWait(&it, seen: &seen) { $0.type == "error" }?["code"] as? String == "not_found")

            session.send(#"{"type":"latest_at","id":8,"timeline":"frame","time":3,"entities":["/world/points"]}"#)
            let answer = try #require(try await viewerWait(&it, seen: &seen) { $0["re"] as? Int == 8 })
            #expect(answer.type == "latest_at_result")
            let cell = try #require(((answer["entities"] as? [[String: Any]])?.first?["components"] as? [[String: Any]])?.first)
            #expect(answer.values(cell["buffer"] as! Int, as: Float.self) == [3, 0, 0])

            session.send(#"{"type":"text_log","id":9,"recording":"\#(id)","timeline":"frame","at":19,"limit":2}"#)
            let text = try #require(try await viewerWait(&it, seen: &seen) { $0["re"] as? Int == 9 })
            #expect(text["total"] as? Int == 20)
            #expect((text["rows"] as? [[String: Any]])?.map { $0["text"] as? String } == ["line 18", "line 19"])
            // No push answers a request, and every frame decodes.
            #expect(seen.allSatisfy { $0.1.type != "error" || $0.1["code"] != nil })
            return ()
        }
        await session.close()
    }

    @Test func cancelledRequestsAreAnsweredWithCancelled() async throws {
        let hub = try await Self.hub()
        // A slow socket keeps requests queued long enough to be cancelled.
        let session = ViewerTestSession(hub: hub, sendDelay: .milliseconds(100))
        try await withViewerTimeout {
            var it = session.received.makeAsyncIterator()
            var seen: [(ContinuousClock.Instant, ViewerReply)] = []
            for id in 1...4 {
                session.send(#"{"type":"latest_at","id":\#(id),"timeline":"frame","time":3,"entities":["/world/points"]}"#)
            }
            session.send(#"{"type":"cancel","id":100,"target":4}"#)
            let last = try #require(try await viewerWait(&it, seen: &seen) { $0["re"] as? Int == 4 })
            #expect(last.type == "error")
            #expect(last["code"] as? String == "cancelled")
            #expect(seen.filter { $0.1.type == "latest_at_result" }.count == 3, "\(seen.map(\.1.object))")
            return ()
        }
        await session.close()
    }

    /// While data streams in continuously, pushes of each kind are at least 100 ms apart
    /// (≤ 10 Hz), they keep coming (the newest state arrives), and nothing is pushed before `hello`.
    @Test func pushesAreThrottledToTenPerSecond() async throws {
        let hub = RecordingHub(logger: Logger(label: "viewer-test-hub"))
        // One chunk per message: 300 separately made single-row recordings with the same ids.
        var messages: [LogMsg] = []
        for i in 0..<300 {
            let part = try viewerSDKMessages { rec in
                rec.setTime("frame", sequence: Int64(i))
                try rec.log("signal", Scalars(Double(i)))
            }
            messages += i == 0 ? part : part.filter { if case .arrow = $0 { true } else { false } }
        }
        let feed = messages
        await hub.ingest(feed[0], from: "test")
        let session = ViewerTestSession(hub: hub)
        try await withViewerTimeout {
            var it = session.received.makeAsyncIterator()
            var seen: [(ContinuousClock.Instant, ViewerReply)] = []
            try await Task.sleep(for: .milliseconds(150))
            session.send(#"{"type":"hello","id":0,"protocol":1}"#)
            let first = try #require(try await viewerWait(&it, seen: &seen) { _ in true })
            #expect(first.type == "welcome", "\(first.object)")  // nothing was pushed before hello
            session.send(#"{"type":"open","id":1,"recording":null}"#)
            // Ingest for about 1.5 s: one message every 5 ms.
            let feeder = Task {
                for m in feed.dropFirst() {
                    await hub.ingest(m, from: "test")
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            await feeder.value
            // Wait for the final state: the timelines push covering the last frame.
            _ = try await viewerWait(&it, seen: &seen) { reply in
                reply.type == "timelines" && ((reply["list"] as? [[String: Any]])?.first?["max"] as? Int) == 299
            }
            for kind in ["recordings", "tree", "timelines", "density"] {
                let times = seen.filter { $0.1.type == kind }.map(\.0)
                #expect(times.count >= 3, "\(kind): \(times.count) pushes")
                #expect(times.count <= 40, "\(kind): \(times.count) pushes")
                // The server spaces pushes ≥ 100 ms apart; what the test sees also carries delivery
                // jitter, so each gap is checked loosely (the feed alone would give 5 ms gaps) and
                // the average strictly (jitter does not accumulate).
                for (a, b) in zip(times, times.dropFirst()) {
                    #expect(b - a >= .milliseconds(50), "\(kind) pushes \(b - a) apart")
                }
                if let firstTime = times.first, let lastTime = times.last, times.count > 1 {
                    let average = (lastTime - firstTime) / (times.count - 1)
                    #expect(average >= .milliseconds(95), "\(kind) pushes \(average) apart on average")
                }
            }
            return ()
        }
        await session.close()
    }

    /// A socket that never completes a send: the connection ends when the inbound ends (no hang),
    /// and pushes do not pile up (at most one pending frame per kind).
    @Test func aStuckSocketDoesNotGrowMemory() async throws {
        let hub = try await Self.hub()
        let outbox = ViewerOutbox()
        // Nobody writes: each push waits until a newer one of its kind replaces it.
        try await withViewerTimeout(.seconds(30)) {
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<1000 {
                    group.addTask { await outbox.push(kind: i % 2 == 0 ? "tree" : "density", frame: [UInt8](repeating: 0, count: 1000)) }
                }
                for _ in 0..<998 { await group.next() }
                #expect(await outbox.pendingPushes == 2)
                await outbox.close()
            }
        }

        let session = ViewerTestSession(hub: hub, sendDelay: .seconds(3600))
        session.send(#"{"type":"hello","id":0,"protocol":1}"#)
        try await Task.sleep(for: .milliseconds(100))
        try await withViewerTimeout(.seconds(10)) {
            session.task.cancel()
            await session.close()
        }
    }
}
