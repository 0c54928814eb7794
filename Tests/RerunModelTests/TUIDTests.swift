import RerunModel
import Synchronization
import Testing

@Suite struct TUIDTests {
    @Test func encodingsMatchTheSpecExample() throws {
        // Spec §4.3.3: row_18EC172D7663595E274dd65b8a6574fa is stored as these 16 bytes.
        let bytes: [UInt8] = [0x18, 0xec, 0x17, 0x2d, 0x76, 0x63, 0x59, 0x5e, 0x27, 0x4d, 0xd6, 0x5b, 0x8a, 0x65, 0x74, 0xfa]
        let tuid = try #require(TUID(bigEndianBytes: bytes))
        #expect(tuid.hexString == "18EC172D7663595E274dd65b8a6574fa")
        #expect(tuid.bigEndianBytes == bytes)
        #expect(TUID(hexString: "row_18EC172D7663595E274dd65b8a6574fa", prefix: "row_") == tuid)
        #expect(TUID(hexString: "18EC172D7663595E274dd65b8a6574f", prefix: "") == nil)
        #expect(TUID(bigEndianBytes: bytes.dropLast()) == nil)
    }

    @Test func generatorIsStrictlyIncreasingEvenWhenTheClockStandsStillOrGoesBack() {
        let times = Mutex<[UInt64]>([100, 100, 50, 200])
        let generator = TUIDGenerator(initialIncrement: 7) {
            times.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
        }
        let ids = (0..<6).map { _ in generator.next() }
        #expect(ids.map(\.timeNanos) == [100, 100, 100, 200, 200, 200])
        #expect(ids.map(\.increment) == [8, 9, 10, 11, 12, 13])
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func generatorIsThreadSafe() async {
        let generator = TUIDGenerator()
        let ids = await withTaskGroup(of: [TUID].self) { group in
            for _ in 0..<8 { group.addTask { (0..<2000).map { _ in generator.next() } } }
            var all: [TUID] = []
            for await batch in group {
                #expect(zip(batch, batch.dropFirst()).allSatisfy { $0 < $1 })
                all += batch
            }
            return all
        }
        #expect(Set(ids).count == 16000)
        #expect(TUID.next() < TUID.next())
    }

    @Test func byteOrderEqualsTUIDOrder() {
        let a = TUID(timeNanos: 1, increment: .max), b = TUID(timeNanos: 2, increment: 0)
        #expect(a < b)
        #expect(a.bigEndianBytes.lexicographicallyPrecedes(b.bigEndianBytes))
    }
}
