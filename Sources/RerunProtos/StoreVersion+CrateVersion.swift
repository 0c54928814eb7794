extension Rerun_LogMsg_V1alpha1_StoreVersion {
    /// The `crate_version_bits` value for a version (spec §3.4): the `Int32` read little-endian
    /// from the bytes `[major, minor, patch, meta]`, the same four bytes as the `.rrd`
    /// StreamHeader version. 0.41.0 gives 10496 (`0x2900`). `meta` is 0 for a release; for a
    /// pre-release its top two bits give the kind and its low six bits N, so `meta >= 0x80` gives a
    /// negative value.
    public static func crateVersionBits(major: UInt8, minor: UInt8, patch: UInt8, meta: UInt8 = 0) -> Int32 {
        let bits = UInt32(major) | UInt32(minor) << 8 | UInt32(patch) << 16 | UInt32(meta) << 24
        return Int32(bitPattern: bits)
    }

    /// A StoreVersion for `major.minor.patch` (and `meta`, 0 for a release).
    public init(major: UInt8, minor: UInt8, patch: UInt8, meta: UInt8 = 0) {
        self.init()
        crateVersionBits = Self.crateVersionBits(major: major, minor: minor, patch: patch, meta: meta)
    }

    /// The version as the bytes `[major, minor, patch, meta]` (the inverse of
    /// ``crateVersionBits(major:minor:patch:meta:)``).
    public var versionBytes: [UInt8] {
        let bits = UInt32(bitPattern: crateVersionBits)
        return [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
    }
}
