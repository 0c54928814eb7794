import Foundation
import RerunQuery

/// M4 plot decimation: 10 million scalars (one sample per millisecond) reduced to 2,000
/// buckets. The official stack has no counterpart (its viewer aggregates in the plot view), so
/// the figures are absolute; the goal is ≤ 10 ms.
enum DecimationBenchmark {
    static func run() {
        let count = 10_000_000
        let times = (0..<count).map { Int64($0) * 1_000_000 }
        let values = (0..<count).map { sin(Double($0) * 0.0001) + Double($0 % 97) * 0.001 }
        let range = times[0]...times[count - 1]
        for width in [2000, 500] {
            let seconds = medianSeconds {
                blackHole(M4.decimate(times: times, values: values, range: range, width: width))
            }
            report(area: "decimation", case: "m4_10M_to_\(width)_ms", value: seconds * 1000, unit: "ms", higherIsBetter: false)
            report(area: "decimation", case: "m4_10M_to_\(width)_rate", value: Double(count) / seconds / 1e6, unit: "M samples/s")
        }
        // Unsorted input (one bucket computation per sample), for comparison.
        let unsorted = medianSeconds(samples: 3) {
            var m4 = M4(range: range, width: 2000)
            m4.add(unsortedTimes: times, values: values)
            blackHole(m4.finish())
        }
        report(area: "decimation", case: "m4_10M_unsorted_path_ms", value: unsorted * 1000, unit: "ms", higherIsBetter: false)
    }
}
