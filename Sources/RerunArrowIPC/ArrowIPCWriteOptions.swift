/// How the IPC writers lay out buffers.
public struct ArrowIPCWriteOptions: Sendable, Hashable {
    /// The alignment of every message and body buffer, in bytes: 8 (what pyarrow writes) or 64
    /// (what arrow-rs, and so Rerun, writes).
    public var alignment: Int
    /// Whether to write a validity bitmap (all bits set) for arrays without nulls, as arrow-rs
    /// does; when `false`, such arrays get a zero-length validity buffer, as pyarrow writes.
    public var writeAllValidBitmaps: Bool

    /// Creates options. `alignment` must be 8 or 64.
    public init(alignment: Int = 64, writeAllValidBitmaps: Bool = true) {
        precondition(alignment == 8 || alignment == 64, "IPC alignment must be 8 or 64")
        self.alignment = alignment
        self.writeAllValidBitmaps = writeAllValidBitmaps
    }

    /// arrow-rs style, as the Rerun SDK writes: 64-byte alignment, bitmaps even without nulls.
    public static let arrowRS = ArrowIPCWriteOptions(alignment: 64, writeAllValidBitmaps: true)
    /// pyarrow style: 8-byte alignment, no bitmaps for arrays without nulls.
    public static let pyarrow = ArrowIPCWriteOptions(alignment: 8, writeAllValidBitmaps: false)
}
