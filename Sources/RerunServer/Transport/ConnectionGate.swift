import Synchronization

/// Counts a listener's open connections and refuses new ones beyond `ServerLimits.maxConnections`.
final class ConnectionGate: Sendable {
    /// The most connections open at once.
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place for a new connection; `false` when all are taken (nothing is taken then).
    func enter() -> Bool {
        let after = open.add(1, ordering: .relaxed).newValue
        if after > limit {
            open.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back the place of a closed connection.
    func leave() {
        open.subtract(1, ordering: .relaxed)
    }

    /// Connections open now.
    var count: Int { open.load(ordering: .relaxed) }
}
