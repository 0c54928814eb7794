import Foundation

/// When the batcher turns pending rows into chunks and hands them to the sink.
///
/// Defaults follow Rerun: every 200 ms or at 2 MiB for files and memory, every 8 ms for network
/// sinks; no row limit. The `RERUN_FLUSH_TICK_SECS`, `RERUN_FLUSH_NUM_BYTES` and
/// `RERUN_FLUSH_NUM_ROWS` environment variables override the defaults.
public struct BatcherConfig: Sendable, Hashable {
    /// Flush pending rows at least this often (seconds).
    public var flushTick: Double
    /// Flush once this many bytes of component data are pending.
    public var flushNumBytes: Int
    /// Flush once this many rows are pending (`Int.max`: no limit).
    public var flushNumRows: Int
    /// Split a chunk whose rows are not sorted by time into pieces of at most this many rows.
    public var chunkMaxRowsIfUnsorted: Int

    /// Creates a configuration.
    public init(flushTick: Double = 0.2, flushNumBytes: Int = 2 * 1024 * 1024, flushNumRows: Int = .max,
                chunkMaxRowsIfUnsorted: Int = 8192) {
        self.flushTick = flushTick
        self.flushNumBytes = flushNumBytes
        self.flushNumRows = flushNumRows
        self.chunkMaxRowsIfUnsorted = chunkMaxRowsIfUnsorted
    }

    /// Rerun's defaults for file, memory and stdout sinks, with environment overrides.
    public static var `default`: BatcherConfig { BatcherConfig().applyingEnvironment() }
    /// Rerun's low-latency defaults for network sinks (8 ms tick), with environment overrides.
    public static var lowLatency: BatcherConfig { BatcherConfig(flushTick: 0.008).applyingEnvironment() }
    /// Every row becomes its own chunk at once (useful for tests and debugging).
    public static let always = BatcherConfig(flushTick: 0, flushNumBytes: 0, flushNumRows: 1)

    /// This configuration with `RERUN_FLUSH_*` environment variables applied.
    public func applyingEnvironment(_ environment: [String: String]? = nil) -> BatcherConfig {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var config = self
        if let v = environment["RERUN_FLUSH_TICK_SECS"].flatMap(Double.init), v >= 0, v.isFinite { config.flushTick = v }
        if let v = environment["RERUN_FLUSH_NUM_BYTES"].flatMap(Int.init), v >= 0 { config.flushNumBytes = v }
        if let v = environment["RERUN_FLUSH_NUM_ROWS"].flatMap(Int.init), v >= 0 { config.flushNumRows = v == 0 ? .max : v }
        return config
    }
}
