import Testing
@testable import RerunArrow

/// Randomized checks over random nested arrays (seeded, so failures reproduce).
@Suite struct PropertyTests {
    @Test(arguments: 0..<8)
    func kernelsPreserveValues(seedBase: Int) throws {
        var random = RandomArrays(seed: UInt64(seedBase) &* 1_000_003)
        for round in 0..<40 {
            let type = random.type()
            let n = random.int(0...20)
            let a = random.array(type, length: n)
            let context = "seed \(seedBase) round \(round) type \(type)"
            try a.validate(path: context)
            _ = a.describeValues()

            let k = random.int(0...n)
            let joined = try ArrayData.concatenate([a.slice(0, k), a.slice(k, n - k)])
            try joined.validate(path: context)
            #expect(joined.isLogicallyEqual(to: a), "\(context): concat \(joined) != \(a)")

            let identity = try a.take(Array(0..<n))
            try identity.validate(path: context)
            #expect(identity.isLogicallyEqual(to: a), "\(context): take")

            let all = try a.filter([Bool](repeating: true, count: n))
            #expect(all.isLogicallyEqual(to: a), "\(context): filter")

            let indices = (0..<random.int(0...25)).map { _ in n == 0 ? 0 : random.int(0...(n - 1)) }.filter { $0 < n }
            let taken = try a.take(indices)
            try taken.validate(path: context)
            for (j, i) in indices.enumerated() {
                #expect(taken.slice(j, 1).isLogicallyEqual(to: a.slice(i, 1)), "\(context): take slot \(j)")
            }

            let mask = (0..<n).map { _ in random.chance(0.5) }
            let filtered = try a.filter(mask)
            try filtered.validate(path: context)
            let selected = mask.indices.filter { mask[$0] }
            #expect(filtered.isLogicallyEqual(to: try a.take(selected)), "\(context): filter vs take")

            let b = random.array(type, length: random.int(0...5))
            let three = try ArrayData.concatenate([a, b, a.slice(0, 0)])
            try three.validate(path: context)
            #expect(three.slice(0, n).isLogicallyEqual(to: a))
            #expect(three.slice(n, b.length).isLogicallyEqual(to: b))
            if n > 0 {
                #expect(!three.slice(0, n).isLogicallyEqual(to: a.slice(0, n - 1)))
            }
        }
    }

    @Test func equalityDetectsDifferences() throws {
        var random = RandomArrays(seed: 42)
        var detected = 0
        for _ in 0..<200 {
            let type = random.type()
            let a = random.array(type, length: 6)
            let b = random.array(type, length: 6)
            // Equality must be reflexive and agree with a copy.
            #expect(a.isLogicallyEqual(to: a))
            #expect(a.isLogicallyEqual(to: try ArrayData.concatenate([a.slice(0, 3), a.slice(3, 3)])))
            if !a.isLogicallyEqual(to: b) { detected += 1 }
            #expect(a.isLogicallyEqual(to: b) == b.isLogicallyEqual(to: a))
        }
        #expect(detected > 100)
    }
}

/// Larger arrays, so bulk paths (long runs, word-wise bitmap copies at odd bit offsets) run.
@Suite struct LargePropertyTests {
    @Test(arguments: 0..<4)
    func concatenateLongSlices(seed: Int) throws {
        var random = RandomArrays(seed: UInt64(seed) &+ 99)
        for round in 0..<12 {
            let type = random.type(depth: 2)
            let n = random.int(150...400)
            let a = random.array(type, length: n)
            let context = "seed \(seed) round \(round) type \(type)"
            try a.validate(path: context)
            var cuts = (0..<random.int(1...4)).map { _ in random.int(0...n) }.sorted()
            cuts = [0] + cuts + [n]
            let pieces = zip(cuts, cuts.dropFirst()).map { a.slice($0, $1 - $0) }
            let joined = try ArrayData.concatenate(pieces)
            try joined.validate(path: context)
            #expect(joined.isLogicallyEqual(to: a), "\(context)")
            #expect(joined.nullCount == a.nullCount, "\(context)")
            let mask = (0..<n).map { $0 % 97 != 5 }
            let filtered = try a.filter(mask)
            try filtered.validate(path: context)
            #expect(filtered.isLogicallyEqual(to: try a.take(mask.indices.filter { mask[$0] })), "\(context)")
        }
    }
}
