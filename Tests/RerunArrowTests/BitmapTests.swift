import Testing
@testable import RerunArrow

@Suite struct BitmapTests {
    func pattern(_ n: Int) -> [Bool] { (0..<n).map { ($0 * 7 + $0 / 3) % 5 < 2 } }

    @Test func countAtOddOffsets() {
        let bits = pattern(300)
        let buffer = HandMade.bitmap(bits)
        for offset in [0, 1, 3, 7, 8, 9, 63, 64, 65, 130] {
            for count in [0, 1, 5, 8, 60, 64, 65, 150] where offset + count <= bits.count {
                let expected = bits[offset..<(offset + count)].filter { $0 }.count
                #expect(Bitmap.countSetBits(buffer, offset: offset, count: count) == expected)
                let copy = Bitmap.copyBits(buffer, offset: offset, count: count)
                #expect((0..<count).allSatisfy { Bitmap.get(copy, $0) == bits[offset + $0] })
            }
        }
    }

    @Test func builderAppendsBitsAtOddOffsets() {
        let bits = pattern(200)
        let source = HandMade.bitmap(bits)
        for prefix in [0, 1, 5, 8, 13] {
            for offset in [0, 3, 8, 17] {
                var builder = BitmapBuilder()
                builder.append(repeating: true, count: prefix)
                builder.append(bitsOf: source, offset: offset, count: 100)
                builder.append(false)
                let out = builder.finish()
                #expect((0..<prefix).allSatisfy { Bitmap.get(out, $0) })
                #expect((0..<100).allSatisfy { Bitmap.get(out, prefix + $0) == bits[offset + $0] })
                #expect(!Bitmap.get(out, prefix + 100))
                // Bits past the end are zero.
                let total = prefix + 101
                #expect((total..<(out.count * 8)).allSatisfy { !Bitmap.get(out, $0) })
            }
        }
    }

    @Test func nullsAtOddOffsetsThroughSlices() throws {
        let values: [Int32?] = (0..<50).map { $0 % 3 == 0 ? nil : Int32($0) }
        let data = ArrayData.from(values)
        for start in [0, 1, 7, 9, 17] {
            let slice = data.slice(start, 50 - start - 3)
            #expect(slice.nullCount == values[start..<(start + slice.length)].filter { $0 == nil }.count)
            #expect(Array(try PrimitiveArray<Int32>(slice)) == Array(values[start..<(start + slice.length)]))
            try slice.validate()
        }
    }
}
