public import RerunArrow
public import RerunChunk
public import RerunModel

/// Accumulates the footer manifest of one store while its chunks are written
/// (`Docs/rrd-format.md` §6): the store-wide "sorbet" schema and one manifest row per chunk.
public struct RRDManifestBuilder: Sendable {
    /// Where one chunk's ArrowMsg sits in its stream.
    public struct Placement: Sendable, Hashable {
        /// Offset of the ArrowMsg payload (after its 16-byte header) from the stream start.
        public var byteOffset: UInt64
        /// The ArrowMsg's length (protobuf with the compressed payload).
        public var byteSize: UInt64
        /// The IPC stream's length before compression.
        public var uncompressedSize: UInt64

        /// Creates a placement.
        public init(byteOffset: UInt64, byteSize: UInt64, uncompressedSize: UInt64) {
            self.byteOffset = byteOffset
            self.byteSize = byteSize
            self.uncompressedSize = uncompressedSize
        }
    }

    /// A component descriptor as the manifest orders it: archetype, component, type (missing first).
    struct DescriptorKey: Hashable, Comparable {
        let archetype: String?
        let component: String
        let componentType: String?

        init(_ d: ComponentDescriptor) {
            archetype = d.archetype
            component = d.component
            componentType = d.componentType
        }

        static func < (a: DescriptorKey, b: DescriptorKey) -> Bool {
            (a.archetype == nil ? 0 : 1, a.archetype ?? "", a.component, a.componentType == nil ? 0 : 1, a.componentType ?? "")
                < (b.archetype == nil ? 0 : 1, b.archetype ?? "", b.component, b.componentType == nil ? 0 : 1, b.componentType ?? "")
        }

        /// `<Short>:<field>` (or the bare component for custom data), before sanitizing.
        var shortName: [String] {
            guard let archetype else { return [component] }
            let short = String(archetype.split(separator: ".").last ?? Substring(archetype))
            let field = component.hasPrefix(short + ":") ? String(component.dropFirst(short.count + 1)) : component
            return [short, field]
        }

        func metadata(index: String) -> [String: String] {
            var m = ["rerun:index": index, "rerun:component": component]
            m["rerun:archetype"] = archetype
            m["rerun:component_type"] = componentType
            return m
        }
    }

    struct Row {
        var entityPath: String
        var chunkID: ChunkID
        var isStatic: Bool
        var rowCount: Int
        var placement: Placement
        var staticDescriptors: Set<DescriptorKey>
        var timelines: [String: (type: DataType, range: ClosedRange<Int64>)]
        /// Per (timeline, descriptor): time range over non-null cells (nil if all null) and their count.
        var ranges: [PairKey: (range: ClosedRange<Int64>?, count: Int)]
    }

    struct PairKey: Hashable, Comparable {
        let timeline: String
        let descriptor: DescriptorKey
        static func < (a: PairKey, b: PairKey) -> Bool {
            a.timeline != b.timeline ? a.timeline < b.timeline : a.descriptor < b.descriptor
        }
    }

    struct SorbetColumn {
        var field: Field
        var anyStatic: Bool
        var allEmpty: Bool
    }

    /// The store this manifest describes.
    public let storeID: StoreID
    private var rows: [Row] = []
    private var sorbetOrder: [String] = []
    private var sorbet: [String: SorbetColumn] = [:]

    /// Creates an empty manifest for `storeID`.
    public init(storeID: StoreID) {
        self.storeID = storeID
    }

    /// The number of chunks recorded.
    public var chunkCount: Int { rows.count }

    /// Records one chunk and where its ArrowMsg was written.
    public mutating func add(_ chunk: Chunk, placement: Placement) {
        let entity = chunk.entityPath.description
        addSorbet(Field(ChunkSchema.rowIDColumnName, .fixedSizeBinary(byteWidth: 16), nullable: false, metadata: [
            Field.extensionNameKey: ChunkSchema.tuidExtensionName,
            Field.extensionMetadataKey: #"{"namespace":"row"}"#,
            ChunkSchema.kindKey: "control",
        ]), isStatic: false, isEmpty: false)
        var timelines: [String: (type: DataType, range: ClosedRange<Int64>)] = [:]
        for column in chunk.timeColumns {
            addSorbet(Field(column.timeline.name, column.data.type, nullable: true, metadata: [
                ChunkSchema.indexNameKey: column.timeline.name, ChunkSchema.kindKey: "index",
            ]), isStatic: false, isEmpty: false)
            if let range = column.range { timelines[column.timeline.name] = (column.data.type, range) }
        }
        let prefix: String
        if chunk.entityPath == .properties {
            prefix = "property"
        } else if chunk.entityPath.isProperties {
            prefix = "property:" + EntityPath(parts: Array(chunk.entityPath.parts.dropFirst())).description.dropFirst()
        } else {
            prefix = entity
        }
        var staticDescriptors = Set<DescriptorKey>()
        var ranges: [PairKey: (range: ClosedRange<Int64>?, count: Int)] = [:]
        for column in chunk.components {
            let d = column.descriptor
            var metadata = [ChunkSchema.kindKey: "data", ChunkSchema.componentKey: d.component, "rerun:entity_path": entity]
            metadata[ChunkSchema.archetypeKey] = d.archetype
            metadata[ChunkSchema.componentTypeKey] = d.componentType
            let name = "\(prefix):\(d.component)"
            addSorbet(Field(name, column.data.type, nullable: true, metadata: metadata),
                      isStatic: chunk.isStatic, isEmpty: RRDManifestBuilder.isSemanticallyEmpty(column.data))
            let key = DescriptorKey(d)
            if chunk.isStatic { staticDescriptors.insert(key) }
            for time in chunk.timeColumns {
                var lo = Int64.max, hi = Int64.min, count = 0
                for row in 0..<chunk.rowCount where column.data.isValid(row) {
                    let t = time.time(at: row)
                    lo = min(lo, t)
                    hi = max(hi, t)
                    count += 1
                }
                ranges[PairKey(timeline: time.timeline.name, descriptor: key)] = (count > 0 ? lo...hi : nil, count)
            }
        }
        rows.append(Row(entityPath: entity, chunkID: chunk.id, isStatic: chunk.isStatic, rowCount: chunk.rowCount,
                        placement: placement, staticDescriptors: staticDescriptors, timelines: timelines, ranges: ranges))
    }

    private mutating func addSorbet(_ field: Field, isStatic: Bool, isEmpty: Bool) {
        if var existing = sorbet[field.name] {
            existing.anyStatic = existing.anyStatic || isStatic
            existing.allEmpty = existing.allEmpty && isEmpty
            sorbet[field.name] = existing
        } else {
            sorbet[field.name] = SorbetColumn(field: field, anyStatic: isStatic, allEmpty: isEmpty)
            sorbetOrder.append(field.name)
        }
    }

    /// Whether every cell is null or an empty list.
    static func isSemanticallyEmpty(_ list: ArrayData) -> Bool {
        guard list.length > 0, list.nullCount < list.length, let offsets = list.buffers[1] else { return true }
        for row in 0..<list.length where list.isValid(row) {
            let start = offsets.load(fromByteOffset: (list.offset + row) * 4, as: Int32.self)
            let end = offsets.load(fromByteOffset: (list.offset + row + 1) * 4, as: Int32.self)
            if end > start { return false }
        }
        return true
    }

    /// The store-wide schema: row id, timelines, then one column per entity and component.
    public var sorbetSchema: Schema {
        Schema(sorbetOrder.map { name in
            let column = sorbet[name]!
            var field = column.field
            if field.metadata[ChunkSchema.kindKey] == "data" {
                if column.anyStatic { field.metadata["rerun:is_static"] = "true" }
                if field.metadata[ChunkSchema.archetypeKey] == "rerun.archetypes.Clear" { field.metadata["rerun:is_tombstone"] = "true" }
                if column.allEmpty { field.metadata["rerun:is_semantically_empty"] = "true" }
            }
            return field
        })
    }

    /// The manifest dataframe: one row per chunk, columns in the exact order of §6.3.
    public func recordBatch() -> RecordBatch {
        var fields: [Field] = []
        var columns: [ArrayData] = []
        func add(_ field: Field, _ column: ArrayData) {
            fields.append(field)
            columns.append(column)
        }
        add(Field("chunk_entity_path", .utf8, nullable: false), ManifestColumns.utf8(rows.map(\.entityPath)))
        add(Field("chunk_id", .fixedSizeBinary(byteWidth: 16), nullable: false),
            ManifestColumns.fixedSizeBinary16(rows.map { $0.chunkID.bigEndianBytes }))
        add(Field("chunk_is_static", .boolean, nullable: false), ManifestColumns.boolean(rows.map(\.isStatic)))
        add(Field("chunk_num_rows", .uint64, nullable: false), ManifestColumns.uint64(rows.map { UInt64($0.rowCount) }))
        add(Field("chunk_byte_offset", .uint64, nullable: false), ManifestColumns.uint64(rows.map(\.placement.byteOffset)))
        add(Field("chunk_byte_size", .uint64, nullable: false), ManifestColumns.uint64(rows.map(\.placement.byteSize)))
        add(Field("chunk_byte_size_uncompressed", .uint64, nullable: false),
            ManifestColumns.uint64(rows.map(\.placement.uncompressedSize)))

        var descriptors = Set<DescriptorKey>()
        var timelineTypes: [String: DataType] = [:]
        var pairs = Set<PairKey>()
        for row in rows {
            descriptors.formUnion(row.staticDescriptors)
            for key in row.ranges.keys {
                descriptors.insert(key.descriptor)
                pairs.insert(key)
            }
            for (name, info) in row.timelines { timelineTypes[name] = info.type }
        }
        for d in descriptors.sorted() {
            add(Field(columnName(d.shortName + ["has_static_data"]), .boolean, nullable: false,
                      metadata: d.metadata(index: "rerun:static")),
                ManifestColumns.boolean(rows.map { $0.staticDescriptors.contains(d) }))
        }
        for timeline in timelineTypes.keys.sorted() {
            let type = timelineTypes[timeline]!
            add(Field(columnName([timeline, "start"]), type, nullable: true, metadata: ["rerun:index": timeline]),
                ManifestColumns.int64(rows.map { $0.timelines[timeline]?.range.lowerBound }, type: type))
            add(Field(columnName([timeline, "end"]), type, nullable: true, metadata: ["rerun:index": timeline]),
                ManifestColumns.int64(rows.map { $0.timelines[timeline]?.range.upperBound }, type: type))
        }
        for pair in pairs.sorted() {
            let type = timelineTypes[pair.timeline] ?? .int64
            let base = [pair.timeline] + pair.descriptor.shortName
            let metadata = pair.descriptor.metadata(index: pair.timeline)
            add(Field(columnName(base + ["start"]), type, nullable: true, metadata: metadata),
                ManifestColumns.int64(rows.map { $0.ranges[pair]?.range?.lowerBound }, type: type))
            add(Field(columnName(base + ["end"]), type, nullable: true, metadata: metadata),
                ManifestColumns.int64(rows.map { $0.ranges[pair]?.range?.upperBound }, type: type))
            add(Field(columnName(base + ["num_rows"]), .uint64, nullable: true, metadata: metadata),
                ManifestColumns.uint64(rows.map { UInt64($0.ranges[pair]?.count ?? 0) }))
        }
        // Safety of `try!`: every column above has one value per row and its field's type.
        return try! RecordBatch(schema: Schema(fields), columns: columns, rowCount: rows.count)
    }

    /// Joins non-empty parts with `:`, replaces `,`, space, `-`, `.` and `\` by `_`, strips leading `_`.
    func columnName(_ parts: [String]) -> String {
        let joined = parts.filter { !$0.isEmpty }.joined(separator: ":")
        let replaced = String(joined.map { ",- .\\".contains($0) ? "_" : $0 })
        return String(replaced.drop { $0 == "_" })
    }
}

/// Builds the flat columns of the manifest dataframe.
enum ManifestColumns {
    static func utf8(_ values: [String]) -> ArrayData { ArrayData.from(values) }
    static func boolean(_ values: [Bool]) -> ArrayData { ArrayData.from(values) }
    static func uint64(_ values: [UInt64]) -> ArrayData { ArrayData.from(values) }
    static func int64(_ values: [Int64?], type: DataType) -> ArrayData { ArrayData.from(values, type: type) }

    static func fixedSizeBinary16(_ values: [[UInt8]]) -> ArrayData {
        ArrayData(type: .fixedSizeBinary(byteWidth: 16), length: values.count, nullCount: 0,
                  buffers: [nil, Buffer(copying: values.flatMap { $0 })])
    }
}
