enum IPCBenchmark { static func run() {} }
