import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A time-ordered 128-bit unique id: nanoseconds since the epoch and an increment.
///
/// Rerun uses TUIDs for row ids, chunk ids and `SetStoreInfo.row_id`. They sort by time, then by
/// increment; the 16-byte big-endian form sorts byte-wise in the same order.
public struct TUID: Sendable, Hashable, Comparable {
    /// Nanoseconds since the Unix epoch when the id was made (monotonic per generator).
    public let timeNanos: UInt64
    /// A per-generator counter, randomly seeded.
    public let increment: UInt64

    /// Creates a TUID from its two halves.
    public init(timeNanos: UInt64, increment: UInt64) {
        self.timeNanos = timeNanos
        self.increment = increment
    }

    /// A TUID from its 16-byte big-endian Arrow form; `nil` unless exactly 16 bytes.
    public init?(bigEndianBytes bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { high = high << 8 | UInt64(b) } else { low = low << 8 | UInt64(b) }
        }
        self.init(timeNanos: high, increment: low)
    }

    /// The 16-byte big-endian form used in Arrow columns.
    public var bigEndianBytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: timeNanos >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: increment >> (56 - 8 * $0)) }
    }

    /// `%016X` of the time followed by `%016x` of the increment, as Rerun prints ids.
    public var hexString: String {
        TUID.hex(timeNanos, uppercase: true) + TUID.hex(increment, uppercase: false)
    }

    /// Parses the 32-hex-digit form (any case), optionally prefixed, e.g. `chunk_18EC…`.
    public init?(hexString: String, prefix: String = "") {
        let utf8 = hexString.utf8
        let p = prefix.utf8
        guard utf8.starts(with: p) else { return nil }
        self.init(hexDigits: utf8.dropFirst(p.count))
    }

    /// Parses exactly 32 ASCII hex digits (any case): the time half, then the increment.
    @inlinable
    public init?(hexDigits: some Collection<UInt8>) {
        guard hexDigits.count == 32 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        var k = 0
        for c in hexDigits {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c &- 0x30
            case 0x41...0x46: v = c &- 0x37
            case 0x61...0x66: v = c &- 0x57
            default: return nil
            }
            if k < 16 { high = high << 4 | UInt64(v) } else { low = low << 4 | UInt64(v) }
            k += 1
        }
        self.init(timeNanos: high, increment: low)
    }

    public static func < (lhs: TUID, rhs: TUID) -> Bool {
        (lhs.timeNanos, lhs.increment) < (rhs.timeNanos, rhs.increment)
    }

    static func hex(_ value: UInt64, uppercase: Bool) -> String {
        let s = String(value, radix: 16, uppercase: uppercase)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// A new TUID from the process-wide generator: strictly greater than every TUID it made before.
    public static func next() -> TUID { TUIDGenerator.shared.next() }
}

/// Makes strictly increasing TUIDs: `time = max(now, previous time)`, `increment = previous + 1`,
/// with a random initial increment (top bit clear). Thread-safe.
public final class TUIDGenerator: Sendable {
    private struct State {
        var timeNanos: UInt64
        var increment: UInt64
    }

    private let state: Mutex<State>
    private let clock: @Sendable () -> UInt64

    /// The process-wide generator.
    public static let shared = TUIDGenerator()

    /// A generator reading `clock` (nanoseconds since the epoch; the wall clock by default) and
    /// starting from `initialIncrement` (random by default).
    public init(
        initialIncrement: UInt64 = UInt64.random(in: 0...(UInt64.max >> 1)),
        clock: @escaping @Sendable () -> UInt64 = TUIDGenerator.wallClockNanos
    ) {
        self.state = Mutex(State(timeNanos: 0, increment: initialIncrement))
        self.clock = clock
    }

    /// The next TUID.
    public func next() -> TUID {
        let now = clock()
        return state.withLock { s in
            s.timeNanos = Swift.max(now, s.timeNanos)
            s.increment &+= 1
            return TUID(timeNanos: s.timeNanos, increment: s.increment)
        }
    }

    /// Nanoseconds since the Unix epoch from the system's real-time clock.
    @Sendable
    public static func wallClockNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// The id of one row (one log call). Larger row ids win ties at equal times.
public typealias RowID = TUID
/// The id of one chunk; unique within a recording.
public typealias ChunkID = TUID
