import RerunTestSupport
import Foundation
import Rerun
import RerunArrow
import RerunModel
import RerunRRD
import RerunServer
import Testing

/// A soak under a memory limit: accounted bytes stay under the limit, the replay buffer under
/// its limit, and RSS growth stays bounded.
struct HubMemoryTests {
    @Test func soakStaysUnderTheMemoryLimit() async throws {
        let limit = 8 << 20
        let replayLimit = 4 << 20
        let hub = RecordingHub(configuration: .init(memoryLimit: limit, replayBufferLimit: replayLimit),
                               logger: LogCapture().logger)
        let rssBefore = residentBytes()
        var peakAccounted = 0
        var ingestedBytes = 0
        // 3 recordings x 10 rounds x 40 chunks x 64 KiB ≈ 77 MiB ingested into an 8 MiB budget.
        for round in 0..<10 {
            for r in 0..<3 {
                let messages = try makeMessages(application: "soak", recording: "r\(r)", count: 40, blobBytes: 64 << 10,
                                                seed: UInt64(round * 10 + r))
                for m in messages {
                    await hub.ingest(m, from: "soak")
                    if case .arrow = m { ingestedBytes += 64 << 10 }
                }
                let stats = await hub.statistics()
                peakAccounted = max(peakAccounted, stats.storeBytes)
                #expect(stats.storeBytes <= limit)
                #expect(stats.replayBytes <= replayLimit)
            }
        }
        let stats = await hub.statistics()
        #expect(stats.chunksCollected > 0)
        #expect(stats.storeCount == 3)
        // Every recording keeps its newest data.
        for r in 0..<3 {
            let store = try #require(await hub.store(for: StoreID(kind: .recording, recordingID: "r\(r)", applicationID: "soak")))
            #expect(store.chunkCount > 0)
        }
        let rssGrowth = max(0, residentBytes() - rssBefore)
        print("memory soak: ingested \(ingestedBytes >> 20) MiB, limit \(limit >> 20) MiB, peak accounted \(peakAccounted) B, RSS growth \(rssGrowth >> 20) MiB")
        // Other tests run in this process at the same time: the bound is loose but finite.
        #expect(rssGrowth < 256 << 20)
    }
}

extension HubMemoryTests {
    /// Static data over the limit cannot be dropped: one warning, temporal data still goes, and
    /// GC does not run on every message.
    @Test func staticDataOverTheLimitIsReportedOnce() async throws {
        let log = LogCapture()
        let limit = 1 << 20
        let hub = RecordingHub(configuration: .init(memoryLimit: limit), logger: log.logger)
        let memory = MemorySink()
        let rec = try RecordingStream(applicationID: "static", recordingID: "s", sink: memory,
                                      batcher: BatcherConfig(flushNumRows: 1), options: .init(logTime: false, sendProperties: false))
        try rec.log("big", AnyValues().with("blob", ArrayData.from(pseudoRandomBytes(2 << 20, seed: 1))), static: true)
        try rec.finish()
        var decoder = RRDDecoder()
        decoder.push(memory.bytes)
        while let event = try decoder.next() {
            if case .message(let m, _, _, _) = event { await hub.ingest(m, from: "test") }
        }
        let staticBytes = await hub.totalBytes()
        #expect(staticBytes > limit)
        let temporal = try makeMessages(application: "static", recording: "s", count: 40, blobBytes: 50_000)
        for m in temporal.dropFirst() { await hub.ingest(m, from: "test") }
        #expect(log.problems(containing: "cannot be dropped").count == 1)
        let stats = await hub.statistics()
        #expect(stats.chunksCollected > 30)
        #expect(stats.storeBytes <= staticBytes + limit / 20 + 100_000)
    }
}

/// The process's resident set size (Linux `/proc/self/statm`), or 0 if unknown.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
