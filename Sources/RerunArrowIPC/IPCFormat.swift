import RerunArrow

/// Constants of the Arrow IPC format: FlatBuffers slot numbers of `Message.fbs`, `Schema.fbs` and
/// `File.fbs`, union tags and enum values.
enum IPCFormat {
    /// `0xFFFFFFFF`, written before every message's metadata length.
    static let continuationMarker: UInt32 = 0xFFFF_FFFF
    /// `ARROW1`, at the start (padded to 8 bytes) and end of the file format.
    static let fileMagic: [UInt8] = Array("ARROW1".utf8)
    /// `MetadataVersion.V4`.
    static let metadataV4: Int16 = 3
    /// `MetadataVersion.V5`, which we write.
    static let metadataV5: Int16 = 4
    /// A cap on type nesting (lists of lists of …), to bound recursion on untrusted input.
    static let maximumNestingDepth = 64

    /// `MessageHeader` union tags.
    enum HeaderType: UInt8 {
        case schema = 1, dictionaryBatch = 2, recordBatch = 3, tensor = 4, sparseTensor = 5
    }

    /// Slots of `table Message`.
    enum Message {
        static let version = 0, headerType = 1, header = 2, bodyLength = 3, customMetadata = 4
    }

    /// Slots of `table Schema`.
    enum Schema {
        static let endianness = 0, fields = 1, customMetadata = 2, features = 3
    }

    /// Slots of `table Field`.
    enum Field {
        static let name = 0, nullable = 1, typeType = 2, type = 3, dictionary = 4, children = 5,
            customMetadata = 6
    }

    /// Slots of `table KeyValue`.
    enum KeyValue {
        static let key = 0, value = 1
    }

    /// Slots of `table RecordBatch`.
    enum RecordBatch {
        static let length = 0, nodes = 1, buffers = 2, compression = 3, variadicBufferCounts = 4
    }

    /// Slots of `table Footer` (File.fbs).
    enum Footer {
        static let version = 0, schema = 1, dictionaries = 2, recordBatches = 3, customMetadata = 4
    }

    /// `Type` union tags.
    enum TypeTag: UInt8 {
        case none = 0, null, int, floatingPoint, binary, utf8, bool, decimal, date, time, timestamp,
            interval, list, struct_, union, fixedSizeBinary, fixedSizeList, map, duration, largeBinary,
            largeUtf8, largeList, runEndEncoded, binaryView, utf8View, listView, largeListView

        /// The type's name as in Schema.fbs, for "unsupported" errors.
        var name: String {
            switch self {
            case .none: "NONE"
            case .null: "Null"
            case .int: "Int"
            case .floatingPoint: "FloatingPoint"
            case .binary: "Binary"
            case .utf8: "Utf8"
            case .bool: "Bool"
            case .decimal: "Decimal"
            case .date: "Date"
            case .time: "Time"
            case .timestamp: "Timestamp"
            case .interval: "Interval"
            case .list: "List"
            case .struct_: "Struct_"
            case .union: "Union"
            case .fixedSizeBinary: "FixedSizeBinary"
            case .fixedSizeList: "FixedSizeList"
            case .map: "Map"
            case .duration: "Duration"
            case .largeBinary: "LargeBinary"
            case .largeUtf8: "LargeUtf8"
            case .largeList: "LargeList"
            case .runEndEncoded: "RunEndEncoded"
            case .binaryView: "BinaryView"
            case .utf8View: "Utf8View"
            case .listView: "ListView"
            case .largeListView: "LargeListView"
            }
        }
    }

    /// `TimeUnit` values.
    static func timeUnit(_ unit: DataTypeTimeUnit) -> Int16 {
        switch unit {
        case .second: 0
        case .millisecond: 1
        case .microsecond: 2
        case .nanosecond: 3
        }
    }

    /// The `TimeUnit` for a wire value, if valid.
    static func timeUnit(_ value: Int16) -> DataTypeTimeUnit? {
        switch value {
        case 0: .second
        case 1: .millisecond
        case 2: .microsecond
        case 3: .nanosecond
        default: nil
        }
    }
}

typealias DataTypeTimeUnit = DataType.TimeUnit
