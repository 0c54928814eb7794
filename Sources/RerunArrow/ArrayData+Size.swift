extension ArrayData {
    /// The bytes of every buffer this array and its children refer to, counting whole buffers
    /// (a slice reports the size of the buffers it shares). A quick size estimate; memory
    /// accounting that must not double-count shared buffers needs buffer identity instead.
    public var totalBufferBytes: Int {
        buffers.reduce(0) { $0 + ($1?.count ?? 0) } + children.reduce(0) { $0 + $1.totalBufferBytes }
    }
}
