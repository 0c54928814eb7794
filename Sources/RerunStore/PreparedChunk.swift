public import RerunChunk

/// A chunk with the part of `ChunkStore.insert`'s work that depends only on the chunk and the
/// store's configuration already done: sorting a chunk sorted on none of its timelines, checking
/// sortedness, measuring it, and packing a small chunk into store-owned memory
/// (`ChunkStoreConfig.packInsertedMaxBytes`). `ChunkStore.prepare(_:config:packing:)` can run on any
/// thread (a file reader's decoding workers), so that the thread inserting does less.
///
/// Inserting it (`ChunkStore.insert(_:)`) gives exactly the result and events of inserting
/// `chunk`; errors (a chunk that cannot be sorted or copied) are thrown there too. The packed
/// form is used only if the store then keeps the chunk on its own (not when it merges it at once
/// into a slow entity's tail, when it joins small chunks waiting for a merge, nor when it splits
/// or ignores it).
public struct PreparedChunk: Sendable {
    /// The chunk as given.
    public let chunk: Chunk
    /// The configuration it was prepared for.
    let config: ChunkStoreConfig
    /// For a temporal chunk with rows: the analysis, or the error inserting it would throw.
    let analysis: Result<TemporalAnalysis, StoreError>?
}

extension ChunkStore {
    /// Does the work of inserting `chunk` into a store with configuration `config` that depends
    /// on nothing else (see `PreparedChunk`). Pure and thread-safe.
    ///
    /// With `packing`, the form the store keeps the chunk in when it keeps it on its own is built
    /// too: packed into store-owned memory when small (`packInsertedMaxBytes`), and its sort
    /// orders, sizes and buffer keys either way. That is wasted when the store merges the chunk
    /// into a slow entity's tail at once: measured on W4l (100 k single-row chunks of 10 k slow
    /// entities), preparing cost 4.3 µs per chunk with packing and saved the inserting thread
    /// ~0.9 µs (without packing: 1.3 µs, saving ~0.2 µs); on W6l (88-row chunks of fast
    /// entities) 5 µs per chunk, saving 4.5 µs.
    public static func prepare(_ chunk: Chunk, config: ChunkStoreConfig = .default, packing: Bool = true) -> PreparedChunk {
        let analysis = chunk.isStatic || chunk.rowCount == 0 ? nil
            : TemporalAnalysis.analyse(chunk, config: config, pack: packing)
        return PreparedChunk(chunk: chunk, config: config, analysis: analysis)
    }
}

/// What inserting a temporal chunk needs to know about it before looking at the store.
struct TemporalAnalysis: Sendable {
    /// The chunk to store: the inserted one, or its copy sorted on its first timeline when it
    /// is sorted on none.
    let chunk: Chunk
    /// On which timelines `chunk` is sorted.
    let sorted: SortedTimelines
    /// An upper bound of its logical bytes that is exact for chunks over `maxBytes / 8` (see
    /// `insertTemporal`).
    let bytes: Int
    /// `StoredChunk.make(chunk, packMaxBytes: packInsertedMaxBytes)` (packed or not; or the error
    /// it threw, thrown only if the store uses it) when asked for and the chunk is not split.
    let packed: Result<StoredChunk, StoreError>?

    /// Sorts (if needed), measures and (with `pack`) packs `chunk`; the error is the one
    /// `insert` throws.
    static func analyse(_ input: Chunk, config: ChunkStoreConfig, pack: Bool) -> Result<TemporalAnalysis, StoreError> {
        var chunk = input
        var sorted = SortedTimelines(chunk)
        if !sorted.any {
            do {
                chunk = try chunk.sorted(by: chunk.timeColumns[0].timeline.name)
            } catch {
                return .failure(StoreError("cannot sort chunk \(chunk.id.hexString) (\(chunk.entityPath)): \(error)"))
            }
            sorted = SortedTimelines(chunk)
        }
        // The bytes the buffers view bound the logical bytes; for the small chunks that are most
        // of the inserts the bound already answers every size check (`split`, slow-tail merging:
        // a kept tail has at most `maxBytes / 16`).
        let viewed = chunk.viewedBytes
        let bytes = viewed <= config.maxBytes / 8 ? viewed : chunk.logicalByteCount
        var packed: Result<StoredChunk, StoreError>?
        if pack, config.packInsertedMaxBytes > 0,
           !(config.enableSplitting && config.needsSplit(rows: chunk.rowCount, allSorted: sorted.all, bytes: bytes)) {
            do {
                packed = .success(try StoredChunk.make(chunk, packMaxBytes: config.packInsertedMaxBytes, sorted: sorted))
            } catch {
                packed = .failure(error)
            }
        }
        return .success(TemporalAnalysis(chunk: chunk, sorted: sorted, bytes: bytes, packed: packed))
    }
}

extension ChunkStoreConfig {
    /// Whether a chunk of `rows` rows and `bytes` logical bytes is over the limits (and so is
    /// split on insert).
    func needsSplit(rows: Int, allSorted: Bool, bytes: Int) -> Bool {
        rows > (allSorted ? maxRows : maxRowsIfUnsorted) || bytes > maxBytes
    }
}
