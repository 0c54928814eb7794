/// The fixed-size binary structures that frame an `.rrd` stream (`Docs/rrd-format.md` §2).
public enum RRDFraming {
    /// `RRF2`, the magic of every stream.
    public static let magic: [UInt8] = Array("RRF2".utf8)
    /// `FOOT`, the second half of the StreamFooter's trailer.
    public static let footMagic: [UInt8] = Array("FOOT".utf8)
    /// The seed of the StreamFooter's xxHash32 checksum.
    public static let footerChecksumSeed: UInt32 = 7_850_921
    /// The version bytes we write: Rerun 0.41.0.
    public static let writerVersion: RerunVersion = RerunVersion(major: 0, minor: 41, patch: 0, meta: 0)
    /// The oldest version whose data layout we read (as the official 0.41 reader).
    public static let oldestReadableVersion = RerunVersion(major: 0, minor: 23, patch: 0, meta: 0)

    /// The kinds of framed messages; equal to the `LogMsg` oneof field numbers.
    public enum MessageKind: UInt64, Sendable, Hashable, CustomStringConvertible {
        /// The End message, whose payload is an `RrdFooter`.
        case end = 0
        /// `SetStoreInfo`.
        case setStoreInfo = 1
        /// `ArrowMsg`: one chunk.
        case arrowMsg = 2
        /// `BlueprintActivationCommand`.
        case blueprintActivationCommand = 3

        public var description: String {
            switch self {
            case .end: "End"
            case .setStoreInfo: "SetStoreInfo"
            case .arrowMsg: "ArrowMsg"
            case .blueprintActivationCommand: "BlueprintActivationCommand"
            }
        }
    }

    /// The 12-byte StreamHeader at the start of every stream.
    public struct StreamHeader: Sendable, Hashable {
        /// The size in bytes.
        public static let size = 12
        /// The writer's version.
        public var version: RerunVersion
        /// Whether the writer announced LZ4 (informational; each ArrowMsg says its own).
        public var compressed: Bool

        /// Creates a header.
        public init(version: RerunVersion = RRDFraming.writerVersion, compressed: Bool) {
            self.version = version
            self.compressed = compressed
        }

        /// The 12 bytes.
        public var bytes: [UInt8] {
            RRDFraming.magic + version.bytes + [compressed ? 1 : 0, 2, 0, 0]
        }

        /// Parses and checks a header; `offset` is where it starts in the input (for messages).
        public init(parsing b: some RandomAccessCollection<UInt8>, at offset: Int) throws(RRDError) {
            guard b.count >= StreamHeader.size else {
                throw RRDError(.truncated, at: offset, "truncated stream header: \(b.count) of 12 bytes")
            }
            let bytes = Array(b.prefix(StreamHeader.size))
            let magic = Array(bytes[0..<4])
            guard magic == RRDFraming.magic else {
                if magic == Array("RRF0".utf8) || magic == Array("RRF1".utf8) {
                    throw RRDError(.badHeader, at: offset, "data from an old, incompatible Rerun version (magic \(String(decoding: magic, as: UTF8.self)))")
                }
                throw RRDError(.badHeader, at: offset, "not an RRD stream: expected magic 'RRF2', found \(hex(magic))")
            }
            let version = RerunVersion(major: bytes[4], minor: bytes[5], patch: bytes[6], meta: bytes[7])
            guard version >= RRDFraming.oldestReadableVersion else {
                throw RRDError(.badHeader, at: offset + 4, "data from Rerun version \(version), which is incompatible (0.23 or newer needed)")
            }
            guard bytes[8] <= 1 else {
                throw RRDError(.badHeader, at: offset + 8, "unknown compression option \(bytes[8]) in stream header")
            }
            guard bytes[9] == 2 else {
                throw RRDError(.badHeader, at: offset + 9, "unsupported serializer \(bytes[9]) in stream header (2 = protobuf expected)")
            }
            guard bytes[10] == 0 && bytes[11] == 0 else {
                throw RRDError(.badHeader, at: offset + 10, "reserved bytes of the stream header are not zero")
            }
            self.version = version
            self.compressed = bytes[8] == 1
        }
    }

    /// The 16-byte header before each message: kind and payload length, both u64le.
    public struct MessageHeader: Sendable, Hashable {
        /// The size in bytes.
        public static let size = 16
        /// The raw kind value (0…3 are known).
        public var kind: UInt64
        /// The payload length in bytes.
        public var length: UInt64

        /// Creates a header.
        public init(kind: MessageKind, length: Int) {
            self.kind = kind.rawValue
            self.length = UInt64(length)
        }

        init(kind: UInt64, length: UInt64) {
            self.kind = kind
            self.length = length
        }

        /// The 16 bytes.
        public var bytes: [UInt8] { littleEndianBytes(kind) + littleEndianBytes(length) }
    }

    /// The 32-byte trailer after the End message, locating and checksumming the RrdFooter.
    public struct StreamFooter: Sendable, Hashable {
        /// The size in bytes.
        public static let size = 32
        /// The absolute offset (from the stream start) of the End message's payload.
        public var footerStart: UInt64
        /// The End payload's length.
        public var footerLength: UInt64
        /// xxHash32 (seed 7850921) of the End payload.
        public var checksum: UInt32

        /// Creates a footer.
        public init(footerStart: UInt64, footerLength: UInt64, checksum: UInt32) {
            self.footerStart = footerStart
            self.footerLength = footerLength
            self.checksum = checksum
        }

        /// The 32 bytes (one entry, as Rerun writes).
        public var bytes: [UInt8] {
            littleEndianBytes(footerStart) + littleEndianBytes(footerLength) + littleEndianBytes(checksum)
                + RRDFraming.magic + RRDFraming.footMagic + littleEndianBytes(UInt32(1))
        }

        /// Parses a footer; `offset` locates it in the input (for messages).
        public init(parsing b: some RandomAccessCollection<UInt8>, at offset: Int) throws(RRDError) {
            let bytes = Array(b.prefix(StreamFooter.size))
            guard bytes.count == StreamFooter.size else {
                throw RRDError(.truncated, at: offset, "truncated stream footer: \(bytes.count) of 32 bytes")
            }
            guard Array(bytes[20..<24]) == RRDFraming.magic, Array(bytes[24..<28]) == RRDFraming.footMagic else {
                throw RRDError(.badFooter, at: offset + 20, "stream footer lacks its 'RRF2FOOT' trailer (found \(hex(Array(bytes[20..<28]))))")
            }
            let entries: UInt32 = loadLittleEndian(bytes, 28)
            guard entries == 1 else {
                throw RRDError(.unsupported, at: offset + 28, "stream footer has \(entries) entries; exactly 1 is supported")
            }
            self.footerStart = loadLittleEndian(bytes, 0)
            self.footerLength = loadLittleEndian(bytes, 8)
            self.checksum = loadLittleEndian(bytes, 16)
        }
    }
}

/// A Rerun release as four bytes `[major, minor, patch, meta]` (the StreamHeader's version field,
/// and `StoreVersion.crate_version_bits` read as a little-endian Int32).
public struct RerunVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: UInt8
    public var minor: UInt8
    public var patch: UInt8
    /// 0 for a release; pre-release kind in the top two bits and number in the low six otherwise.
    public var meta: UInt8

    /// Creates a version.
    public init(major: UInt8, minor: UInt8, patch: UInt8, meta: UInt8 = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.meta = meta
    }

    /// The four header bytes.
    public var bytes: [UInt8] { [major, minor, patch, meta] }

    /// The `crate_version_bits` value of `StoreVersion`.
    public var crateVersionBits: Int32 {
        Int32(bitPattern: UInt32(major) | UInt32(minor) << 8 | UInt32(patch) << 16 | UInt32(meta) << 24)
    }

    /// The version encoded in `crate_version_bits`.
    public init(crateVersionBits bits: Int32) {
        let u = UInt32(bitPattern: bits)
        self.init(major: UInt8(truncatingIfNeeded: u), minor: UInt8(truncatingIfNeeded: u >> 8),
                  patch: UInt8(truncatingIfNeeded: u >> 16), meta: UInt8(truncatingIfNeeded: u >> 24))
    }

    public static func < (a: RerunVersion, b: RerunVersion) -> Bool {
        (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
    }

    public var description: String {
        let base = "\(major).\(minor).\(patch)"
        guard meta != 0 else { return base }
        let n = meta & 0x3F
        switch meta >> 6 {
        case 1: return "\(base)-rc.\(n)"
        case 2: return "\(base)-alpha.\(n)"
        case 3: return "\(base)-alpha.\(n)+dev"
        default: return "\(base)+meta.\(meta)"
        }
    }
}

func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

func loadLittleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int) -> T {
    var v: T = 0
    for i in (0..<(T.bitWidth / 8)).reversed() { v = v << 8 | T(bytes[offset + i]) }
    return v
}

func hex(_ bytes: [UInt8]) -> String {
    bytes.map { b in let s = String(b, radix: 16); return b < 16 ? "0" + s : s }.joined(separator: " ")
}
