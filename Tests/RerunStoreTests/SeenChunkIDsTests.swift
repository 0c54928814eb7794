import RerunModel
@testable import RerunStore
import Testing

/// The store's set of seen chunk ids (`SeenChunkIDs`) against a plain `Set`.
@Suite struct SeenChunkIDsTests {
    /// Random and increasing ids, duplicates, removals and copies across many flushes agree
    /// with a `Set`.
    @Test func agreesWithSet() {
        var rng = SystemRandomNumberGenerator()
        var seen = SeenChunkIDs()
        var reference = Set<ChunkID>()
        var all: [ChunkID] = []
        var snapshot: (SeenChunkIDs, Set<ChunkID>)?
        for step in 0..<5_000 {
            let id: ChunkID
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5: id = .next()
            case 5..<7: id = ChunkID(timeNanos: UInt64.random(in: 0..<1_000, using: &rng), increment: UInt64.random(in: 0..<4, using: &rng))
            default: id = all.randomElement(using: &rng) ?? .next()
            }
            if step % 97 == 0, let victim = all.randomElement(using: &rng) {
                seen.remove(victim)
                reference.remove(victim)
            }
            #expect(seen.insert(id).inserted == reference.insert(id).inserted)
            all.append(id)
            if step == 2_000 { snapshot = (seen, reference) }
        }
        for id in all { #expect(seen.contains(id) == reference.contains(id)) }
        #expect(!seen.contains(ChunkID(timeNanos: .max, increment: .max)))
        // The copy taken midway is unaffected by later inserts and removals.
        if let (copy, copyReference) = snapshot {
            for id in all { #expect(copy.contains(id) == copyReference.contains(id)) }
        }
    }
}
