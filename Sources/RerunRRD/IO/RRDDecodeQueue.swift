import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The work queue between `RRDParallelReader` and its worker threads: batches waiting to be
/// decoded in file order, a lock, and two condition variables (work for the workers, a finished
/// batch for the reader). Workers are plain pthreads, joined by `stop()`.
final class RRDDecodeQueue: @unchecked Sendable {
    // Safety: the three pointers are allocated and initialized in `init`, destroyed and freed
    // in `deinit`, and never handed out; every other field is accessed only with `mutex` held.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let batchDone = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Batches not yet taken by any thread, oldest first from `head`.
    private var pending: [RRDDecodeBatch?] = []
    private var head = 0
    private var stopping = false
    #if os(Linux)
    private var threads: [pthread_t] = []
    #endif

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(batchDone, nil)
    }

    deinit {
        pthread_cond_destroy(batchDone)
        pthread_cond_destroy(workAvailable)
        pthread_mutex_destroy(mutex)
        batchDone.deallocate()
        workAvailable.deallocate()
        mutex.deallocate()
    }

    /// Starts up to `count` worker threads; returns how many started (none where threads are not
    /// supported here: then the reader decodes every batch itself).
    func start(workers count: Int) -> Int {
        #if os(Linux)
        for _ in 0..<count {
            var thread = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            let status = pthread_create(&thread, nil, { raw in
                // Safety: `raw` is the retained queue passed below; the thread owns that reference.
                let queue = Unmanaged<RRDDecodeQueue>.fromOpaque(raw!).takeRetainedValue()
                queue.work()
                return nil
            }, context)
            guard status == 0 else {
                Unmanaged<RRDDecodeQueue>.fromOpaque(context).release()
                break
            }
            threads.append(thread)
        }
        return threads.count
        #else
        return 0
        #endif
    }

    /// Queues a batch for decoding.
    func submit(_ batch: RRDDecodeBatch) {
        pthread_mutex_lock(mutex)
        pending.append(batch)
        pthread_cond_signal(workAvailable)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until `batch` (the oldest one not yet delivered) is decoded. If no worker has taken
    /// it yet, takes it and returns `true`: the caller decodes it itself.
    func waitOrTake(_ batch: RRDDecodeBatch) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if batch.isDone { return false }
        // Every older batch was delivered, so if `batch` is still waiting it is the next one.
        if head < pending.count, pending[head] === batch {
            pending[head] = nil
            head += 1
            compactPending()
            return true
        }
        while !batch.isDone { pthread_cond_wait(batchDone, mutex) }
        return false
    }

    /// Tells the workers to exit once their current batch is done, and joins them. Batches still
    /// queued are dropped.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pending = []
        head = 0
        pthread_cond_broadcast(workAvailable)
        pthread_mutex_unlock(mutex)
        #if os(Linux)
        for thread in threads { pthread_join(thread, nil) }
        threads = []
        #endif
    }

    /// A worker thread's loop: decode the oldest waiting batch, with this thread's own cache,
    /// until `stop()`.
    private func work() {
        Thread.current.name = "rrd-decode"  // names the thread for debuggers and `top -H`
        var cache = RRDDecodeCache()
        while let batch = take() {
            batch.decode(cache: &cache)
            pthread_mutex_lock(mutex)
            batch.isDone = true
            pthread_cond_signal(batchDone)  // only the reader waits for batches
            pthread_mutex_unlock(mutex)
        }
    }

    /// The oldest waiting batch, or `nil` once stopping.
    private func take() -> RRDDecodeBatch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !stopping && head == pending.count { pthread_cond_wait(workAvailable, mutex) }
        if stopping { return nil }
        let batch = pending[head]
        pending[head] = nil
        head += 1
        compactPending()
        return batch
    }

    /// Drops taken slots from the front of `pending` once they are most of it (lock held).
    private func compactPending() {
        dropTakenFront(of: &pending, head: &head)
    }
}

/// For a FIFO kept as an array and a read index `head`: removes the taken slots `[0, head)` once
/// they are all or most of the array (at least 64), so the array stays bounded without shifting
/// on every take.
func dropTakenFront<Element>(of array: inout [Element], head: inout Int) {
    if head == array.count {
        array.removeAll(keepingCapacity: true)
        head = 0
    } else if head >= 64 && head * 2 >= array.count {
        array.removeFirst(head)
        head = 0
    }
}

