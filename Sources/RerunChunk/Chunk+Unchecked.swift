public import RerunArrow
public import RerunModel

extension Chunk {
    /// Creates a chunk from parts the caller has already validated, without checking them: every
    /// column has `rowIDs.length` rows, time columns are sorted by timeline name and unique,
    /// component columns are list arrays sorted by identifier and unique, row ids are a non-null
    /// `FixedSizeBinary(16)` array.
    ///
    /// For the store, which builds chunks from the columns of chunks it holds (concatenations,
    /// copies into its own memory) and so knows all of this already.
    package init(
        uncheckedID id: ChunkID, entityPath: EntityPath, rowIDs: ArrayData, timeColumns: [TimeColumn],
        components: [ComponentColumn], extraMetadata: [String: String]
    ) {
        self.init(unchecked: id, entityPath: entityPath, rowIDs: rowIDs, timeColumns: timeColumns,
                  components: components, extraMetadata: extraMetadata)
    }
}

extension TimeColumn {
    /// Wraps an index column the caller has validated (non-null 64-bit values of the timeline's
    /// type, no `Int64.min`), with its known sortedness (`nil`: computed).
    package init(uncheckedTimeline timeline: Timeline, data: ArrayData, isSorted: Bool?) {
        self.init(unchecked: timeline, data: data, isSorted: isSorted)
    }
}

extension ComponentColumn {
    /// Wraps a list array the caller has validated as this component's cells.
    package init(descriptor: ComponentDescriptor, uncheckedListData data: ArrayData) {
        self.init(descriptor: descriptor, uncheckedData: data)
    }
}
