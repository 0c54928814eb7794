import RerunArrow
import RerunChunk
import RerunModel
import RerunTestSupport

/// The seeded generator of the random recordings (SplitMix64, with the seed scrambled), so
/// failures reproduce from the seed.
struct SeededRandom: RandomNumberGenerator {
    private var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1) }
    mutating func next() -> UInt64 { base.next() }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

/// Names used by the random recordings.
enum TestNames {
    static let timelines = [Timeline("frame", .sequence), Timeline("log_time", .timestamp), Timeline("sim", .duration)]
    static let entities: [EntityPath] = [.root, "a", "a/b", "a/b/c", "a/d", "x"]
    static let dataComponents = ["Thing:x", "Thing:y", "Other:z"]
    static let clear = "Clear:is_recursive"
}

/// Builds chunks with Int64-list components and `Clear:is_recursive` bool-list columns.
struct ChunkFactory {
    var random: SeededRandom
    /// Row ids are unique and increase with generation order; chunks are inserted shuffled, so
    /// insertion order and row id order differ.
    var nextRowID: UInt64 = 1
    /// The last schema (timelines, components) used per entity: often reused, as a stream does,
    /// so chunks are concatenable and compaction happens.
    var schemas: [EntityPath: ([Timeline], [String])] = [:]

    init(seed: UInt64) { random = SeededRandom(seed: seed) }

    mutating func rowID() -> RowID {
        nextRowID += 1
        return RowID(timeNanos: 1_700_000_000_000_000_000 + nextRowID * 7, increment: nextRowID)
    }

    /// One cell: nil = not logged, [] = cleared, else 1–3 values.
    mutating func cell(isClear: Bool) -> [Int64]? {
        if isClear { return random.chance(0.5) ? [1] : (random.chance(0.8) ? [0] : []) }
        if random.chance(0.25) { return nil }
        if random.chance(0.1) { return [] }
        return (0..<random.int(1...3)).map { _ in Int64(random.int(-1000...1000)) }
    }

    /// A random chunk: an entity, a subset of timelines (none = static), random (duplicate,
    /// out-of-order) times, sometimes shuffled row ids, some components (sometimes a clear).
    mutating func chunk(maxRows: Int = 12, timeSpan: Int = 40, staticChance: Double = 0.12) -> Chunk {
        let entity = TestNames.entities[random.int(0...(TestNames.entities.count - 1))]
        let rows = random.int(1...maxRows)
        var timelines: [Timeline] = []
        var components: [String] = []
        if let schema = schemas[entity], random.chance(0.6) {
            (timelines, components) = schema
        } else {
            if !random.chance(staticChance) {
                for timeline in TestNames.timelines where random.chance(0.6) { timelines.append(timeline) }
                if timelines.isEmpty { timelines = [TestNames.timelines[random.int(0...2)]] }
            }
            components = TestNames.dataComponents.filter { _ in random.chance(0.55) }
            if random.chance(0.15) { components.append(TestNames.clear) }
            if components.isEmpty { components = [TestNames.dataComponents[0]] }
            schemas[entity] = (timelines, components)
        }
        var ids = (0..<rows).map { _ in rowID() }
        if random.chance(0.2) { ids.shuffle(using: &random) }
        let base = Int64(random.int(0...timeSpan))
        let ordered = random.chance(0.6)
        let times: [[Int64]] = timelines.map { _ in
            (0..<rows).map { i in
                ordered ? base + Int64(i / 2) : Int64(random.int(0...timeSpan))
            }
        }
        let cells = components.map { name in (0..<rows).map { _ in cell(isClear: name == TestNames.clear) } }
        return makeChunk(entity: entity, rowIDs: ids, timelines: timelines, times: times, components: components, cells: cells)
    }
}

/// Builds a chunk from plain values.
func makeChunk(
    entity: EntityPath, rowIDs: [RowID], timelines: [Timeline], times: [[Int64]],
    components: [String], cells: [[[Int64]?]], id: ChunkID = .next()
) -> Chunk {
    let timeColumns = zip(timelines, times).map { try! TimeColumn($0, times: $1) }
    let columns = zip(components, cells).map { name, rows in
        try! ComponentColumn(descriptor: descriptor(name), data: listArray(rows, bool: name == TestNames.clear))
    }
    return try! Chunk(id: id, entityPath: entity, rowIDs: rowIDs, timeColumns: timeColumns, components: columns)
}

func descriptor(_ name: String) -> ComponentDescriptor {
    if name == TestNames.clear {
        return ComponentDescriptor(component: name, archetype: "rerun.archetypes.Clear", componentType: "rerun.components.ClearIsRecursive")
    }
    return ComponentDescriptor(component: name, archetype: "test." + name.split(separator: ":")[0], componentType: "test.Int")
}

func listArray(_ rows: [[Int64]?], bool: Bool) -> ArrayData {
    var offsets: [Int32] = [0]
    var values: [Int64] = []
    for row in rows {
        values += row ?? []
        offsets.append(Int32(values.count))
    }
    let child = bool ? ArrayData.from(values.map { $0 != 0 }) : ArrayData.from(values)
    return try! ArrayData.list(values: child, offsets: offsets, validity: rows.map { $0 != nil })
}

/// The values of list cell `row` of `column` (bools as 0/1), or nil if the cell is null.
func cellValues(_ column: ArrayData, row: Int) -> [Int64]? {
    guard column.isValid(row) else { return nil }
    let list = try! ListArray(column)
    return values(of: list.value(at: row))
}

/// The values of a (child) array of Int64 or Bool; for other types (official fixtures) just
/// the instance count.
func values(of data: ArrayData) -> [Int64] {
    guard data.type == .int64 || data.type == .boolean else { return [Int64(data.length)] }
    if case .boolean = data.type {
        let flags = try! BooleanArray(data)
        return (0..<data.length).map { flags.value(at: $0) ? 1 : 0 }
    }
    let ints = try! PrimitiveArray<Int64>(data)
    return (0..<data.length).map { ints.value(at: $0) }
}
