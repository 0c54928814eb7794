import RerunArrow
import RerunChunk
import RerunModel

/// A cell of the local chunk list: its time on the index timeline, chunk and row.
struct CellRef: Sendable {
    var time: Int64
    var chunk: Int32
    var row: Int32
}

/// One column in view in one segment: its static value, or its temporal cells in (time, row id)
/// order with a cursor.
struct ViewColumn: Sendable {
    let key: ColumnKey
    /// The column's index in each local chunk (`-1` where absent).
    let columnInChunk: [Int32]
    /// The winning static cell, if the column has static data (which then shadows every
    /// temporal cell).
    let staticCell: ChunkRow?
    /// Temporal cells on the index timeline, in (time, row id) order.
    let cells: [CellRef]
    /// The entity's clear stream, if any.
    let clears: Int?
    /// Whether the column is returned (as opposed to only being in view).
    var isOutput = false
    /// The next unconsumed cell.
    var cursor = 0
}

/// The `Clear` rows affecting one entity (its own clears, and its ancestors' recursive ones),
/// in (time, row id) order, with a cursor.
struct ClearStream: Sendable {
    let cells: [CellRef]
    var cursor = 0
    /// The clear at the current row's index value with the largest row id, if any.
    var exact: Int32 = -1
}

/// The dataframe engine's state for one segment: the chunks fetched for the query, the columns
/// in view, and cursors over their cells (see `Docs/dataframe.md`).
struct SegmentPlan: Sendable {
    let segmentID: String
    let chunks: [Chunk]
    var columns: [ViewColumn]
    var clears: [ClearStream]
    /// For each output component column, the view column that feeds it (`-1`: always null).
    let outputSources: [Int]
    /// Each local chunk's time columns, by position in `timelineOrder`.
    let chunkTimelines: [[(slot: Int, column: TimeColumn)]]
    /// Whether any fetched chunk has the index timeline.
    let hasIndexTimeline: Bool
    /// Per-row scratch space (see `emitRow`).
    var scratchCells: [CellSlot] = []
    var scratchTimes: [Int64?] = []

    /// Builds the plan of `segment` for `query`.
    /// - Parameters:
    ///   - entities: the entities whose chunks are fetched.
    ///   - outputColumns: the component columns of the result, in order.
    ///   - timelineOrder: the timelines whose index values are tracked, by slot.
    init(segment: DataframeSegment, query: DataframeQuery, entities: Set<EntityPath>, mode: FetchMode,
         outputColumns: [DataframeComponentColumn], timelineOrder: [String]) throws(DataframeError) {
        segmentID = segment.id
        let index = SegmentChunkIndex(chunks: segment.chunks, timeline: query.index)
        let local = index.select(entities: entities, mode: mode).map { segment.chunks[$0] }
        chunks = local
        let localIndex = SegmentChunkIndex(chunks: local, timeline: query.index)
        let slots = Dictionary(uniqueKeysWithValues: timelineOrder.enumerated().map { ($1, $0) })
        hasIndexTimeline = query.index.map { name in local.contains { $0.timeColumn(named: name) != nil } } ?? false
        chunkTimelines = local.map { chunk in
            chunk.timeColumns.compactMap { column in slots[column.timeline.name].map { (slot: $0, column: column) } }
        }

        // The local schema: which columns the fetched chunks hold, and their local flags.
        var present: [ColumnKey: (empty: Bool, order: Int)] = [:]
        var columnIndex: [[String: Int32]] = []
        for chunk in local {
            var indices: [String: Int32] = [:]
            for (position, column) in chunk.components.enumerated() {
                let key = ColumnKey(entity: chunk.entityPath, component: column.descriptor.component)
                indices[key.component] = Int32(position)
                let empty = ListCells.isSemanticallyEmpty(column.data)
                if let known = present[key] {
                    present[key] = (known.empty && empty, known.order)
                } else {
                    present[key] = (empty, present.count)
                }
            }
            columnIndex.append(indices)
        }
        let viewKeys = present.filter { key, flags in
            guard query.contents.matches(key.entity) else { return false }
            if key.component == DataframeComponentColumn.clearComponent && !query.includeTombstoneColumns { return false }
            if flags.empty && !query.includeSemanticallyEmptyColumns { return false }
            if query.index == nil && localIndex.staticWinner[key.entity]?[key.component] == nil { return false }
            return true
        }.sorted { $0.value.order < $1.value.order }.map(\.key)

        // Clear streams, one per entity in view.
        var clearStreams: [ClearStream] = []
        var clearOfEntity: [EntityPath: Int] = [:]
        if let timeline = query.index {
            for entity in Set(viewKeys.map(\.entity)) {
                let cells = SegmentPlan.clearCells(of: entity, chunks: local, index: localIndex, timeline: timeline)
                guard !cells.isEmpty else { continue }
                clearOfEntity[entity] = clearStreams.count
                clearStreams.append(ClearStream(cells: cells))
            }
        }
        clears = clearStreams

        var views: [ViewColumn] = []
        var viewOfKey: [ColumnKey: Int] = [:]
        for key in viewKeys {
            let inChunk = columnIndex.map { $0[key.component] ?? -1 }
            let staticCell = localIndex.staticWinner[key.entity]?[key.component]
            var cells: [CellRef] = []
            if staticCell == nil, let timeline = query.index {
                cells = SegmentPlan.temporalCells(key: key, chunks: local, columnInChunk: inChunk,
                                                  entityChunks: localIndex.chunksByEntity[key.entity] ?? [],
                                                  timeline: timeline)
            }
            viewOfKey[key] = views.count
            views.append(ViewColumn(key: key, columnInChunk: inChunk, staticCell: staticCell, cells: cells,
                                    clears: clearOfEntity[key.entity]))
        }
        outputSources = outputColumns.map { viewOfKey[ColumnKey(entity: $0.entity, component: $0.descriptor.component)] ?? -1 }
        for source in outputSources where source >= 0 { views[source].isOutput = true }
        columns = views
    }

    /// The temporal cells of one column on `timeline`, sorted by (time, row id).
    static func temporalCells(key: ColumnKey, chunks: [Chunk], columnInChunk: [Int32], entityChunks: [Int],
                              timeline: String) -> [CellRef] {
        var cells: [CellRef] = []
        for chunkIndex in entityChunks {
            let chunk = chunks[chunkIndex]
            let position = columnInChunk[chunkIndex]
            guard position >= 0, let time = chunk.timeColumn(named: timeline) else { continue }
            let data = chunk.components[Int(position)].data
            for row in ListCells.validRows(data) {
                cells.append(CellRef(time: time.time(at: Int(row)), chunk: Int32(chunkIndex), row: row))
            }
        }
        sortCells(&cells, chunks: chunks)
        return cells
    }

    /// The clears that apply to `entity`: every `Clear:is_recursive` row of the entity itself, and
    /// the recursive ones of its ancestors, unless that entity's clear is static.
    static func clearCells(of entity: EntityPath, chunks: [Chunk], index: SegmentChunkIndex, timeline: String) -> [CellRef] {
        var cells: [CellRef] = []
        var current: EntityPath? = entity
        while let path = current {
            defer { current = path.parent }
            let own = path == entity
            guard index.staticWinner[path]?[DataframeComponentColumn.clearComponent] == nil else { continue }
            for chunkIndex in index.chunksByEntity[path] ?? [] {
                let chunk = chunks[chunkIndex]
                guard let time = chunk.timeColumn(named: timeline),
                      let column = chunk.component(named: DataframeComponentColumn.clearComponent) else { continue }
                var rows = ListCells.validRows(column.data).map {
                    CellRef(time: time.time(at: Int($0)), chunk: Int32(chunkIndex), row: $0)
                }
                sortCells(&rows, chunks: chunks)
                if own {
                    cells += rows
                } else if let positions = ListCells.trueValuePositions(column.data, rows: rows.map(\.row)) {
                    // Rerun picks the rows of an ancestor's chunk by the positions of the `true`
                    // values among all its values, which is the same thing when every cell holds
                    // exactly one value (as `Clear` writes them).
                    cells += positions.filter { $0 < rows.count }.map { rows[$0] }
                }
            }
        }
        sortCells(&cells, chunks: chunks)
        return cells
    }

    /// Sorts by (time, row id), skipping the sort when already in order.
    static func sortCells(_ cells: inout [CellRef], chunks: [Chunk]) {
        func less(_ a: CellRef, _ b: CellRef) -> Bool {
            if a.time != b.time { return a.time < b.time }
            return chunks[Int(a.chunk)].rowID(at: Int(a.row)) < chunks[Int(b.chunk)].rowID(at: Int(b.row))
        }
        var sorted = true
        var i = 1
        while i < cells.count {
            if less(cells[i], cells[i - 1]) { sorted = false; break }
            i += 1
        }
        if !sorted { cells.sort(by: less) }
    }

    /// The row id of a cell.
    func rowID(_ cell: CellRef) -> RowID { chunks[Int(cell.chunk)].rowID(at: Int(cell.row)) }
}
