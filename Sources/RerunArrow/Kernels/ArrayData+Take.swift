extension ArrayData {
    /// A new array whose slot `i` is slot `indices[i]` of `data` (indices may repeat and come in
    /// any order). Consecutive indices are copied as runs.
    ///
    /// Throws `outOfRange` (naming the position) if an index is outside `0..<data.length`.
    public static func take(_ data: ArrayData, indices: [Int]) throws(ArrowError) -> ArrayData {
        for (position, index) in indices.enumerated() where index < 0 || index >= data.length {
            throw ArrowError(.outOfRange, "take index \(index) at position \(position) is out of range 0..<\(data.length)")
        }
        switch data.type.primitiveByteWidth {
        case 1: return TakeKernel.takePrimitive(data, indices, as: UInt8.self)
        case 2: return TakeKernel.takePrimitive(data, indices, as: UInt16.self)
        case 4: return TakeKernel.takePrimitive(data, indices, as: UInt32.self)
        case 8: return TakeKernel.takePrimitive(data, indices, as: UInt64.self)
        default: break
        }
        var runs = RunList(reservingCapacity: Swift.min(indices.count, 1024))
        for index in indices { runs.append(source: 0, start: index, count: 1) }
        return try Gather.gather([data], runs, type: data.type)
    }

    /// A new array of the slots at `indices` (see `ArrayData.take(_:indices:)`).
    public func take(_ indices: [Int]) throws(ArrowError) -> ArrayData {
        try ArrayData.take(self, indices: indices)
    }
}

/// Direct index loops for `take` on fixed-width primitives (no run bookkeeping).
enum TakeKernel {
    /// `take` for a primitive type whose values are `T`-sized; `indices` are already range-checked.
    static func takePrimitive<T: BitwiseCopyable>(_ data: ArrayData, _ indices: [Int], as: T.Type) -> ArrayData {
        let stride = MemoryLayout<T>.stride
        let view = RawView(data, buffer: 1)
        view.check(bytes: (data.offset + data.length) * stride)
        precondition(view.count == 0 || Int(bitPattern: view.base) % MemoryLayout<T>.alignment == 0,
                     "Values buffer misaligned; validate() the data")
        let values = Buffer(initializingCount: indices.count * stride) { out in
            guard let destination = out.baseAddress?.bindMemory(to: T.self, capacity: indices.count) else { return }
            withExtendedLifetime(data) {
                // Safety: indices are in `0..<length` and the buffer holds `offset + length` values.
                let source = view.base.assumingMemoryBound(to: T.self) + data.offset
                indices.withUnsafeBufferPointer { idx in
                    for i in 0..<idx.count { destination[i] = source[idx[i]] }
                }
            }
        }
        let (validity, nulls) = takeValidity(data, indices)
        return ArrayData(type: data.type, length: indices.count, nullCount: nulls, buffers: [validity, values])
    }

    /// The validity of the taken slots (`nil` when none is null); `indices` are range-checked.
    static func takeValidity(_ data: ArrayData, _ indices: [Int]) -> (Buffer?, Int) {
        guard data.nullCount > 0 else { return (nil, 0) }
        let view = RawView(data, buffer: 0)
        view.check(bytes: Bitmap.byteCount(forBits: data.offset + data.length))
        var valid = 0
        let bitmap = Buffer(initializingCount: Bitmap.byteCount(forBits: indices.count)) { out in
            out.initializeMemory(as: UInt8.self, repeating: 0)
            withExtendedLifetime(data) {
                for (position, index) in indices.enumerated() {
                    let bit = data.offset + index
                    // Safety: `check` verified the bitmap covers `offset + length` bits.
                    if view.base.load(fromByteOffset: bit >> 3, as: UInt8.self) & (1 << UInt8(bit & 7)) != 0 {
                        out[position >> 3] |= 1 << UInt8(position & 7)
                        valid += 1
                    }
                }
            }
        }
        let nulls = indices.count - valid
        return nulls == 0 ? (nil, 0) : (bitmap, nulls)
    }
}
