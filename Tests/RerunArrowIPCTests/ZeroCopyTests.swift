import Foundation
import RerunArrow
import RerunArrowIPC
import Testing

/// Decoded buffers are views of the input, except buffers misaligned for their element type.
@Suite struct ZeroCopyTests {
    /// Owns raw memory that a borrowed `Buffer` views.
    final class Memory: @unchecked Sendable {
        // Safety: written once in `init`, then only read, and freed in `deinit`.
        let pointer: UnsafeMutableRawPointer
        let count: Int
        let start: UnsafeMutableRawPointer
        init(_ bytes: [UInt8], shift: Int) {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + shift + 1, alignment: 64)
            // Safety: the allocation holds `shift + bytes.count` bytes.
            bytes.withUnsafeBytes { (pointer + shift).copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            self.pointer = pointer
            self.count = bytes.count
            self.start = pointer + shift
        }
        deinit { pointer.deallocate() }
    }

    static func buffers(_ data: ArrayData, _ path: String, into out: inout [(String, DataType, Buffer)]) {
        for buffer in data.buffers.compactMap({ $0 }) { out.append((path, data.type, buffer)) }
        for (child, field) in zip(data.children, data.type.children) { buffers(child, "\(path).\(field.name)", into: &out) }
    }

    static func address(_ buffer: Buffer) -> Int {
        buffer.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
    }

    @Test("decoding borrowed memory keeps every buffer inside it")
    func borrowed() throws {
        let batches = try EveryTypeTable.batches()
        for options in [ArrowIPCWriteOptions.arrowRS, .pyarrow] {
            let bytes = try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches, options: options)
            let memory = Memory(bytes, shift: 0)
            let input = Buffer(borrowing: memory.start, count: memory.count, owner: memory)
            let decoded = try ArrowIPC.decodeStream(input)
            let range = Int(bitPattern: memory.start)..<(Int(bitPattern: memory.start) + memory.count)
            var all: [(String, DataType, Buffer)] = []
            for batch in decoded.batches {
                for (field, column) in zip(batch.schema.fields, batch.columns) { Self.buffers(column, field.name, into: &all) }
            }
            #expect(all.count > 100)
            for (path, _, buffer) in all {
                #expect(range.contains(Self.address(buffer)), "\(path): buffer was copied")
            }
            try PyarrowInteropTests.expectEqual(decoded, "borrowed \(options)")
        }
    }

    /// The alignment typed access needs for buffer `index` of `type`.
    static func requiredAlignment(_ type: DataType, _ index: Int) -> Int {
        guard index == 1 else { return 1 }
        switch type {
        case .utf8, .binary, .list, .denseUnion: return 4
        default: return type.primitiveByteWidth ?? 1
        }
    }

    @Test("a stream at an odd address copies exactly the buffers that need alignment, once")
    func misaligned() throws {
        let batches = try EveryTypeTable.batches()
        let bytes = try ArrowIPC.encodeStream(schema: batches[0].schema, batches: batches, options: .pyarrow)
        let memory = Memory(bytes, shift: 1)
        let input = Buffer(borrowing: memory.start, count: memory.count, owner: memory)
        let decoded = try ArrowIPC.decodeStream(input)
        let range = Int(bitPattern: memory.start)..<(Int(bitPattern: memory.start) + memory.count)
        var copied = 0, borrowed = 0
        func check(_ data: ArrayData, _ path: String) {
            for (index, buffer) in data.buffers.enumerated() {
                guard let buffer, buffer.count > 0 else { continue }
                let alignment = Self.requiredAlignment(data.type, index)
                let inside = range.contains(Self.address(buffer))
                #expect(Self.address(buffer) % alignment == 0, "\(path) buffer \(index) is misaligned")
                #expect(inside == (alignment == 1), "\(path) buffer \(index): copied only when it needs alignment")
                if inside { borrowed += 1 } else { copied += 1 }
            }
            for (child, field) in zip(data.children, data.type.children) { check(child, "\(path).\(field.name)") }
        }
        for batch in decoded.batches {
            for (field, column) in zip(batch.schema.fields, batch.columns) { check(column, field.name) }
        }
        #expect(copied > 0 && borrowed > 0)
        try PyarrowInteropTests.expectEqual(decoded, "misaligned")
    }
}
