import RerunArrow
public import RerunModel
public import RerunStore

extension ChunkStore {
    /// Answers a latest-at query for `entity`, with Rerun 0.41's semantics:
    ///
    /// - every component resolves independently: its static cell with the largest row id if it
    ///   has static data, else its cell with the largest (time, row id) at or before `query.at`;
    /// - clears: the latest `Clear:is_recursive` cell of the entity itself (any value) and of
    ///   each ancestor whose latest cell is `true` (recursive) define the clear index (the most
    ///   recent of them); a component whose index is not after the clear index is hidden.
    ///   "After" is `DataIndex.isAfter`: (time, row id) order, with static data after all
    ///   temporal data. So data logged at the clear's time with a larger row id survives; a
    ///   static clear hides all temporal data; a temporal clear does not hide newer static data.
    ///   The `Clear:is_recursive` component itself is never hidden;
    /// - an empty list is a value (the component reads as empty).
    ///
    /// `components` are identifiers (e.g. `Points3D:positions`); `nil` means every component
    /// the entity has statically or on the timeline. An unknown entity gives an empty result;
    /// a timeline the store has never seen throws `QueryError.Kind.unknownTimeline` (unless the
    /// store has no timelines at all, i.e. only static data).
    public func latestAt(_ query: LatestAtQuery, entity: EntityPath, components: [String]? = nil) throws(QueryError) -> LatestAtResult {
        try checkTimeline(query.timeline)
        let clear = clearIndex(query, entity: entity)
        let names = components ?? self.components(of: entity, timeline: query.timeline).map(\.component)
        var cells: [String: LatestAtCell] = [:]
        for name in names where cells[name] == nil {
            guard let row = latestAt(entity: entity, component: name, timeline: query.timeline, at: query.at) else { continue }
            if name != ChunkStore.clearComponent, let clear,
               !DataIndex(time: row.time, rowID: row.rowID).isAfter(clear) {
                continue
            }
            let descriptor = row.chunk.components[row.column].descriptor
            cells[name] = LatestAtCell(descriptor: descriptor, source: row)
        }
        return LatestAtResult(entity: entity, query: query, components: cells, clearIndex: clear)
    }

    /// Answers a range query for `entity`: per component, every cell with a time in
    /// `query.range`, in (time, row id) order, as zero-copy runs of chunk rows; with
    /// `includeLatestAtBefore`, preceded by the component's latest cell before the range.
    /// A component with static data answers with its static cell only. Clears are not applied
    /// (as in Rerun's range queries); cleared cells appear as the empty lists they are.
    public func range(_ query: RangeQuery, entity: EntityPath, components: [String]? = nil) throws(QueryError) -> RangeResult {
        try checkTimeline(query.timeline)
        let names = components ?? self.components(of: entity, timeline: query.timeline).map(\.component)
        var results: [String: RangeComponentResult] = [:]
        for name in names where results[name] == nil {
            var runs = range(entity: entity, component: name, timeline: query.timeline, in: query.range)
            var before: StoreRow?
            let isStatic = runs.first.map { $0.timeline == nil } ?? false
            if query.includeLatestAtBefore, !isStatic, query.range.lowerBound > TimeInt.min,
               let t = TimeInt(query.range.lowerBound.rawValue - 1),
               let row = latestTemporalAt(entity: entity, component: name, timeline: query.timeline, at: t) {
                before = row
                runs.insert(StoreRun(chunk: row.chunk, column: row.column, rows: row.row..<(row.row + 1),
                                     timeline: query.timeline), at: 0)
            }
            guard let first = runs.first else { continue }
            results[name] = RangeComponentResult(
                descriptor: first.chunk.components[first.column].descriptor, runs: runs, latestBefore: before)
        }
        return RangeResult(entity: entity, query: query, components: results)
    }

    /// The most recent clear that applies to `entity` at the query time.
    func clearIndex(_ query: LatestAtQuery, entity: EntityPath) -> DataIndex? {
        var result: DataIndex?
        var path: EntityPath? = entity
        while let current = path {
            if let row = latestAt(entity: current, component: ChunkStore.clearComponent,
                                  timeline: query.timeline, at: query.at),
               current == entity || ChunkStore.isRecursiveClear(row) {
                let index = DataIndex(time: row.time, rowID: row.rowID)
                if result.map({ index.isAfter($0) }) ?? true { result = index }
            }
            path = current.parent
        }
        return result
    }

    /// Whether a `Clear:is_recursive` cell holds exactly one value, `true`.
    static func isRecursiveClear(_ row: StoreRow) -> Bool {
        guard let list = try? ListArray(row.chunk.components[row.column].data),
              row.chunk.components[row.column].data.isValid(row.row) else { return false }
        let values = list.value(at: row.row)
        guard values.length == 1, values.isValid(0), let flags = try? BooleanArray(values) else { return false }
        return flags.value(at: 0)
    }

    func checkTimeline(_ name: String) throws(QueryError) {
        guard timeline(named: name) == nil else { return }
        let known = allTimelines
        guard known.isEmpty else {
            throw QueryError(.unknownTimeline, "unknown timeline '\(name)'; the store has: \(known.map(\.name).joined(separator: ", "))")
        }
    }
}
