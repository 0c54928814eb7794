enum LZ4Benchmark { static func run() {} }
