// Side-by-side benchmark runner. `RerunBenchmarks AREA` prints one JSON line per case
// (see Benchmarks/python/report.py for the format); Scripts/bench.sh pairs it with the
// official implementation's figures.

import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let area = arguments.first else {
    print("usage: RerunBenchmarks AREA   (areas: \(BenchmarkArea.all.map(\.name).joined(separator: ", ")))")
    exit(2)
}
guard let selected = BenchmarkArea.all.first(where: { $0.name == area }) else {
    print("unknown benchmark area '\(area)'; known: \(BenchmarkArea.all.map(\.name).joined(separator: ", "))")
    exit(2)
}
selected.run()
