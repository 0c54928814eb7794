public import RerunModel
public import RerunStore

/// One component's answer to a range query: zero-copy runs of chunk rows in (time, row id) order.
public struct RangeComponentResult: Sendable {
    /// The component.
    public let descriptor: ComponentDescriptor
    /// The cells, as runs of consecutive chunk rows. If `latestBefore` is set it is the first
    /// run. For a component with static data, the single static cell (static shadows temporal).
    public let runs: [StoreRun]
    /// The latest cell before the range's start, when the query asked for it and there is one.
    public let latestBefore: StoreRow?

    /// Creates a result.
    public init(descriptor: ComponentDescriptor, runs: [StoreRun], latestBefore: StoreRow?) {
        self.descriptor = descriptor
        self.runs = runs
        self.latestBefore = latestBefore
    }

    /// The number of cells across all runs.
    public var rowCount: Int { runs.reduce(0) { $0 + $1.count } }

    /// Whether the answer is the component's static cell.
    public var isStatic: Bool { runs.first?.timeline == nil && !runs.isEmpty }

    /// The (time, row id) of every cell, in order.
    public var indices: [DataIndex] {
        var result: [DataIndex] = []
        result.reserveCapacity(rowCount)
        for run in runs {
            for row in run.rows {
                result.append(DataIndex(time: run.time(ofRow: row), rowID: run.chunk.rowID(at: row)))
            }
        }
        return result
    }
}

/// The answer to a range query for one entity.
public struct RangeResult: Sendable {
    /// The entity queried.
    public let entity: EntityPath
    /// The query.
    public let query: RangeQuery
    /// Component identifier → cells; components without cells in the range are absent.
    public let components: [String: RangeComponentResult]

    /// Creates a result.
    public init(entity: EntityPath, query: RangeQuery, components: [String: RangeComponentResult]) {
        self.entity = entity
        self.query = query
        self.components = components
    }

    /// The cells of `component`.
    public subscript(component: String) -> RangeComponentResult? { components[component] }

    /// Whether no component has cells.
    public var isEmpty: Bool { components.isEmpty }
}
