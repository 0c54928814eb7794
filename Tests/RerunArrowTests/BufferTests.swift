import Testing
@testable import RerunArrow

@Suite struct BufferTests {
    @Test func allocationsAreAlignedAndPadded() {
        for count in [0, 1, 7, 63, 64, 65, 1000] {
            let buffer = Buffer(copying: [UInt8](repeating: 0xAB, count: count))
            #expect(buffer.isAligned(to: 64))
            #expect(buffer.count == count)
            // Padding up to the next multiple of 64 is zeroed.
            buffer.storage.pointer.withMemoryRebound(to: UInt8.self, capacity: Buffer.paddedLength(count)) { p in
                for i in count..<Buffer.paddedLength(count) { #expect(p[i] == 0) }
            }
        }
    }

    @Test func builtBuffersArePadded() {
        var builder = PrimitiveBuilder<Int8>()
        for i in 0..<100 { builder.append(Int8(truncatingIfNeeded: i | 1)) }
        let data = builder.finish()
        let values = data.buffers[1]!
        #expect(values.isAligned(to: 64))
        #expect(values.count == 100)
        values.storage.pointer.withMemoryRebound(to: UInt8.self, capacity: 128) { p in
            for i in 100..<128 { #expect(p[i] == 0) }
        }
    }

    @Test func slicingIsZeroCopy() {
        let buffer = Buffer(copyingValuesOf: Array(0..<100) as [Int32])
        let slice = buffer.slice(offset: 8, count: 40)
        let sliceOfSlice = slice.slice(offset: 4, count: 8)
        #expect(slice.storage === buffer.storage)
        #expect(sliceOfSlice.storage === buffer.storage)
        buffer.withUnsafeBytes { whole in
            sliceOfSlice.withUnsafeBytes { part in #expect(part.baseAddress == whole.baseAddress! + 12) }
        }
        #expect(sliceOfSlice.load(fromByteOffset: 0, as: Int32.self) == 3)
        #expect(slice.isIdentical(to: buffer.slice(offset: 8, count: 40)))
        #expect(!slice.isIdentical(to: Buffer(copying: slice.bytes)))
        #expect(slice == Buffer(copying: slice.bytes))
    }

    @Test func arraySlicesShareBuffers() throws {
        let data = ArrayData.from([1, 2, 3, 4, 5, 6] as [Int64?])
        let slice = data.slice(1, 4).slice(1, 2)
        #expect(slice.offset == 2)
        #expect(slice.buffers[1]!.isIdentical(to: data.buffers[1]!))
        #expect(Array(try PrimitiveArray<Int64>(slice)) == [3, 4])
    }

    @Test func borrowedMemoryKeepsOwnerAlive() {
        final class Owner: @unchecked Sendable {
            let pointer: UnsafeMutableRawPointer
            init() {
                pointer = .allocate(byteCount: 16, alignment: 16)
                pointer.initializeMemory(as: UInt8.self, repeating: 7, count: 16)
            }
            deinit { pointer.deallocate() }
        }
        let buffer: Buffer = {
            let owner = Owner()
            return Buffer(borrowing: owner.pointer, count: 16, owner: owner)
        }()
        #expect(buffer.bytes == [UInt8](repeating: 7, count: 16))
    }

    @Test func builderGrowthAndCopyOnWrite() {
        var a = PrimitiveBuilder<Int32>()
        for i in 0..<10 { a.append(Int32(i)) }
        var b = a  // shares storage until one writes
        b.append(99)
        a.append(42)
        #expect(Array(try! PrimitiveArray<Int32>(a.finish())) == (0..<10).map { Int32($0) } + [42])
        #expect(Array(try! PrimitiveArray<Int32>(b.finish())) == (0..<10).map { Int32($0) } + [99])
        // After finish, the builder starts over and does not disturb the finished buffer.
        var c = PrimitiveBuilder<Int32>()
        c.append(contentsOf: [1, 2, 3])
        let first = c.finish()
        c.append(contentsOf: [4, 5])
        #expect(Array(try! PrimitiveArray<Int32>(first)) == [1, 2, 3])
        #expect(Array(try! PrimitiveArray<Int32>(c.finish())) == [4, 5])
    }
}
