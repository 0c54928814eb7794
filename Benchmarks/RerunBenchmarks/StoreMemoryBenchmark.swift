import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RerunArrow
import RerunChunk
import RerunRRD
import RerunStore

/// Store memory against the decoded payload on the workload files in `.bench/data` (those present of
/// w1l w2l w2c w3l w4l w4c w5l w6l; `rrd_bench.py --prepare` makes w2l/w2c/w4l, the others come from
/// `Benchmarks/workloads/*.py --mode log|columns --out .bench/data/NAME.rrd`).
///
/// Per file: the payload (the bytes of the Arrow buffers of every decoded recording chunk, the
/// same figure as the official reader's `RecordBatch.nbytes`, see `Benchmarks/python/store_payload.py`),
/// then a load into a fresh store: insert seconds (decode + insert), the store's `totalBytes`
/// and its real heap (glibc `malloc_info`: bytes in use, after minus before the load, so
/// the decoder's temporaries that were freed do not count), then the same after
/// `compactPendingChunks()`. RSS is reported too but is noisier (freed pages stay resident).
enum StoreMemoryBenchmark {
    static let files = ["w1l", "w2l", "w2c", "w3l", "w4l", "w4c", "w5l", "w6l"]

    static func run() {
        let directory = RRDBenchmark.dataDirectory()
        let only = ProcessInfo.processInfo.environment["STORE_MEMORY_FILES"].map { $0.split(separator: ",").map(String.init) }
        if ProcessInfo.processInfo.environment["STORE_MEMORY_BREAKDOWN"] != nil {
            breakdown("\(directory)/w4l.rrd")
            return
        }
        for name in only ?? files {
            let path = "\(directory)/\(name).rrd"
            guard FileManager.default.fileExists(atPath: path) else {
                FileHandle.standardError.write(Data("store-memory: \(path) missing, skipped\n".utf8))
                continue
            }
            var payload = 0
            var chunkCount = 0
            forEachChunk(path) { chunk in
                payload += chunk.payloadBytes
                chunkCount += 1
            }
            let heapBefore = heapInUse()
            let rssBefore = residentBytes()
            var store = ChunkStore(config: ProcessInfo.processInfo.environment["STORE_MEMORY_PACK"] == "0" ? ChunkStoreConfig(packMaxBytes: 0, packInsertedMaxBytes: 0) : .default)
            let loadSeconds = threadCPUSeconds { forEachChunk(path) { _ = try! store.insert($0) } }
            let heapLoaded = heapInUse() - heapBefore
            let rssLoaded = residentBytes() - rssBefore
            let accountedLoaded = store.totalBytes
            let chunksLoaded = store.chunkCount
            let compactSeconds = measure { _ = try! store.compactPendingChunks() }
            let heapCompacted = heapInUse() - heapBefore
            let rssCompacted = residentBytes() - rssBefore
            let p = Double(payload)
            func mb(_ bytes: Int) -> Double { (Double(bytes) / 1e4).rounded() / 100 }
            report(area: "store-memory", case: "\(name) payload MB (\(chunkCount) chunks)", value: mb(payload), unit: "MB")
            report(area: "store-memory", case: "\(name) load (decode + insert) CPU s", value: loadSeconds, unit: "s", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) loaded: chunks", value: Double(chunksLoaded), unit: "chunks", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) loaded: accounted / payload", value: Double(accountedLoaded) / p, unit: "x", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) loaded: heap / payload", value: Double(heapLoaded) / p, unit: "x", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) loaded: RSS / payload", value: Double(rssLoaded) / p, unit: "x", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) compact s", value: compactSeconds, unit: "s", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) compacted: chunks", value: Double(store.chunkCount), unit: "chunks", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) compacted: accounted / payload", value: Double(store.totalBytes) / p, unit: "x", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) compacted: heap / payload", value: Double(heapCompacted) / p, unit: "x", higherIsBetter: false)
            report(area: "store-memory", case: "\(name) compacted: RSS / payload", value: Double(rssCompacted) / p, unit: "x", higherIsBetter: false)
            blackHole(store)
            store = ChunkStore()
            var decoded: [Chunk] = []
            forEachChunk(path) { decoded.append($0) }
            let configs: [(String, ChunkStoreConfig)] = [
                ("no eager merging, no packing", ChunkStoreConfig(packMaxBytes: 0, packInsertedMaxBytes: 0, idleInserts: .max)),
                ("packing off", ChunkStoreConfig(packMaxBytes: 0, packInsertedMaxBytes: 0)),
                ("default", ChunkStoreConfig.default),
            ]
            for (label, config) in configs {
                var times: [Double] = []
                for _ in 0..<3 {
                    var store = ChunkStore(config: config)
                    times.append(threadCPUSeconds { for chunk in decoded { _ = try! store.insert(chunk) } })
                    blackHole(store)
                }
                report(area: "store-memory", case: "\(name) insert CPU s (\(label))", value: times.sorted()[1], unit: "s", higherIsBetter: false)
            }
        }
    }

    /// CPU seconds this thread spends running `body` (steadier than wall time on a shared machine).
    static func threadCPUSeconds(_ body: () -> Void) -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
    }

    /// Diagnostics: the heap per chunk of decoded chunks held in an array, of deep copies of them
    /// (every buffer in its own allocation, the IPC message released), and of a store holding them.
    static func breakdown(_ path: String) {
        func copy(_ d: ArrayData) -> ArrayData {
            ArrayData(type: d.type, length: d.length, offset: d.offset, nullCount: d.nullCount,
                      buffers: d.buffers.map { $0.map { Buffer(copying: $0.bytes) } }, children: d.children.map(copy))
        }
        do {
            let start = heapInUse()
            var store = ChunkStore()
            forEachChunk(path) { _ = try! store.insert($0) }
            print("decoded into store: \((heapInUse() - start) / 1000) kB")
            _ = try! store.compactPendingChunks()
            let compacted = heapInUse()
            print("compacted: \((compacted - start) / 1000) kB, payload \(store.allChunks.reduce(0) { $0 + $1.payloadBytes } / 1000) kB")
            store = ChunkStore()
            print("dropping the store frees \((compacted - heapInUse()) / 1000) kB")
        }
        var base = heapInUse()
        var decoded: [Chunk] = []
        forEachChunk(path) { decoded.append($0) }
        let n = decoded.count
        base = heapInUse()
        var copies: [Chunk] = []
        for c in decoded {
            copies.append(try! Chunk(id: c.id, entityPath: c.entityPath, rowIDData: copy(c.rowIDs),
                                     timeColumns: c.timeColumns.map { try! TimeColumn($0.timeline, times: $0.times) },
                                     components: c.components.map { try! ComponentColumn(descriptor: $0.descriptor, data: copy($0.data)) },
                                     extraMetadata: c.extraMetadata))
        }
        print("deep copies (own buffers): \((heapInUse() - base) / n) B/chunk")
        decoded = []
        base = heapInUse()
        var store = ChunkStore()
        for c in copies { _ = try! store.insert(c) }
        print("store of the copies, beyond the copies: \((heapInUse() - base) / n) B/chunk; accounted \(store.totalBytes / n) B/chunk")
        copies = []
        print("store after dropping the array: \((heapInUse() - base) / n) B/chunk (negative: the copies' share)")
        base = heapInUse()
        _ = try! store.compactPendingChunks()
        print("compaction: \((heapInUse() - base) / 1000) kB change, \(store.chunkCount) chunks, accounted \(store.totalBytes / 1000) kB")
        blackHole(store)
        blackHole(copies)
    }

    /// Calls `body` with every decoded chunk of the file's recording.
    static func forEachChunk(_ path: String, _ body: (Chunk) throws -> Void) {
        do {
            try RRDReader.read(.file(path)) { event in
                guard case .message(.arrow(let arrow), _, _, _) = event, arrow.storeID.kind == .recording else { return }
                try body(arrow.chunk)
            }
        } catch {
            fatalError("store-memory bench: reading \(path) failed: \(error)")
        }
    }

    /// Bytes the allocator has handed out and not yet got back (all arenas, mmapped blocks
    /// included): glibc's `malloc_info` report, system bytes minus free chunks plus mmapped blocks.
    /// (`mallinfo2` is not visible to Swift: `malloc.h` is not part of the Glibc module.)
    static func heapInUse() -> Int {
        #if canImport(Glibc)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_info"),
              let file = tmpfile() else { return 0 }
        defer { fclose(file) }
        _ = unsafeBitCast(symbol, to: MallocInfo.self)(0, file)
        var text = ""
        rewind(file)
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            text += String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        // The totals follow the last </heap>: fast/rest free chunks, mmapped blocks, system bytes.
        guard let tail = text.range(of: "</heap>", options: .backwards).map({ text[$0.upperBound...] }) else { return 0 }
        func size(_ prefix: String) -> Int {
            guard let r = tail.range(of: prefix) else { return 0 }
            let rest = tail[r.upperBound...]
            guard let s = rest.range(of: "size=\"") else { return 0 }
            return Int(rest[s.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        return size("<system type=\"current\"") - size("<total type=\"fast\"") - size("<total type=\"rest\"")
            + size("<total type=\"mmap\"")
        #else
        return 0
        #endif
    }

    /// The resident set size after returning free heap pages to the system.
    static func residentBytes() -> Int {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        }
        #endif
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

extension Chunk {
    /// The bytes of every Arrow buffer the chunk's arrays reference (row ids, times, components),
    /// as `pyarrow`'s `nbytes` counts them: the viewed bytes of each buffer, not its allocation.
    var payloadBytes: Int {
        func bytes(_ data: ArrayData) -> Int {
            data.buffers.reduce(0) { $0 + ($1?.count ?? 0) } + data.children.reduce(0) { $0 + bytes($1) }
        }
        return bytes(rowIDs) + timeColumns.reduce(0) { $0 + bytes($1.data) } + components.reduce(0) { $0 + bytes($1.data) }
    }
}
