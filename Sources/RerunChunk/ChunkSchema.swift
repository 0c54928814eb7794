public import RerunArrow
public import RerunModel

/// The names and metadata keys of the Rerun 0.41 chunk ⇄ record batch convention
/// (`Docs/rrd-format.md` §4.3).
public enum ChunkSchema {
    /// Schema metadata: the entity path, with a leading `/`.
    public static let entityPathKey = "rerun:entity_path"
    /// Schema metadata: `chunk_` + the chunk id's hex form.
    public static let chunkIDKey = "rerun:id"
    /// Schema metadata: the Sorbet schema version.
    public static let sorbetVersionKey = "sorbet:version"
    /// The Sorbet version Rerun 0.41 writes.
    public static let sorbetVersion = "0.1.4"

    /// Field metadata: `control`, `index` or `data`.
    public static let kindKey = "rerun:kind"
    /// Field metadata: whether the column's values are sorted.
    public static let isSortedKey = "rerun:is_sorted"
    /// Field metadata of index columns: the timeline name.
    public static let indexNameKey = "rerun:index_name"
    /// Field metadata of data columns: the component identifier.
    public static let componentKey = "rerun:component"
    /// Field metadata of data columns: the archetype's full name.
    public static let archetypeKey = "rerun:archetype"
    /// Field metadata of data columns: the component type's full name.
    public static let componentTypeKey = "rerun:component_type"

    /// The name of the row id column.
    public static let rowIDColumnName = "rerun.controls.RowId"
    /// The Arrow extension name of TUID columns.
    public static let tuidExtensionName = "rerun.datatypes.TUID"

    /// The Arrow type of a timeline's index column.
    public static func arrowType(of kind: TimelineKind) -> DataType {
        switch kind {
        case .sequence: .int64
        case .duration: .durationNanoseconds
        case .timestamp: .timestampNanoseconds
        }
    }
}

