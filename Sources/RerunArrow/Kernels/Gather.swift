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
            let values = gatherBooleanValues(sources, runs)
            return ArrayData(type: type, length: length, nullCount: nulls, buffers: [validity, values])
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
        if runs.total >= 64 * runs.runs.count {
            // Long runs (concatenation): copy bit ranges.
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
        // Short runs (take, filter): set bits one by one.
        let views = sources.map { $0.nullCount > 0 ? RawView($0, buffer: 0) : nil }
        var valid = 0
        let bitmap = Buffer(initializingCount: Bitmap.byteCount(forBits: runs.total)) { out in
            out.initializeMemory(as: UInt8.self, repeating: 0)
            withExtendedLifetime(sources) {
                var position = 0
                for run in runs.runs {
                    guard let view = views[run.source] else {
                        for p in position..<(position + run.count) { out[p >> 3] |= 1 << UInt8(p & 7) }
                        valid += run.count
                        position += run.count
                        continue
                    }
                    let first = view.offset + run.start
                    view.check(bytes: Bitmap.byteCount(forBits: first + run.count))
                    for i in first..<(first + run.count) {
                        // Safety: `check` verified the bitmap covers bit `first + run.count - 1`.
                        if view.base.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << UInt8(i & 7)) != 0 {
                            out[position >> 3] |= 1 << UInt8(position & 7)
                            valid += 1
                        }
                        position += 1
                    }
                }
            }
        }
        let nulls = runs.total - valid
        return nulls == 0 ? (nil, 0) : (bitmap, nulls)
    }

    /// The value bits of the gathered slots of a `boolean` array.
    static func gatherBooleanValues(_ sources: [ArrayData], _ runs: RunList) -> Buffer {
        var bits = BitmapBuilder(capacity: runs.total)
        for run in runs.runs {
            let source = sources[run.source]
            bits.append(bitsOf: source.buffer(1), offset: source.offset + run.start, count: run.count)
        }
        return bits.finish()
    }

    /// The value bytes of the gathered slots of a fixed-width type.
    static func gatherFixedWidth(_ sources: [ArrayData], _ runs: RunList, width: Int) -> Buffer {
        let views = sources.map { RawView($0, buffer: 1) }
        return Buffer(initializingCount: runs.total * width) { out in
            guard let destination = out.baseAddress else { return }
            withExtendedLifetime(sources) {
                var position = 0
                for run in runs.runs {
                    let view = views[run.source]
                    let start = (view.offset + run.start) * width
                    let count = run.count * width
                    view.check(bytes: start + count)
                    // Safety: `check` verified the source range; `out` holds `total * width` bytes.
                    let source = view.base + start
                    switch count {
                    case 1: destination.storeBytes(of: source.load(as: UInt8.self), toByteOffset: position, as: UInt8.self)
                    case 2: destination.storeBytes(of: source.loadUnaligned(as: UInt16.self), toByteOffset: position, as: UInt16.self)
                    case 4: destination.storeBytes(of: source.loadUnaligned(as: UInt32.self), toByteOffset: position, as: UInt32.self)
                    case 8: destination.storeBytes(of: source.loadUnaligned(as: UInt64.self), toByteOffset: position, as: UInt64.self)
                    default: (destination + position).copyMemory(from: source, byteCount: count)
                    }
                    position += count
                }
            }
        }
    }

    /// Offsets and bytes of the gathered slots of a `utf8` or `binary` type.
    static func gatherVariableBinary(_ sources: [ArrayData], _ runs: RunList) throws(ArrowError) -> (Buffer, Buffer) {
        let (offsets, ranges) = try gatherOffsets(sources, runs, limits: sources.map { $0.buffer(2).count })
        let views = sources.map { RawView($0, buffer: 2) }
        let total = ranges.last.map { $0.position + $0.count } ?? 0
        let bytes = Buffer(initializingCount: total) { out in
            guard let destination = out.baseAddress else { return }
            withExtendedLifetime(sources) {
                for range in ranges where range.count > 0 {
                    // Safety: `gatherOffsets` checked each range lies within its source's data buffer.
                    (destination + range.position).copyMemory(from: views[range.source].base + range.start, byteCount: range.count)
                }
            }
        }
        return (offsets, bytes)
    }

    /// Offsets of the gathered slots of a `list` type, and the child runs they refer to.
    static func gatherListOffsets(_ sources: [ArrayData], _ runs: RunList) throws(ArrowError) -> (Buffer, RunList) {
        let (offsets, ranges) = try gatherOffsets(sources, runs, limits: sources.map { $0.children[0].length })
        var childRuns = RunList(reservingCapacity: ranges.count)
        for range in ranges { childRuns.append(source: range.source, start: range.start, count: range.count) }
        return (offsets, childRuns)
    }

    /// A range of child slots (or data bytes) referenced by one run, and where it lands.
    struct ReferencedRange {
        var source: Int
        var start: Int
        var count: Int
        /// Start of the range in the output.
        var position: Int
    }

    /// The rebased 32-bit offsets of the gathered slots, and the child or data range each run
    /// references (checked against `limits[source]`).
    static func gatherOffsets(
        _ sources: [ArrayData], _ runs: RunList, limits: [Int]
    ) throws(ArrowError) -> (Buffer, [ReferencedRange]) {
        let views = sources.map { RawView($0, buffer: 1) }
        var ranges: [ReferencedRange] = []
        ranges.reserveCapacity(runs.runs.count)
        var tooLarge = false
        let offsets = Buffer(initializingCount: (runs.total + 1) * 4) { out in
            let destination = out.baseAddress!
            destination.storeBytes(of: 0, as: Int32.self)
            withExtendedLifetime(sources) {
                var position = 1
                var base = 0
                for run in runs.runs {
                    let view = views[run.source]
                    let first = view.offset + run.start
                    view.check(bytes: (first + run.count + 1) * 4)
                    // Safety: `check` verified offsets `first...first + run.count` are in the buffer.
                    let source = view.base.assumingMemoryBound(to: Int32.self)
                    let low = Int(source[first])
                    let high = Int(source[first + run.count])
                    precondition(0 <= low && low <= high && high <= limits[run.source], "Offsets out of range; validate() the data")
                    guard base + (high - low) <= Int(Int32.max) else {
                        tooLarge = true
                        return
                    }
                    let shift = Int32(base - low)
                    for i in (first + 1)...(first + run.count) {
                        destination.storeBytes(of: source[i] &+ shift, toByteOffset: position * 4, as: Int32.self)
                        position += 1
                    }
                    ranges.append(ReferencedRange(source: run.source, start: low, count: high - low, position: base))
                    base += high - low
                }
            }
        }
        if tooLarge { throw ArrowError(.outOfRange, "result exceeds the 2 GiB limit of 32-bit offsets") }
        return (offsets, ranges)
    }

    static func gatherDenseUnion(
        _ sources: [ArrayData], _ runs: RunList, type: DataType, fields: [Field], typeIDs: [Int8]
    ) throws(ArrowError) -> ArrayData {
        var childIndex = [Int](repeating: -1, count: 128)
        for (index, id) in typeIDs.enumerated() where id >= 0 { childIndex[Int(id)] = index }
        let idViews = sources.map { RawView($0, buffer: 0) }
        let offsetViews = sources.map { RawView($0, buffer: 1) }
        let childLengths = sources.map { $0.children.map(\.length) }
        var childRuns = [RunList](repeating: RunList(), count: fields.count)
        var ids = BufferBuilder<Int8>(capacity: runs.total)
        var offsets = BufferBuilder<Int32>(capacity: runs.total)
        withExtendedLifetime(sources) {
            for run in runs.runs {
                let first = idViews[run.source].offset + run.start
                idViews[run.source].check(bytes: first + run.count)
                offsetViews[run.source].check(bytes: (first + run.count) * 4)
                // Safety: `check` verified both buffers hold `first + run.count` values.
                let sourceIDs = idViews[run.source].base.assumingMemoryBound(to: Int8.self)
                let sourceOffsets = offsetViews[run.source].base.assumingMemoryBound(to: Int32.self)
                for i in first..<(first + run.count) {
                    let id = sourceIDs[i]
                    let child = id >= 0 ? childIndex[Int(id)] : -1
                    precondition(child >= 0, "Undeclared union type id \(id); validate() the data")
                    let position = Int(sourceOffsets[i])
                    precondition(position >= 0 && position < childLengths[run.source][child],
                                 "Union offset out of range; validate() the data")
                    ids.append(id)
                    offsets.append(Int32(truncatingIfNeeded: childRuns[child].total))
                    childRuns[child].append(source: run.source, start: position, count: 1)
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
