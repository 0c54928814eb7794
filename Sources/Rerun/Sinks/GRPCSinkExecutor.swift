import Foundation

/// The task executor every `GRPCSink` stream task prefers: one dedicated thread, shared by all
/// sinks of the process and started with the first one.
///
/// The sink's synchronous callers (`flush`, `finish`, a blocked `send`) wait on a condition
/// variable. If the stream task ran on Swift's cooperative pool, a caller blocking a pool thread
/// (tests, or an app calling `finish()` from a task) could starve the very task it waits for
/// until the timeout. With its own thread the stream keeps moving whatever the pool is doing.
/// Child tasks (grpc-swift's connection and RPC tasks) inherit the preference; NIO I/O itself
/// stays on NIO's event loops.
final class GRPCSinkExecutor: TaskExecutor, @unchecked Sendable {
    /// The process-wide instance.
    static let shared = GRPCSinkExecutor()

    // Safety (Sendable): `jobs` is only accessed with `condition` locked.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [self] in run() }
        thread.name = "rerun-grpc"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
