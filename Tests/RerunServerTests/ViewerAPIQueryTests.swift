import Foundation
import Rerun
import RerunArrow
import RerunModel
import RerunQuery
import RerunStore
import RerunTestSupport
import Testing
@testable import RerunServer

/// The viewer API's queries on real stores (our SDK's output and the official fixtures),
/// decoded from the frames they produce and compared with the store's own answers.
@Suite struct ViewerAPIQueryTests {
    /// 50 frames of points, a sine, text logs (every 5th an error), and static view coordinates.
    static func sdkStore() throws -> ChunkStore {
        try viewerSDKStore { rec in
            for i in 0..<50 {
                rec.setTime("frame", sequence: Int64(i))
                let f = Float(i)
                try rec.log("world/points", Points3D(positions: [[f, 1, 2], [3, 4, f]], colors: Components.Color(255, 0, 0)))
                try rec.log("plots/sine", Scalars(sin(Double(i))))
                try rec.log("log", TextLog("step \(i)", level: i % 5 == 0 ? .error : .info))
            }
            try rec.log("world", ViewCoordinates.rightHandZUp, static: true)
        }
    }

    func cells(_ reply: ViewerReply, _ path: String) -> [String: [String: Any]] {
        let entities = reply["entities"] as? [[String: Any]] ?? []
        let entity = entities.first { $0["path"] as? String == path }
        var out: [String: [String: Any]] = [:]
        for cell in entity?["components"] as? [[String: Any]] ?? [] { out[cell["component"] as! String] = cell }
        return out
    }

    @Test func latestAtAnswersTheStoresValuesAndHonoursHave() throws {
        let store = try Self.sdkStore()
        let reply = try viewerAsk(store, #"{"type":"latest_at","id":7,"timeline":"frame","time":10,"entities":["/world/points","/plots/sine","/log","/world","/missing"]}"#)
        #expect(reply.type == "latest_at_result")
        #expect(reply["re"] as? Int == 7)
        let points = cells(reply, "/world/points")
        let positions = try #require(points["Points3D:positions"])
        #expect(positions["dtype"] as? String == "f32")
        #expect(positions["width"] as? Int == 3)
        #expect(positions["count"] as? Int == 2)
        #expect(positions["time"] as? Int == 10)
        #expect(reply.values(positions["buffer"] as! Int, as: Float.self) == [10, 1, 2, 3, 4, 10])
        let colors = try #require(points["Points3D:colors"])
        #expect(reply.values(colors["buffer"] as! Int, as: UInt32.self) == [0xFF00_00FF])
        let sine = try #require(cells(reply, "/plots/sine")["Scalars:scalars"])
        #expect(reply.values(sine["buffer"] as! Int, as: Double.self) == [sin(10.0)])
        let log = cells(reply, "/log")
        #expect(log["TextLog:text"]?["strings"] as? [String] == ["step 10"])
        #expect(log["TextLog:level"]?["strings"] as? [String] == ["ERROR"])
        let world = try #require(cells(reply, "/world")["ViewCoordinates:xyz"])
        #expect(world["static"] as? Bool == true)
        #expect(world["time"] is NSNull)
        #expect(cells(reply, "/missing").isEmpty)
        // Every buffer offset is 8-aligned within the frame.
        let start = ViewerFrame.payloadStart(jsonLength: reply.frame.count >= 4 ? Int(reply.frame[0]) | Int(reply.frame[1]) << 8 | Int(reply.frame[2]) << 16 : 0)
        #expect(start % 8 == 0)
        for range in reply["buffers"] as? [[Int]] ?? [] { #expect(range[0] % 8 == 0) }

        // Asking again with every key in `have`: all cells are `same`, no buffers.
        var keys: [String] = []
        for path in ["/world/points", "/plots/sine", "/log", "/world"] {
            keys += cells(reply, path).values.compactMap { $0["key"] as? String }
        }
        let haveJSON = keys.map { "\"\($0)\"" }.joined(separator: ",")
        let again = try viewerAsk(store, #"{"type":"latest_at","id":8,"timeline":"frame","time":10,"entities":["/world/points","/plots/sine","/log","/world"],"have":[\#(haveJSON)]}"#)
        #expect(again["buffers"] == nil)
        for path in ["/world/points", "/plots/sine", "/log", "/world"] {
            for (_, cell) in cells(again, path) {
                #expect(cell["same"] as? Bool == true)
                #expect(cell["buffer"] == nil)
            }
        }
        // A different time: new keys for temporal data, the static cell stays `same`.
        let later = try viewerAsk(store, #"{"type":"latest_at","id":9,"timeline":"frame","time":11,"entities":["/world/points","/world"],"have":[\#(haveJSON)]}"#)
        #expect(cells(later, "/world/points")["Points3D:positions"]?["same"] == nil)
        #expect(cells(later, "/world")["ViewCoordinates:xyz"]?["same"] as? Bool == true)
        // Static only (timeline null).
        let staticOnly = try viewerAsk(store, #"{"type":"latest_at","id":10,"timeline":null,"entities":["/world","/world/points"]}"#)
        #expect(cells(staticOnly, "/world").count == 1)
        #expect(cells(staticOnly, "/world/points").isEmpty)
    }

    @Test func clearsAreSentAsCleared() throws {
        let store = try viewerSDKStore { rec in
            rec.setTime("frame", sequence: 0)
            try rec.log("a", Points3D(positions: [[1, 2, 3]]))
            rec.setTime("frame", sequence: 5)
            try rec.log("a", Clear(recursive: false))
        }
        let before = try viewerAsk(store, #"{"type":"latest_at","id":1,"timeline":"frame","time":3,"entities":["/a"]}"#)
        #expect(cells(before, "/a")["Points3D:positions"]?["count"] as? Int == 1)
        let after = try viewerAsk(store, #"{"type":"latest_at","id":1,"timeline":"frame","time":6,"entities":["/a"]}"#)
        #expect(cells(after, "/a")["Points3D:positions"]?["cleared"] as? Bool == true)
    }

    /// Every cell of every fixture, at the end of each entity's first timeline, decodes to the
    /// values the store holds (compared with the generic Arrow→JSON rendering of the same cell).
    @Test func latestAtOfEveryFixtureCellDecodesToTheStoresValues() throws {
        var checked = 0
        for url in try Oracle.fixtureFiles() where url.pathExtension == "rrd" {
            let store = try viewerFixtureStore(url)
            let timeline = store.allTimelines.first?.name
            for entity in store.entityPaths {
                let pathJSON = ViewerJSON.string(entity.description).bytes
                let entityJSON = String(decoding: pathJSON, as: UTF8.self)
                let request = timeline.map { #"{"type":"latest_at","id":1,"timeline":"\#($0)","time":9007199254740991,"entities":[\#(entityJSON)]}"# }
                    ?? #"{"type":"latest_at","id":1,"timeline":null,"entities":[\#(entityJSON)]}"#
                let reply = try viewerAsk(store, request)
                #expect(reply.type == "latest_at_result", "\(url.lastPathComponent) \(entity): \(reply.object)")
                for (name, cell) in cells(reply, entity.description) {
                    let row: StoreRow? = timeline.map { store.latestAt(entity: entity, component: name, timeline: $0, at: .max) }
                        ?? store.staticCell(entity: entity, component: name)
                    guard let row else { Issue.record("no store row for \(entity) \(name)"); continue }
                    #expect(cell["key"] as? String == "\(row.chunk.id.hexString):\(row.row):\(name)")
                    if cell["cleared"] != nil { continue }
                    let list = row.chunk.components[row.column].data
                    let expected = try #require(try JSONSerialization.jsonObject(with: Data(ArrowJSON.value(list, row.row).utf8), options: [.fragmentsAllowed]) as? [Any])
                    if cell["dtype"] != nil {
                        let got = numericValues(cell, reply)
                        let want = flatNumbers(expected)
                        let finite = got.filter(\.isFinite)
                        // Foundation's JSON parser may be off in the last digit: compare relatively.
                        let close = finite.count == want.count && zip(finite, want).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
                        #expect(close, "\(url.lastPathComponent) \(entity) \(name): \(got) vs \(want) \(cell)")
                        #expect(cell["count"] as? Int == expected.count)
                    } else if let strings = cell["strings"] as? [Any] {
                        #expect(strings.map { "\($0)" } == expected.map { "\($0)" }, "\(url.lastPathComponent) \(entity) \(name)")
                    } else if let bools = cell["bools"] as? [Any] {
                        #expect(bools.map { "\($0)" } == expected.map { "\($0)" })
                    } else if let json = cell["json"] as? [Any] {
                        #expect(json.count == expected.count, "\(url.lastPathComponent) \(entity) \(name)")
                        #expect((json as NSArray).isEqual(expected), "\(url.lastPathComponent) \(entity) \(name)")
                    } else {
                        Issue.record("cell without an encoding: \(cell)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 50)
    }

    @Test func rangeReturnsRowsInOrderWithLimits() throws {
        let store = try Self.sdkStore()
        let reply = try viewerAsk(store, #"{"type":"range","id":2,"entity":"/plots/sine","timeline":"frame","from":10,"to":19}"#)
        let rows = try #require(reply["rows"] as? [[String: Any]])
        #expect(rows.map { $0["time"] as? Int } == Array(10...19))
        for row in rows {
            let cell = (row["components"] as! [[String: Any]])[0]
            #expect(numericValues(cell, reply) == [sin(Double(row["time"] as! Int))])
        }
        #expect(reply["truncated"] as? Bool == false)
        let limited = try viewerAsk(store, #"{"type":"range","id":3,"entity":"/world/points","timeline":"frame","from":10,"to":19,"limit":3}"#)
        let limitedRows = try #require(limited["rows"] as? [[String: Any]])
        #expect(limitedRows.count == 3)
        #expect(limited["truncated"] as? Bool == true)
        #expect(limited["next_from"] as? Int == 13)
        #expect((limitedRows[0]["components"] as! [Any]).count == 2)  // positions and colors of one row
        let before = try viewerAsk(store, #"{"type":"range","id":4,"entity":"/plots/sine","timeline":"frame","from":10,"to":12,"latest_before":true}"#)
        #expect((before["rows"] as? [[String: Any]])?.map { $0["time"] as? Int } == [9, 10, 11, 12])
        let inverted = try viewerAsk(store, #"{"type":"range","id":5,"entity":"/plots/sine","timeline":"frame","from":12,"to":10}"#)
        #expect(inverted.type == "error")
        #expect(inverted["code"] as? String == "bad_request")
    }

    @Test func plotBucketsHoldTheBruteForceExtremes() throws {
        let n = 20_000
        var values: [Double] = []
        var generator = SystemRandomNumberGenerator()
        for i in 0..<n { values.append(sin(Double(i) / 300) + Double.random(in: -0.2...0.2, using: &generator)) }
        let store = try viewerSDKStore(flushRows: 1000) { rec in
            for i in 0..<n {
                rec.setTime("t", sequence: Int64(i))
                try rec.log("s", Scalars(values[i]))
            }
        }
        let width = 97, from = 1000, to = 18_999
        let reply = try viewerAsk(store, #"{"type":"plot","id":6,"timeline":"t","from":\#(from),"to":\#(to),"width":\#(width),"series":[{"entity":"/s"}]}"#)
        let series = try #require((reply["series"] as? [[String: Any]])?.first)
        #expect(series["samples"] as? Int == to - from + 1)
        let times = reply.values(series["times"] as! Int, as: Int64.self)
        let got = reply.values(series["values"] as! Int, as: Double.self)
        #expect(times.count == series["count"] as? Int)
        #expect(times == times.sorted())
        let span = to - from + 1
        for bucket in 0..<width {
            let lo = from + (bucket * span + width - 1) / width
            let hi = from + ((bucket + 1) * span + width - 1) / width - 1
            let slice = values[lo...hi]
            let kept = zip(times, got).filter { Int($0.0) >= lo && Int($0.0) <= hi }.map(\.1)
            #expect(kept.min() == slice.min(), "bucket \(bucket)")
            #expect(kept.max() == slice.max(), "bucket \(bucket)")
            #expect(kept.first == slice.first)
            #expect(kept.last == slice.last)
        }
        // Against RerunQuery's M4 on the raw samples.
        let reference = M4.decimate(times: (from...to).map(Int64.init), values: Array(values[from...to]), range: Int64(from)...Int64(to), width: width)
        #expect(reference.times == times)
        #expect(reference.values == got)
    }

    @Test func textLogPagesFiltersAndSearches() throws {
        let store = try Self.sdkStore()
        func page(_ extra: String) throws -> (total: Int, texts: [String]) {
            let reply = try viewerAsk(store, #"{"type":"text_log","id":1,"timeline":"frame","at":29\#(extra)}"#)
            let rows = reply["rows"] as? [[String: Any]] ?? []
            #expect(reply.type == "text_log_result", "\(reply.object)")
            return (reply["total"] as? Int ?? -1, rows.map { $0["text"] as? String ?? "" })
        }
        let first = try page(#","limit":10"#)
        #expect(first.total == 30)
        #expect(first.texts == (20...29).map { "step \($0)" })
        let second = try page(#","limit":10,"offset":10"#)
        #expect(second.texts == (10...19).map { "step \($0)" })
        let last = try page(#","limit":10,"offset":25"#)
        #expect(last.texts == (0...4).map { "step \($0)" })
        let errors = try page(#","levels":["error"]"#)
        #expect(errors.total == 6)
        #expect(errors.texts == [0, 5, 10, 15, 20, 25].map { "step \($0)" })
        let search = try page(#","search":"STEP 2""#)
        #expect(search.total == 11)
        #expect(search.texts == (["step 2"] + (20...29).map { "step \($0)" }))
        let both = try page(#","search":"step 2","levels":["ERROR"],"limit":1"#)
        #expect(both.total == 2)
        #expect(both.texts == ["step 25"])
        let reply = try viewerAsk(store, #"{"type":"text_log","id":1,"timeline":"frame","at":29,"limit":1}"#)
        let row = try #require((reply["rows"] as? [[String: Any]])?.first)
        #expect(row["entity"] as? String == "/log")
        #expect(row["time"] as? Int == 29)
        #expect(row["level"] as? String == "INFO")
    }

    @Test func textLogOfTheTextFixture() throws {
        let url = try #require(try Oracle.fixtureFiles().first { $0.lastPathComponent == "text.rrd" })
        let store = try viewerFixtureStore(url)
        let timeline = try #require(store.allTimelines.first).name
        let reply = try viewerAsk(store, #"{"type":"text_log","id":1,"timeline":"\#(timeline)","at":9007199254740991,"limit":10000}"#)
        let total = try #require(reply["total"] as? Int)
        var expected = 0
        for entity in store.entityPaths where store.hasComponent("TextLog:text", of: entity, timeline: timeline) {
            for run in store.range(entity: entity, component: "TextLog:text", timeline: timeline, in: TimeInt.min...TimeInt.max) {
                expected += ViewerQueries.instanceCount(run.chunk.components[run.column].data, run.rows)
            }
        }
        #expect(total == expected)
        #expect(total > 0)
        #expect((reply["rows"] as? [Any])?.count == total)
    }

    @Test func dataframePageMatchesTheDataframeReader() throws {
        let store = try Self.sdkStore()
        let reply = try viewerAsk(store, #"{"type":"dataframe","id":3,"timeline":"frame","contents":["/**"],"offset":5,"limit":7}"#)
        #expect(reply.type == "dataframe_result")
        var reader = try DataframeDataset(stores: [store]).reader(DataframeQuery(index: "frame"))
        let batch = try reader.readAll()
        #expect(reply["total"] as? Int == batch.rowCount)
        let columns = try #require(reply["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == batch.schema.fields.map(\.name))
        let rows = try #require(reply["rows"] as? [[Any]])
        #expect(rows.count == 7)
        for (k, row) in rows.enumerated() {
            let expected = "[" + batch.columns.map { ArrowJSON.value($0, 5 + k) }.joined(separator: ",") + "]"
            let parsed = try JSONSerialization.jsonObject(with: Data(expected.utf8)) as! [Any]
            #expect((row as NSArray).isEqual(parsed))
        }
        let bad = try viewerAsk(store, #"{"type":"dataframe","id":4,"timeline":"nope"}"#)
        #expect(bad.type == "error")
    }

    /// Density counts equal a brute-force bucketing of every chunk row, for every fixture and timeline.
    @Test func densityCountsEqualRowCounts() throws {
        for url in try Oracle.fixtureFiles() where url.pathExtension == "rrd" {
            let store = try viewerFixtureStore(url)
            for timeline in store.allTimelines {
                for buckets in [1, 7, 512] {
                    let message = ViewerPushes.density(recording: "r", store: store, timeline: timeline.name, from: nil, to: nil, buckets: buckets)
                    let reply = try ViewerReply(try message.encoded())
                    let from = try #require(reply["from"] as? NSNumber).int64Value
                    let to = try #require(reply["to"] as? NSNumber).int64Value
                    let entities = try #require(reply["entities"] as? [String: [Int]])
                    var brute: [String: [Int]] = [:]
                    let d = ViewerDensity(from: from, to: to, buckets: buckets)
                    for chunk in store.allChunks {
                        guard let column = chunk.timeColumn(named: timeline.name) else { continue }
                        for t in column.times where t >= from && t <= to {
                            let b = Int((Double(t - from) * Double(buckets) / Double(to - from + 1)).rounded(.down))
                            #expect(b == d.bucket(of: t))
                            brute[chunk.entityPath.description, default: Array(repeating: 0, count: buckets)][d.bucket(of: t)] += 1
                        }
                    }
                    #expect(entities == brute, "\(url.lastPathComponent) \(timeline.name) \(buckets)")
                    for (path, counts) in entities {
                        let rows = store.allChunks.filter { $0.entityPath.description == path && $0.timeColumn(named: timeline.name) != nil }
                            .reduce(0) { $0 + $1.rowCount }
                        #expect(counts.reduce(0, +) == rows)
                    }
                }
            }
        }
    }

    @Test func densityBucketBoundariesAreExact() {
        let d = ViewerDensity(from: -5, to: 1_000_003, buckets: 13)
        for b in 1..<13 {
            let s = d.start(of: b)
            #expect(d.bucket(of: s) == b)
            #expect(d.bucket(of: s - 1) == b - 1)
        }
        let full = ViewerDensity(from: .min, to: .max, buckets: 4)
        #expect(full.bucket(of: .min) == 0)
        #expect(full.bucket(of: -1) == 1)
        #expect(full.bucket(of: 0) == 2)
        #expect(full.bucket(of: .max) == 3)
        #expect(full.start(of: 2) == 0)
    }

    @Test func treeAndTimelinesDescribeTheStore() throws {
        let store = try Self.sdkStore()
        let tree = try ViewerReply(try ViewerPushes.tree(recording: "r", store: store).encoded())
        let entities = try #require(tree["entities"] as? [[String: Any]])
        #expect(entities.map { $0["path"] as? String } == ["/log", "/plots/sine", "/world", "/world/points"])
        let points = try #require(entities.first { $0["path"] as? String == "/world/points" }?["components"] as? [[String: Any]])
        let positions = try #require(points.first { $0["component"] as? String == "Points3D:positions" })
        #expect(positions["archetype"] as? String == "rerun.archetypes.Points3D")
        #expect(positions["field"] as? String == "positions")
        #expect(positions["component_type"] as? String == "rerun.components.Position3D")
        #expect((positions["type"] as? String)?.hasPrefix("FixedSizeList<float32") == true)
        #expect(positions["rows"] as? Int == 50)
        #expect(entities.first { $0["path"] as? String == "/world" }?["static"] as? Bool == true)
        let timelines = try ViewerReply(try ViewerPushes.timelines(recording: "r", store: store).encoded())
        let list = try #require(timelines["list"] as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["name"] as? String == "frame")
        #expect(list[0]["kind"] as? String == "sequence")
        #expect(list[0]["min"] as? Int == 0)
        #expect(list[0]["max"] as? Int == 49)
    }

    @Test func badRequestsAreErrorsNamingTheProblem() throws {
        let store = try Self.sdkStore()
        let unknown = try viewerAsk(store, #"{"type":"teleport","id":1}"#)
        #expect(unknown["code"] as? String == "unknown_type")
        let missing = try viewerAsk(store, #"{"type":"latest_at","id":2,"timeline":"frame","time":1}"#)
        #expect(missing["code"] as? String == "bad_request")
        #expect((missing["message"] as? String)?.contains("entities") == true, "\(missing.object)")
        let badPath = try viewerAsk(store, #"{"type":"range","id":3,"entity":5,"timeline":"frame","from":0,"to":1}"#)
        #expect(badPath["code"] as? String == "bad_request")
        #expect(badPath["re"] as? Int == 3)
        let wide = try viewerAsk(store, #"{"type":"plot","id":4,"timeline":"frame","from":0,"to":1,"width":0,"series":[]}"#)
        #expect((wide["message"] as? String)?.contains("width") == true, "\(wide.object)")
        let huge = try viewerAsk(store, #"{"type":"latest_at","id":5,"timeline":"frame","time":10,"entities":["/world/points"]}"#,
                                 limits: ViewerLimits(maxResponseBytes: 64))
        #expect(huge["code"] as? String == "too_large")
        #expect(huge["re"] as? Int == 5)
    }
}
