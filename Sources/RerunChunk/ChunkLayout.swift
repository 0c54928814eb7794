package import RerunArrow
package import RerunModel

/// How the columns of a record batch become the parts of a chunk, worked out from the schema's
/// fields alone: which column holds the row ids, which are time columns (of which timelines) and
/// which are components (with their descriptors), in the chunk's sorted order.
///
/// Building a layout makes every check of `Chunk(recordBatch:)` that depends on the fields only
/// (column kinds, names, order, types, duplicate timelines or components); `chunk(…)` then makes
/// the checks that depend on the values (null row ids or times, `Int64.min` times). Chunks of one
/// kind repeat the same fields, so a decoder can build the layout once and reuse it
/// (`ChunkDecodeCache`).
package struct ChunkLayout: Sendable {
    /// What one column becomes.
    enum Role: Sendable {
        case rowIDs
        /// A time column; `normalizedType` replaces a `Timestamp(ns, tz)` type by the zone-less one.
        case time(Timeline, normalizedType: DataType?)
        case component(ComponentDescriptor)
    }

    /// The fields the layout was made from (names for errors).
    let fields: [Field]
    /// One role per field, in field order.
    let roles: [Role]
    /// The index of the row id column (`nil`: the chunk is invalid, see `chunk(…)`).
    let rowIDColumn: Int?
    /// The column indices of the time columns, sorted by timeline name.
    let timeColumns: [Int]
    /// The column indices of the components, sorted by component identifier.
    let componentColumns: [Int]

    /// Works out the layout of `fields`, throwing what `Chunk(recordBatch:)` throws for fields
    /// that cannot make a chunk.
    package init(fields: [Field]) throws(ChunkError) {
        var roles: [Role] = []
        roles.reserveCapacity(fields.count)
        var rowIDColumn: Int?
        var times: [(name: String, column: Int)] = []
        var components: [(name: String, column: Int)] = []
        for (index, field) in fields.enumerated() {
            switch try Chunk.columnKind(of: field) {
            case .control:
                guard field.name == ChunkSchema.rowIDColumnName else {
                    throw ChunkError("unknown control column '\(field.name)'")
                }
                guard rowIDColumn == nil else { throw ChunkError("more than one '\(field.name)' column") }
                guard times.isEmpty && components.isEmpty else {
                    throw ChunkError("invalid column order: '\(field.name)' must be the first column")
                }
                guard field.type == .fixedSizeBinary(byteWidth: 16) else {
                    throw ChunkError("column '\(field.name)' must be FixedSizeBinary(16), got \(field.type)")
                }
                rowIDColumn = index
                roles.append(.rowIDs)
            case .index:
                guard components.isEmpty else {
                    throw ChunkError("invalid column order: index column '\(field.name)' comes after a data column (index columns must come before any data columns)")
                }
                let timeline = try Self.timeline(of: field)
                times.append((timeline.name, index))
                var normalized: DataType?
                if case .timestamp(_, .some) = field.type { normalized = .timestampNanoseconds }
                roles.append(.time(timeline, normalizedType: normalized))
            case .data:
                guard case .list = field.type else {
                    throw ChunkError("data column '\(field.name)' must be a List array, got \(field.type)")
                }
                let descriptor = ComponentDescriptor(
                    component: field.metadata[ChunkSchema.componentKey] ?? field.name,
                    archetype: field.metadata[ChunkSchema.archetypeKey],
                    componentType: field.metadata[ChunkSchema.componentTypeKey])
                components.append((descriptor.component, index))
                roles.append(.component(descriptor))
            }
        }
        if let twice = Chunk.firstDuplicate(times.map(\.name)) {
            throw ChunkError("timeline '\(twice)' appears twice")
        }
        if let twice = Chunk.firstDuplicate(components.map(\.name)) {
            throw ChunkError("component '\(twice)' appears twice")
        }
        // Columns usually arrive sorted already (as written): sort only when they are not.
        if !Chunk.isSorted(times.map(\.name)) { times.sort { $0.name < $1.name } }
        if !Chunk.isSorted(components.map(\.name)) { components.sort { $0.name < $1.name } }
        self.fields = fields
        self.roles = roles
        self.rowIDColumn = rowIDColumn
        self.timeColumns = times.map(\.column)
        self.componentColumns = components.map(\.column)
    }

    /// The timeline of an index column, after checking its type.
    private static func timeline(of field: Field) throws(ChunkError) -> Timeline {
        let kind: TimelineKind
        switch field.type {
        case .int64: kind = .sequence
        case .timestamp(.nanosecond, _): kind = .timestamp
        case .duration(.nanosecond): kind = .duration
        default:
            throw ChunkError("index column '\(field.name)': unsupported time type \(field.type) (Int64, Timestamp(ns) or Duration(ns) expected)")
        }
        return Timeline(field.metadata[ChunkSchema.indexNameKey] ?? field.name, kind)
    }

    /// The chunk made of `columns` (one per field of this layout, each of its field's type and
    /// `rowCount` long, as a record batch's are), after the checks that depend on the values.
    /// `describe` names the chunk (`id (path)`) for the missing-row-ids error.
    package func chunk(
        id: ChunkID, entityPath: EntityPath, columns: [ArrayData], extraMetadata: [String: String],
        describe: () -> String
    ) throws(ChunkError) -> Chunk {
        precondition(columns.count == fields.count, "a chunk layout needs one column per field")
        guard let rowIDColumn else {
            throw ChunkError("chunk \(describe()) has no '\(ChunkSchema.rowIDColumnName)' column")
        }
        let rowIDs = columns[rowIDColumn]
        guard rowIDs.nullCount == 0 else {
            throw ChunkError("column '\(fields[rowIDColumn].name)' has \(rowIDs.nullCount) null row ids")
        }
        var timeColumns: [TimeColumn] = []
        timeColumns.reserveCapacity(self.timeColumns.count)
        for index in self.timeColumns {
            guard case .time(let timeline, let normalizedType) = roles[index] else { continue }
            timeColumns.append(try Self.timeColumn(
                columns[index], timeline: timeline, normalizedType: normalizedType, name: fields[index].name))
        }
        var components: [ComponentColumn] = []
        components.reserveCapacity(componentColumns.count)
        for index in componentColumns {
            guard case .component(let descriptor) = roles[index] else { continue }
            components.append(ComponentColumn(descriptor: descriptor, uncheckedData: columns[index]))
        }
        return Chunk(unchecked: id, entityPath: entityPath, rowIDs: rowIDs, timeColumns: timeColumns,
                     components: components, extraMetadata: extraMetadata)
    }

    /// A time column from an index column of a checked type: no nulls, no `Int64.min` (checked in
    /// the same pass that finds whether the times are sorted).
    private static func timeColumn(
        _ column: ArrayData, timeline: Timeline, normalizedType: DataType?, name: String
    ) throws(ChunkError) -> TimeColumn {
        guard column.nullCount == 0 else {
            throw ChunkError("index column '\(name)' has \(column.nullCount) null times")
        }
        var data = column
        if let normalizedType {
            data = ArrayData(type: normalizedType, length: column.length, offset: column.offset,
                             nullCount: 0, buffers: column.buffers, children: column.children)
        }
        guard data.length > 0 else { return TimeColumn(unchecked: timeline, data: data, isSorted: true) }
        guard data.buffers.count > 1, let values = data.buffers[1], values.count / 8 >= data.offset + data.length else {
            throw ChunkError("index column '\(name)' has fewer than \(data.offset + data.length) 64-bit values")
        }
        // Safety: `values` holds at least `offset + length` Int64s (checked above); reads are unaligned-safe.
        let (staticRow, sorted): (Int?, Bool) = values.withUnsafeBytes { raw in
            var sorted = true
            var previous = Int64.min
            for row in 0..<data.length {
                let t = raw.loadUnaligned(fromByteOffset: (data.offset + row) * 8, as: Int64.self)
                if t == .min { return (row, false) }
                if t < previous { sorted = false }
                previous = t
            }
            return (nil, sorted)
        }
        if let staticRow {
            throw ChunkError("index column '\(name)' row \(staticRow) holds Int64.min, which is reserved for static data")
        }
        return TimeColumn(unchecked: timeline, data: data, isSorted: sorted)
    }
}
