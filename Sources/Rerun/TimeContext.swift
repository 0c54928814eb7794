#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RerunModel

/// A thread's current time on each timeline, for one recording (Rerun keeps time per thread).
struct TimeState {
    /// The times set with `setTime`, by timeline name.
    var times: [String: (Timeline, Int64)] = [:]
}

/// Per-thread `TimeState`s for one recording, in POSIX thread-specific storage.
final class ThreadLocalTime: @unchecked Sendable {
    // Safety (Sendable): each thread only ever touches its own box through the pthread key.
    private final class Box {
        var state = TimeState()
    }

    private var key = pthread_key_t()

    init() {
        pthread_key_create(&key) { pointer in
            guard let pointer else { return }
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
        }
    }

    deinit {
        pthread_key_delete(key)
    }

    private var box: Box {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as! Box
        }
        let box = Box()
        pthread_setspecific(key, Unmanaged.passRetained(box as AnyObject).toOpaque())
        return box
    }

    /// Reads or changes the calling thread's state.
    func withState<R>(_ body: (inout TimeState) throws -> R) rethrows -> R {
        try body(&box.state)
    }
}
