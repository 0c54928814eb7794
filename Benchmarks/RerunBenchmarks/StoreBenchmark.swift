import Foundation
import RerunArrow
import RerunModel
import RerunQuery
import RerunRRD
import RerunStore

/// The data layer on the official workload files (`.bench/data`, made by `rrd_bench.py --prepare`
/// and `store_bench.py --prepare`), with the same entity, column and time as the official side
/// (`Benchmarks/python/store_bench.py`, after `../shared/bench/run_all.sh`): load the whole file
/// into a store, a latest-at of one entity at `mid`, and the full range of one column (zero-copy
/// runs, and concatenated into one array as the official reader's table is). The files without a
/// query (w1l, w3c, w4c, w5l, w6l) are only loaded.
///
/// `STORE_BENCH_FILES=w2c,w4l` restricts a run to some files; `STORE_BENCH_LOAD_ONLY=1` skips the
/// queries (both also apply to the official side).
enum StoreBenchmark {
    /// name, and (entity, component, timeline, mid) for the queries — keep in sync with store_bench.py.
    static let cases: [(String, (String, String, String, Int64)?)] = [
        ("w1l", nil),
        ("w2l", ("/points", "Points3D:positions", "frame", 50)),
        ("w2c", ("/points", "Points3D:positions", "frame", 50)),
        ("w3c", nil),
        ("w4l", ("/entities/e5000", "Points3D:positions", "step", 5)),
        ("w4c", nil),
        ("w5l", nil),
        ("w6l", nil),
    ]

    static let loadOnly = ProcessInfo.processInfo.environment["STORE_BENCH_LOAD_ONLY"] == "1"
    /// STORE_BENCH_WORKERS=N: the parallel figures (and profile loops) with N decoding threads
    /// (default `RRDParallelReader.defaultWorkerCount`, one per processor; 0 = serial).
    static let workers = ProcessInfo.processInfo.environment["STORE_BENCH_WORKERS"].flatMap(Int.init)
        ?? RRDParallelReader.defaultWorkerCount
    static let only = ProcessInfo.processInfo.environment["STORE_BENCH_FILES"].map { Set($0.split(separator: ",").map(String.init)) }

    static func run() {
        let directory = RRDBenchmark.dataDirectory()
        RRDBenchmark.ensureData(in: directory)
        ensureExtraData()
        for (name, query) in cases where only?.contains(name) ?? true {
            let path = "\(directory)/\(name).rrd"
            _ = load(path)  // warm the page cache, as the official side reads a just-written file
            if let loops = ProcessInfo.processInfo.environment["STORE_BENCH_PROFILE_LOOPS"].flatMap(Int.init) {
                // For `perf record`: load the file `loops` more times, nothing measured
                // (STORE_BENCH_WORKERS=N: with N decoding threads, 0 = serial).
                // STORE_BENCH_PROFILE_DECODE=1: decode only, nothing inserted.
                let decodeOnly = ProcessInfo.processInfo.environment["STORE_BENCH_PROFILE_DECODE"] == "1"
                for _ in 0..<loops {
                    if decodeOnly { blackHole(RRDBenchmark.decode(path, workers: workers)) } else { blackHole(load(path, workers: workers)) }
                }
                continue
            }
            // The decoding part alone (every chunk decoded, none inserted), to tell it from the
            // store's; measured before the load, as memory the process has not used yet costs
            // much more to touch on this VM (host page faults) than memory it freed. "load s" is
            // the parallel load (decoding on worker threads while inserting), "load serial s"
            // the same on one thread; "decode only s" is serial, "… parallel s" on workers.
            // STORE_BENCH_SAMPLES=N: N rounds, the four measurements interleaved, medians reported.
            let samples = max(1, ProcessInfo.processInfo.environment["STORE_BENCH_SAMPLES"].flatMap(Int.init) ?? 1)
            var decodes: [Double] = [], serialDecodes: [Double] = [], loads: [Double] = [], serialLoads: [Double] = []
            var callerCPU: [Double] = []
            var store = ChunkStore()
            for _ in 0..<samples {
                decodes.append(measure { blackHole(RRDBenchmark.decode(path, workers: workers)) })
                serialDecodes.append(measure { blackHole(RRDBenchmark.decode(path, workers: 0)) })
                store = ChunkStore()
                serialLoads.append(measure { blackHole(load(path, workers: 0)) })
                var cpu = 0.0
                loads.append(measure { cpu = StoreMemoryBenchmark.threadCPUSeconds { store = load(path, workers: workers) } })
                callerCPU.append(cpu)
            }
            let median = { (values: [Double]) in values.sorted()[values.count / 2] }
            let decodeSeconds = median(decodes), serialDecodeSeconds = median(serialDecodes)
            let loadSeconds = median(loads), serialLoadSeconds = median(serialLoads)
            report(area: "store", case: "\(name) load s", value: loadSeconds, unit: "s", higherIsBetter: false)
            report(area: "store", case: "\(name) load serial s", value: serialLoadSeconds, unit: "s", higherIsBetter: false)
            // The calling thread's CPU time during the parallel load (reading, framing, inserting):
            // the load's critical path, and less disturbed by other processes than wall time.
            report(area: "store", case: "\(name) load caller CPU s", value: median(callerCPU), unit: "s", higherIsBetter: false)
            report(area: "store", case: "\(name) decode only s", value: serialDecodeSeconds, unit: "s", higherIsBetter: false)
            report(area: "store", case: "\(name) decode only parallel s", value: decodeSeconds, unit: "s", higherIsBetter: false)
            guard let (entityText, component, timeline, mid) = query, !loadOnly else { continue }
            let entity = EntityPath(parsingForgiving: entityText)
            guard let at = TimeInt(mid) else { fatalError("bad time \(mid)") }
            let latest = medianSeconds(samples: 21) {
                let result = try! store.latestAt(LatestAtQuery(timeline: timeline, at: at), entity: entity, components: [component])
                precondition(result[component] != nil, "\(name): no \(component) at \(mid)")
                blackHole(result)
            }
            report(area: "store", case: "\(name) latest-at ms", value: latest * 1000, unit: "ms", higherIsBetter: false)
            let query = RangeQuery(timeline: timeline, range: TimeInt.min...TimeInt.max)
            let zeroCopy = medianSeconds(samples: 11) {
                blackHole(try! store.range(query, entity: entity, components: [component]))
            }
            report(area: "store", case: "\(name) range zero-copy ms", value: zeroCopy * 1000, unit: "ms", higherIsBetter: false)
            let concatenated = medianSeconds(samples: 5) {
                let result = try! store.range(query, entity: entity, components: [component])
                let runs = result[component]?.runs ?? []
                blackHole(try! ArrayData.concatenate(runs.map(\.cells)))
            }
            report(area: "store", case: "\(name) range concatenated ms", value: concatenated * 1000, unit: "ms", higherIsBetter: false)
        }
    }

    /// Generates the load-only files when missing (`store_bench.py --prepare`, official SDK).
    static func ensureExtraData() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ".venv/bin/python")
        process.arguments = ["Benchmarks/python/store_bench.py", "--prepare"]
        process.standardOutput = FileHandle.standardError
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("store bench: cannot run .venv/bin/python (run from the repository root): \(error)")
        }
        guard process.terminationStatus == 0 else { fatalError("store bench: generating the data files failed") }
    }

    /// Decodes `path` and inserts every chunk of its recording into a new store, decoding on
    /// `workers` threads while inserting (as `RRDReader.read`; 0 = serial).
    static func load(_ path: String, workers: Int = StoreBenchmark.workers) -> ChunkStore {
        var store = ChunkStore()
        do {
            try RRDReader.read(.file(path), workers: workers) { event in
                guard case .message(.arrow(let arrow), _, _, _) = event, arrow.storeID.kind == .recording else { return }
                _ = try store.insert(arrow.chunk)
            }
        } catch {
            fatalError("store bench: loading \(path) failed: \(error)")
        }
        return store
    }
}
