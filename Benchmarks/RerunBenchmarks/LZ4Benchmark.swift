import Foundation
import RerunLZ4

#if os(Linux)
/// glibc's `mallopt` (declared in <malloc.h>, which the Glibc module does not import).
@_silgen_name("mallopt")
private func mallopt(_ parameter: CInt, _ value: CInt) -> CInt
#endif

/// LZ4 block compress/decompress throughput on ~64 MiB of incompressible and of text data,
/// paired with `Benchmarks/python/lz4_bench.py` (python-lz4, i.e. the reference C library).
///
/// Both sides generate byte-identical inputs from the same deterministic recipe (see
/// ``Inputs``); each prints the xxHash32 of its inputs on stderr so this can be checked.
/// Throughput is input bytes / median seconds of 7 runs (after a warm-up), each run producing
/// fresh output buffers, as python-lz4 does. Each input is measured as one 64 MiB block (where
/// the kernel's cost of handing out a fresh 64 MiB buffer per call weighs heavily) and as 64
/// independent 1 MiB blocks (the scale of `.rrd` chunk payloads, where the codec dominates).
enum LZ4Benchmark {
    static let size = 64 << 20

    /// Block size of the "in-1MiB-blocks" cases (the scale of `.rrd` chunk payloads).
    static let blockSize = 1 << 20

    static func run() {
        pinAllocator()
        if let paths = ProcessInfo.processInfo.environment["LZ4_BENCH_BLOCKS"] {
            for path in paths.split(separator: ",") { runBlockFile(String(path)) }
            return
        }
        let cases: [(name: String, bytes: [UInt8])] = [
            ("random-64MiB", Inputs.random(count: size)),
            ("text-64MiB", Inputs.text(count: size)),
        ]
        for (name, input) in cases {
            let block = LZ4.compress(input)
            let restored: [UInt8]
            do {
                restored = try LZ4.decompress(block, uncompressedSize: input.count)
            } catch {
                fatalError("LZ4 benchmark: our own block failed to decode: \(error)")
            }
            precondition(restored == input, "LZ4 benchmark: round trip changed the data")
            printError("lz4 bench input \(name): xxh32=\(XXHash32.hash(input)) compressed=\(block.count)")

            // One 64 MiB block: includes the cost of a fresh 64 MiB output buffer per call.
            let compressSeconds = medianSeconds { blackHole(LZ4.compress(input)) }
            report(area: "lz4", case: "compress \(name)", value: gigabytesPerSecond(input.count, compressSeconds), unit: "GB/s")
            let decompressSeconds = medianSeconds {
                blackHole(try? LZ4.decompress(block, uncompressedSize: input.count))
            }
            report(area: "lz4", case: "decompress \(name)", value: gigabytesPerSecond(input.count, decompressSeconds), unit: "GB/s")

            // The same bytes as 64 independent 1 MiB blocks: codec-bound (buffers are recycled).
            let pieces = stride(from: 0, to: input.count, by: blockSize).map { Array(input[$0..<min($0 + blockSize, input.count)]) }
            let blocks = pieces.map { LZ4.compress($0) }
            let piecesCompressSeconds = medianSeconds {
                for piece in pieces { blackHole(LZ4.compress(piece)) }
            }
            report(area: "lz4", case: "compress \(name)-in-1MiB-blocks", value: gigabytesPerSecond(input.count, piecesCompressSeconds), unit: "GB/s")
            let piecesDecompressSeconds = medianSeconds {
                for (block, piece) in zip(blocks, pieces) {
                    blackHole(try? LZ4.decompress(block, uncompressedSize: piece.count))
                }
            }
            report(area: "lz4", case: "decompress \(name)-in-1MiB-blocks", value: gigabytesPerSecond(input.count, piecesDecompressSeconds), unit: "GB/s")
        }
    }

    /// Decodes every block of a block file (the LZ4 payloads of an `.rrd`, say) into one reused
    /// buffer and reports output GB/s (median of 15 passes). The file is a sequence of records
    /// `u32 LE uncompressed size, u32 LE block length, block bytes`. Selected with
    /// `LZ4_BENCH_BLOCKS=<file>[,<file>…]`, which replaces the standard cases.
    private static func runBlockFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        let bytes = [UInt8](data)
        var records: [(size: Int, range: Range<Int>)] = []
        var at = 0
        while at + 8 <= bytes.count {
            let size = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            let length = Int(bytes[at + 4]) | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6]) << 16 | Int(bytes[at + 7]) << 24
            records.append((size, at + 8..<at + 8 + length))
            at += 8 + length
        }
        let total = records.reduce(0) { $0 + $1.size }
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: records.map(\.size).max() ?? 0, alignment: 16)
        defer { output.deallocate() }
        let seconds = bytes.withUnsafeBytes { all in
            medianSeconds(samples: 15) {
                for record in records {
                    let block = UnsafeRawBufferPointer(rebasing: all[record.range])
                    let destination = UnsafeMutableRawBufferPointer(rebasing: output[..<record.size])
                    guard (try? LZ4.decompress(block, into: destination)) == record.size else {
                        fatalError("block failed to decode")
                    }
                }
            }
        }
        let name = (path as NSString).lastPathComponent
        report(area: "lz4", case: "decompress blocks \(name)", value: gigabytesPerSecond(total, seconds), unit: "GB/s")
    }

    /// Same glibc malloc settings as `lz4_bench.py`: buffers under 32 MiB always come from the
    /// reused heap, 64 MiB ones are always fresh mmaps. Without this, glibc's adaptive mmap
    /// threshold makes the 1 MiB cases swing 5× depending on what was freed earlier.
    private static func pinAllocator() {
        #if os(Linux)
        _ = mallopt(-3, 32 << 20)  // M_MMAP_THRESHOLD
        _ = mallopt(-1, 256 << 20)  // M_TRIM_THRESHOLD
        #endif
    }

    private static func gigabytesPerSecond(_ bytes: Int, _ seconds: Double) -> Double {
        Double(bytes) / seconds / 1e9
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The benchmark inputs. `lz4_bench.py` implements the same recipe; keep them in step.
    ///
    /// Both are built from SplitMix64 words: `w(seed, i) = mix(seed + (i + 1) · 0x9E3779B97F4A7C15)`
    /// with the standard SplitMix64 finalizer, `i = 0, 1, 2, …`.
    enum Inputs {
        static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

        static func word(_ seed: UInt64, _ index: Int) -> UInt64 {
            var z = seed &+ (UInt64(index) &+ 1) &* gamma
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Incompressible: the little-endian bytes of `w(0x5EED0001, i)`.
        static func random(count: Int) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count {
                    buffer[i] = UInt8(truncatingIfNeeded: word(0x5EED_0001, i / 8) >> (8 * UInt64(i % 8)))
                }
                initialized = count
            }
        }

        static let levels = ["INFO", "WARN", "DEBUG", "ERROR"]
        static let nouns = ["points", "camera", "robot", "lidar", "mesh", "image", "arm", "tracks"]
        static let verbs = ["processed", "received", "dropped", "queued", "logged", "decoded", "sent", "cached"]
        static let objects = ["rows", "chunks", "frames", "points", "bytes", "messages", "events", "tiles"]

        /// Text: JSON-ish log lines, line `k` drawn from `r = w(0x7E570002, k)`, truncated to `count`.
        static func text(count: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(count + 256)
            var k = 0
            while bytes.count < count {
                let r = word(0x7E57_0002, k)
                let line =
                    #"{"t":\#(1_700_000_000_000 + UInt64(k) * 16 + (r & 15)),"level":"\#(levels[Int((r >> 4) % 4)])","#
                    + #""entity":"/world/\#(nouns[Int((r >> 8) % 8)])/\#((r >> 12) % 64)","frame":\#(k),"#
                    + #""msg":"\#(verbs[Int((r >> 20) % 8)]) \#((r >> 24) % 1000) \#(objects[Int((r >> 34) % 8)])","#
                    + #""value":\#((r >> 40) % 100_000)}"# + "\n"
                bytes += line.utf8
                k += 1
            }
            bytes.removeLast(bytes.count - count)
            return bytes
        }
    }
}
