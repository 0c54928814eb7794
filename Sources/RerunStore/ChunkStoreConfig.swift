/// Tuning of a `ChunkStore`: when inserted chunks are compacted with stored ones, and when large
/// chunks are split.
///
/// The defaults are the limits the issue asks for (4 MiB, 4096 rows, 1024 rows when a chunk is
/// not sorted on every one of its timelines); Rerun exposes the same knobs as
/// `RERUN_CHUNK_MAX_BYTES`, `RERUN_CHUNK_MAX_ROWS` and `RERUN_CHUNK_MAX_ROWS_IF_UNSORTED`.
public struct ChunkStoreConfig: Sendable, Hashable {
    /// The largest logical size (bytes of Arrow data the rows use) a stored chunk may have.
    /// Larger inserted chunks are split; compaction never produces a larger chunk.
    public var maxBytes: Int
    /// The most rows a stored chunk sorted on all its timelines may have.
    public var maxRows: Int
    /// The most rows a stored chunk that is unsorted on some timeline may have.
    public var maxRowsIfUnsorted: Int
    /// Whether small inserted chunks are merged into a stored chunk of the same entity.
    public var enableCompaction: Bool
    /// Whether chunks over the limits are split on insert (zero-copy slices).
    public var enableSplitting: Bool
    /// How many small chunks of an entity accumulate before they are merged (see
    /// `Docs/store.md`: compaction is leveled, so each row is copied only a few times).
    public var compactionFanout: Int
    /// Merged chunks whose Arrow buffers view at most this many bytes are packed into one
    /// allocation the store owns instead of one per buffer (see `Docs/store.md`, "Compaction");
    /// 0 disables it.
    public var packMaxBytes: Int
    /// Inserted chunks whose Arrow buffers view at most this many bytes are packed too (unless
    /// they are merged at once, or join small chunks of their entity already waiting for a
    /// merge, which copies them anyway): a decoded chunk's buffers view its whole decompressed
    /// IPC message, which for a tiny chunk is several times its data. 0 disables it.
    public var packInsertedMaxBytes: Int
    /// An entity whose previous small chunk arrived at least this many inserts (into the whole
    /// store) ago is *slow*: its new small chunk is merged with the ones waiting at level 0 at
    /// once instead of waiting for `compactionFanout` of them (see `Docs/store.md`, "Compaction").
    public var idleInserts: Int

    /// Creates a configuration.
    public init(
        maxBytes: Int = 4 << 20, maxRows: Int = 4096, maxRowsIfUnsorted: Int = 1024,
        enableCompaction: Bool = true, enableSplitting: Bool = true, compactionFanout: Int = 16,
        packMaxBytes: Int = 16 << 10, packInsertedMaxBytes: Int = 4 << 10, idleInserts: Int = 256
    ) {
        self.packInsertedMaxBytes = max(0, packInsertedMaxBytes)
        self.idleInserts = max(1, idleInserts)
        self.packMaxBytes = max(0, packMaxBytes)
        self.maxBytes = max(1, maxBytes)
        self.maxRows = max(1, maxRows)
        self.maxRowsIfUnsorted = max(1, maxRowsIfUnsorted)
        self.enableCompaction = enableCompaction
        self.enableSplitting = enableSplitting
        self.compactionFanout = max(2, compactionFanout)
    }

    /// Whether a chunk is small enough to be merged with others: at most an eighth of the row
    /// and byte limits. Larger chunks are stored as they are (never copied).
    func isSmall(rows: Int, bytes: Int) -> Bool {
        rows <= max(1, maxRows / 8) && bytes <= max(1, maxBytes / 8)
    }

    /// 4 MiB, 4096 rows, 1024 rows if unsorted; compaction and splitting on.
    public static let `default` = ChunkStoreConfig()

    /// Chunks are stored as inserted (still sorted when they have no sorted timeline).
    public static let noCompaction = ChunkStoreConfig(enableCompaction: false, enableSplitting: false)
}
