public import RerunChunk

/// One recording's chunks, the unit a dataframe query runs over. Rerun 0.41 calls it a
/// *segment* of a dataset; its id is the recording id and becomes the `rerun_segment_id` column.
public struct DataframeSegment: Sendable {
    /// The segment id (the recording id).
    public let id: String
    /// The chunks, in the order they were logged or stored.
    public var chunks: [Chunk]

    /// Creates a segment.
    public init(id: String, chunks: [Chunk]) {
        self.id = id
        self.chunks = chunks
    }
}
