public import RerunStore

extension ChunkStore {
    /// The store's chunks as one dataframe segment (id: the recording id, unless given).
    ///
    /// The store may have compacted or split chunks on insert; full scans do not depend on how
    /// rows are chunked, but time-filtered and resampled queries pick chunks the way Rerun's
    /// server does, so `Clear` effects on columns without data in the window can differ from a
    /// query over the original file's chunks (see `Docs/dataframe.md`).
    public func dataframeSegment(id: String? = nil) -> DataframeSegment {
        DataframeSegment(id: id ?? storeID?.recordingID ?? "", chunks: allChunks.sorted { $0.id < $1.id })
    }
}

extension DataframeDataset {
    /// A dataset of stores, one segment each, registered in the given order.
    public init(stores: [ChunkStore]) throws(DataframeError) {
        try self.init(segments: stores.map { $0.dataframeSegment() })
    }
}
