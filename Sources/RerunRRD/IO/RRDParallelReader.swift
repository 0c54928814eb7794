import Foundation
import RerunLZ4

/// Decodes a regular `.rrd` file on worker threads and hands out its events in file order.
///
/// The calling thread reads and frames the file (finding message boundaries, which is cheap) and
/// groups consecutive messages into work items; worker threads decode them (protobuf, LZ4, Arrow
/// IPC, chunk conversion; each with its own decode cache), and `next()` returns the events in
/// file order. So whatever the caller does with one event (inserting its chunk into a store)
/// overlaps with the decoding of later ones. When the item it needs next has not been taken by
/// a worker yet, the calling thread decodes it itself; messages of 1 MiB or more are always
/// decoded there, without reading ahead past them (see `Limits.localMessageBytes`), so a file of
/// large messages is read about as the serial reader reads it.
///
/// Memory stays bounded: at most about 32 MiB of framed input are in flight (a larger message is
/// read and decoded alone), and the read buffers a frame points into stay alive until it is
/// decoded (the decoder reads on into a new buffer).
///
/// Events and errors are exactly those of `RRDDecoder` on the same bytes, in the same order:
/// events before a bad message are returned first. A message that fails to decode throws its
/// `RRDError` from `next()` and is consumed: the next call goes on with the following message.
/// A framing error, a truncated tail or a read error (`RRDReaderError`) ends the reader:
/// `isFinished` is then `true` and `next()` returns `nil`. `close()` (or releasing the reader)
/// stops and joins the workers; a worker finishes at most the item it is decoding.
public final class RRDParallelReader {
    /// Worker threads when none are asked for: one per active processor, at most 8.
    public static var defaultWorkerCount: Int {
        min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8)
    }

    /// How work is cut and how much may be in flight.
    struct Limits {
        /// The first read asks for this many bytes, each next one for twice as many up to
        /// `RRDReader.readSize`: the workers get their first batch after a short read instead of
        /// waiting for the first 4 MiB (a tenth of a small file's load time).
        var firstReadBytes = 256 << 10
        /// A batch is queued once it holds this many input bytes…
        var batchBytes = 256 << 10
        /// …or this many items.
        var batchItems = 64
        /// No more framing while this many input bytes are queued or decoded but not returned…
        var windowBytes = 32 << 20
        /// …or this many batches per thread.
        var windowBatchesPerThread = 8
        /// Messages from this size on are decoded on the calling thread: their decoded buffers
        /// are large, and large allocations made on other threads come from per-thread malloc
        /// arenas that give memory back to the system on free, so every such decode would
        /// page-fault its output afresh (measured: slower than decoding serially).
        var localMessageBytes = 1 << 20
    }

    private let handle: FileHandle?
    private let descriptor: Int32
    private let path: String
    private let limits: Limits
    private let windowBatches: Int
    /// Worker threads to start with the first batch for them (a file of large messages, all
    /// decoded on the calling thread, starts none).
    private let workers: Int
    private var workersStarted = false
    private let queue = RRDDecodeQueue()
    private var isClosed = false

    // Framing (calling thread).
    private var frames = RRDFrameDecoder { XXHash32.hash($0, seed: RRDFraming.footerChecksumSeed) }
    /// File bytes not read yet (bounds how much one read asks for).
    private var remaining: Int
    /// How many bytes the next read asks for (see `Limits.firstReadBytes`).
    private var readSize: Int
    private var inputEnded = false
    /// A framing, truncation or read error, thrown after every batch before it was returned.
    private var endError: (any Error)?
    private var building: [RRDFrameDecoder.Frame] = []
    private var buildingBytes = 0

    // Delivery (calling thread).
    private var inFlight: [RRDDecodeBatch?] = []
    private var inFlightHead = 0
    private var inFlightBytes = 0
    /// Batches in line that the calling thread decodes itself: no reading ahead past them (it
    /// would only hold memory, as no worker is waiting for them).
    private var localInFlight = 0
    private var current: RRDDecodeBatch?
    private var index = 0
    /// The calling thread's decode cache (for batches it decodes itself).
    private var cache = RRDDecodeCache()

    /// Whether the input has been read to its end (or to an error that ends it) and every event
    /// returned: `next()` returns `nil` from now on.
    public private(set) var isFinished = false

    /// Opens `path`, to be decoded by `workers` threads (`nil`: `defaultWorkerCount`; `0`: the
    /// calling thread decodes everything, in the same batches), started with the first batch of
    /// small messages. Throws `RRDReaderError` if the
    /// file cannot be opened or is not a regular file (read pipes with `RRDReader`).
    public convenience init(path: String, workers: Int? = nil) throws {
        let handle = try RRDReader.openFile(path)
        guard let size = RRDReader.regularFileSize(handle.fileDescriptor) else {
            try? handle.close()
            throw RRDReaderError(message: "\(path): not a regular file")
        }
        self.init(handle: handle, descriptor: handle.fileDescriptor, path: path, size: size,
                  workers: workers ?? Self.defaultWorkerCount, limits: Limits())
    }

    /// A reader of the open regular file `descriptor` (of `size` bytes), which the caller closes
    /// after `close()`.
    convenience init(descriptor: Int32, path: String, size: Int, workers: Int, limits: Limits = Limits()) {
        self.init(handle: nil, descriptor: descriptor, path: path, size: size, workers: workers, limits: limits)
    }

    private init(handle: FileHandle?, descriptor: Int32, path: String, size: Int, workers: Int, limits: Limits) {
        self.handle = handle
        self.descriptor = descriptor
        self.path = path
        self.remaining = size
        self.limits = limits
        self.readSize = min(max(limits.firstReadBytes, 1), RRDReader.readSize)
        self.workers = min(max(workers, 0), 64)
        self.windowBatches = limits.windowBatchesPerThread * (self.workers + 1)
    }

    deinit {
        close()
    }

    /// Stops and joins the worker threads, and closes the file if this reader opened it. Further
    /// `next()` calls return `nil`. Called when the reader is released.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        isFinished = true
        queue.stop()
        inFlight = []
        current = nil
        building = []
        try? handle?.close()
    }

    /// The next event in file order, or `nil` at the end of the input. Throws what `RRDDecoder`
    /// would throw at the same point (see the type's documentation).
    public func next() throws -> RRDDecoder.Event? {
        while true {
            if let batch = current {
                if index < batch.count {
                    index += 1
                    return try batch.take(index - 1).get()
                }
                current = nil
            }
            if isFinished { return nil }
            fill()
            guard inFlightHead < inFlight.count, let batch = inFlight[inFlightHead] else {
                // Everything was returned: end of input, or the error that ended it.
                let error = endError
                endError = nil
                close()
                if let error { throw error }
                return nil
            }
            inFlight[inFlightHead] = nil
            inFlightHead += 1
            dropTakenFront(of: &inFlight, head: &inFlightHead)
            inFlightBytes -= batch.bytes
            if batch.isLocal { localInFlight -= 1 }
            if batch.isLocal || queue.waitOrTake(batch) { batch.decode(cache: &cache) }
            current = batch
            index = 0
        }
    }

    /// Frames input into batches until the in-flight window is full or the input has ended.
    private func fill() {
        while !inputEnded && localInFlight == 0 && inFlightBytes < limits.windowBytes
                && inFlight.count - inFlightHead < windowBatches {
            do {
                if let frame = try frames.nextFrame() {
                    add(frame)
                    continue
                }
            } catch {
                end(error)
                return
            }
            // More input needed: let the workers have what was framed before waiting for a read.
            submitBuilding()
            let offset = frames.offset
            let count: Int
            do {
                count = try frames.append(maximumCount: readSize, limit: max(remaining, readSize)) { destination in
                    try RRDReader.readFully(descriptor, into: destination, source: .file(path), at: offset)
                }
            } catch {
                end(error)
                return
            }
            if count == 0 {
                do throws(RRDError) {
                    try frames.finish()
                } catch {
                    end(error)
                    return
                }
                inputEnded = true
            } else {
                remaining -= count
                readSize = min(readSize * 2, RRDReader.readSize)
            }
        }
        submitBuilding()
    }

    /// Adds a framed item to the batch being built, queueing the batch when it is full.
    private func add(_ frame: RRDFrameDecoder.Frame) {
        if case .message(_, let payload, _, _) = frame {
            if payload.count >= limits.localMessageBytes {
                submitBuilding()
                enqueue(RRDDecodeBatch(frames: [frame], bytes: payload.count, isLocal: true))
                return
            }
            buildingBytes += payload.count + RRDFraming.MessageHeader.size
        }
        building.append(frame)
        if buildingBytes >= limits.batchBytes || building.count >= limits.batchItems { submitBuilding() }
    }

    /// Queues the batch being built, if it holds anything.
    private func submitBuilding() {
        guard !building.isEmpty else { return }
        let batch = RRDDecodeBatch(frames: building, bytes: buildingBytes, isLocal: false)
        building = []
        buildingBytes = 0
        enqueue(batch)
    }

    /// Puts a batch in line for delivery, and in the workers' queue unless it is decoded here.
    private func enqueue(_ batch: RRDDecodeBatch) {
        inFlight.append(batch)
        inFlightBytes += batch.bytes
        if batch.isLocal {
            localInFlight += 1
            return
        }
        if !workersStarted {
            workersStarted = true
            _ = queue.start(workers: workers)  // if none start, this thread decodes every batch
        }
        queue.submit(batch)
    }

    /// Ends the input with `error`, to be thrown after the batches framed before it.
    private func end(_ error: any Error) {
        submitBuilding()
        endError = error
        inputEnded = true
    }
}
