/// The one copying kernel behind concatenate, take and filter: builds a new array of `type` from
/// runs of slots of source arrays (all of `type`), dispatching on the type once per level and
/// copying runs with bulk memory copies.
///
/// Sources must be valid (`validate()`); bad offsets trap instead of reading out of bounds.
enum Gather {
    static func gather(_ sources: [ArrayData], _ runs: RunList, type: DataType) throws(ArrowError) -> ArrayData {
        let length = runs.total
        switch type {
        case .null:
            return ArrayData(type: type, length: length, nullCount: length, buffers: [])
        case .boolean:
            let (validity, nulls) = gatherValidity(sources, runs)
            var bits = BitmapBuilder(capacity: length)
            for run in runs.runs {
                let source = sources[run.source]
                bits.append(bitsOf: source.buffer(1), offset: source.offset + run.start, count: run.count)
            }
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity, bits.finish()])
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .timestamp, .duration, .fixedSizeBinary:
            let (validity, nulls) = gatherValidity(sources, runs)
            let values = gatherFixedWidth(sources, runs, width: type.fixedByteWidth!)
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity, values])
        case .utf8, .binary:
            let (validity, nulls) = gatherValidity(sources, runs)
            let (offsets, bytes) = try gatherVariableBinary(sources, runs)
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity, offsets, bytes])
        case .list(let field):
            let (validity, nulls) = gatherValidity(sources, runs)
            let (offsets, childRuns) = try gatherListOffsets(sources, runs)
            let child = try gather(sources.map { $0.children[0] }, childRuns, type: field.type)
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity, offsets], children: [child])
        case .fixedSizeList(let field, let size):
            let (validity, nulls) = gatherValidity(sources, runs)
            let childRuns = runs.mapped({ (sources[$0.source].offset + $0.start) * size }, scale: size)
            let child = try gather(sources.map { $0.children[0] }, childRuns, type: field.type)
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity], children: [child])
        case .struct(let fields):
            let (validity, nulls) = gatherValidity(sources, runs)
            let childRuns = runs.mapped { sources[$0.source].offset + $0.start }
            var children: [ArrayData] = []
            for (index, field) in fields.enumerated() {
                children.append(try gather(sources.map { $0.children[index] }, childRuns, type: field.type))
            }
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity], children: children)
        case .denseUnion(let fields, let typeIDs):
            return try gatherDenseUnion(sources, runs, type: type, fields: fields, typeIDs: typeIDs)
        }
    }

    /// The validity of the gathered slots (`nil` when none is null).
    static func gatherValidity(_ sources: [ArrayData], _ runs: RunList) -> (Buffer?, Int) {
        guard runs.runs.contains(where: { sources[$0.source].nullCount > 0 }) else { return (nil, 0) }
        var validity = ValidityBuilder()
        validity.materialize()
        validity.bits!.reserveBits(runs.total)
        for run in runs.runs {
            let source = sources[run.source]
            guard source.nullCount > 0, let bitmap = source.validity else {
                validity.appendValid(count: run.count)
                continue
            }
            let start = source.offset + run.start
            let nulls = run.count - Bitmap.countSetBits(bitmap, offset: start, count: run.count)
            validity.append(validity: bitmap, offset: start, count: run.count, nulls: nulls)
        }
        return validity.finish()
    }

    /// The value bytes of the gathered slots of a fixed-width type.
    static func gatherFixedWidth(_ sources: [ArrayData], _ runs: RunList, width: Int) -> Buffer {
        var out = BufferBuilder<UInt8>(capacity: runs.total * width)
        for run in runs.runs {
            let source = sources[run.source]
            let start = (source.offset + run.start) * width
            let count = run.count * width
            source.buffer(1).withUnsafeBufferPointer(of: UInt8.self) { bytes in
                precondition(start + count <= bytes.count, "Values buffer too short; validate() the data")
                // Safety: checked `start + count <= bytes.count` above.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
            }
        }
        return out.finish()
    }

    /// Offsets and bytes of the gathered slots of a `utf8` or `binary` type.
    static func gatherVariableBinary(_ sources: [ArrayData], _ runs: RunList) throws(ArrowError) -> (Buffer, Buffer) {
        var offsets = BufferBuilder<Int32>(capacity: runs.total + 1)
        offsets.append(0)
        var bytes = BufferBuilder<UInt8>()
        for run in runs.runs {
            let source = sources[run.source]
            let (low, high) = try rebaseOffsets(source, run, into: &offsets, base: bytes.count)
            source.buffer(2).withUnsafeBufferPointer(of: UInt8.self) { data in
                precondition(high <= data.count, "Offsets past the data buffer; validate() the data")
                // Safety: `0 <= low <= high <= data.count` (checked here and by `rebaseOffsets`).
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: data[low..<high]))
            }
        }
        return (offsets.finish(), bytes.finish())
    }

    /// Offsets of the gathered slots of a `list` type, and the child runs they refer to.
    static func gatherListOffsets(_ sources: [ArrayData], _ runs: RunList) throws(ArrowError) -> (Buffer, RunList) {
        var offsets = BufferBuilder<Int32>(capacity: runs.total + 1)
        offsets.append(0)
        var childRuns = RunList(reservingCapacity: runs.runs.count)
        for run in runs.runs {
            let source = sources[run.source]
            let (low, high) = try rebaseOffsets(source, run, into: &offsets, base: childRuns.total)
            precondition(high <= source.children[0].length, "List offsets past the child; validate() the data")
            childRuns.append(source: run.source, start: low, count: high - low)
        }
        return (offsets.finish(), childRuns)
    }

    /// Appends the end offsets of `run`'s slots, shifted so the run's first offset becomes
    /// `base`; returns the run's referenced range in the source.
    static func rebaseOffsets(
        _ source: ArrayData, _ run: Run, into offsets: inout BufferBuilder<Int32>, base: Int
    ) throws(ArrowError) -> (Int, Int) {
        let first = source.offset + run.start
        var tooLarge = false
        let range = source.buffer(1).withUnsafeBufferPointer(of: Int32.self) { all -> (Int, Int) in
            precondition(first + run.count < all.count, "Offsets buffer too short; validate() the data")
            // Safety: checked `first + run.count < all.count` above.
            let low = Int(all[first])
            let high = Int(all[first + run.count])
            precondition(0 <= low && low <= high, "Offsets out of order; validate() the data")
            guard base + (high - low) <= Int(Int32.max) else {
                tooLarge = true
                return (low, high)
            }
            let shift = Int32(base - low)
            offsets.reserve(additional: run.count)
            for i in (first + 1)...(first + run.count) {
                offsets.append(all[i] &+ shift)
            }
            return (low, high)
        }
        if tooLarge { throw ArrowError(.outOfRange, "result exceeds the 2 GiB limit of 32-bit offsets") }
        return range
    }

    static func gatherDenseUnion(
        _ sources: [ArrayData], _ runs: RunList, type: DataType, fields: [Field], typeIDs: [Int8]
    ) throws(ArrowError) -> ArrayData {
        var childIndex = [Int](repeating: -1, count: 128)
        for (index, id) in typeIDs.enumerated() where id >= 0 { childIndex[Int(id)] = index }
        var ids = BufferBuilder<Int8>(capacity: runs.total)
        var offsets = BufferBuilder<Int32>(capacity: runs.total)
        var childRuns = [RunList](repeating: RunList(), count: fields.count)
        for run in runs.runs {
            let source = sources[run.source]
            let first = source.offset + run.start
            source.buffer(0).withUnsafeBufferPointer(of: Int8.self) { sourceIDs in
                source.buffer(1).withUnsafeBufferPointer(of: Int32.self) { sourceOffsets in
                    precondition(first + run.count <= sourceIDs.count && first + run.count <= sourceOffsets.count,
                                 "Union buffers too short; validate() the data")
                    // Safety: checked both buffers hold `first + run.count` values above.
                    for i in first..<(first + run.count) {
                        let id = sourceIDs[i]
                        let child = id >= 0 ? childIndex[Int(id)] : -1
                        precondition(child >= 0, "Undeclared union type id \(id); validate() the data")
                        let position = Int(sourceOffsets[i])
                        precondition(position >= 0 && position < source.children[child].length,
                                     "Union offset out of range; validate() the data")
                        ids.append(id)
                        offsets.append(Int32(truncatingIfNeeded: childRuns[child].total))
                        childRuns[child].append(source: run.source, start: position, count: 1)
                    }
                }
            }
        }
        var children: [ArrayData] = []
        for (index, field) in fields.enumerated() {
            children.append(try gather(sources.map { $0.children[index] }, childRuns[index], type: field.type))
        }
        return ArrayData(type: type, length: runs.total, nullCount: 0, buffers: [ids.finish(), offsets.finish()],
                         children: children)
    }
}
