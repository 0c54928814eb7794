import RerunModel
import RerunRRD

/// The messages kept for `ReadMessages` replay, in arrival order, bounded in bytes.
///
/// When over its limit it drops the oldest temporal chunk messages first, as the official
/// server does; `SetStoreInfo`, blueprint activations and static chunks are kept (a late viewer
/// still learns every store and its static data).
struct ReplayBuffer: Sendable {
    /// One buffered message.
    struct Entry: Sendable {
        let storeID: StoreID
        let message: ReplayMessage
        let bytes: Int
        let isStoreInfo: Bool
        let isDroppable: Bool
    }

    /// The most bytes kept.
    let limit: Int
    /// Buffered entries; dropped ones are `nil` until compacted away.
    private var entries: [Entry?] = []
    /// Every entry before this index is either dropped or not droppable.
    private var dropCursor = 0
    private var holes = 0
    /// The bytes held.
    private(set) var bytes = 0
    /// The number of messages dropped to meet the limit, since creation.
    private(set) var droppedCount = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// The number of messages held.
    var count: Int { entries.count - holes }

    /// Appends a message, then drops the oldest droppable ones while over the limit.
    mutating func append(_ entry: Entry) {
        entries.append(entry)
        bytes += entry.bytes
        while bytes > limit, dropCursor < entries.count {
            if let e = entries[dropCursor], e.isDroppable {
                entries[dropCursor] = nil
                bytes -= e.bytes
                holes += 1
                droppedCount += 1
            }
            dropCursor += 1
        }
        if holes > 1024, holes * 2 > entries.count { compact() }
    }

    /// Forgets every message of `store`.
    mutating func remove(store: StoreID) {
        for i in entries.indices {
            if let e = entries[i], e.storeID == store {
                entries[i] = nil
                bytes -= e.bytes
                holes += 1
            }
        }
        compact()
    }

    /// The messages to send a new subscriber: arrival order, except that a store's first
    /// `SetStoreInfo` is moved before the store's first other message if that came earlier.
    func replay() -> [ReplayMessage] {
        var firstInfo: [StoreID: Int] = [:]
        for (i, e) in entries.enumerated() {
            if let e, e.isStoreInfo, firstInfo[e.storeID] == nil { firstInfo[e.storeID] = i }
        }
        var announced = Set<StoreID>()
        var out: [ReplayMessage] = []
        out.reserveCapacity(count)
        for (i, e) in entries.enumerated() {
            guard let e else { continue }
            if e.isStoreInfo {
                if firstInfo[e.storeID] == i, !announced.insert(e.storeID).inserted { continue }
            } else if !announced.contains(e.storeID), let infoIndex = firstInfo[e.storeID], infoIndex > i,
                      let info = entries[infoIndex] {
                announced.insert(e.storeID)
                out.append(info.message)
            }
            out.append(e.message)
        }
        return out
    }

    private mutating func compact() {
        var kept: [Entry?] = []
        kept.reserveCapacity(entries.count - holes)
        var cursor = 0
        for (i, e) in entries.enumerated() where e != nil {
            if i < dropCursor { cursor += 1 }
            kept.append(e)
        }
        entries = kept
        dropCursor = cursor
        holes = 0
    }
}
