import Foundation

/// One benchmark area (`lz4`, `ipc`, …): a name and a function printing its result lines.
struct BenchmarkArea: Sendable {
    let name: String
    let run: @Sendable () -> Void

    /// Every area, in the order `Scripts/bench.sh` runs them.
    static let all: [BenchmarkArea] = [
        BenchmarkArea(name: "lz4", run: LZ4Benchmark.run),
        BenchmarkArea(name: "ipc", run: IPCBenchmark.run),
        BenchmarkArea(name: "rrd", run: RRDBenchmark.run),
        BenchmarkArea(name: "store", run: StoreBenchmark.run),
        BenchmarkArea(name: "store-memory", run: StoreMemoryBenchmark.run),
        BenchmarkArea(name: "sdk", run: SDKBenchmark.run),
        BenchmarkArea(name: "decimation", run: DecimationBenchmark.run),
    ]
}

/// Prints one result line in the JSON format `Benchmarks/python/report.py` reads.
func report(area: String, case name: String, value: Double, unit: String, higherIsBetter: Bool = true) {
    print(#"{"area": "\#(area)", "case": "\#(name)", "impl": "swift", "value": \#(value), "unit": "\#(unit)", "higher_is_better": \#(higherIsBetter)}"#)
}

/// Seconds elapsed while running `body`, on a monotonic clock.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// The median of `samples` seconds of running `body` (after one warm-up run).
func medianSeconds(samples: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var times: [Double] = []
    for _ in 0..<samples { times.append(try measure(body)) }
    times.sort()
    return times[times.count / 2]
}

/// Keeps a value alive and observable so the optimizer cannot drop the work producing it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
