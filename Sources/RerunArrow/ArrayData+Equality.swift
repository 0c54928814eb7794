extension ArrayData {
    /// Whether `self` and `other` hold the same logical values: same type and length, the same
    /// validity in every slot, and the same values in every valid slot, recursively.
    ///
    /// Physical details are ignored: offsets, padding, bytes behind null slots, and an absent
    /// validity bitmap versus one with every bit set. Floats compare bitwise, so `NaN == NaN`
    /// (with the same payload) and `-0.0 != 0.0`. Both arrays must be valid (see `validate()`).
    public func isLogicallyEqual(to other: ArrayData) -> Bool {
        guard type == other.type, length == other.length else { return false }
        return LogicalEquality.rangesEqual(self, 0, other, 0, length)
    }
}

/// The recursive comparison behind `ArrayData.isLogicallyEqual(to:)`.
enum LogicalEquality {
    /// Compares `count` slots of `a` starting at logical slot `aStart` with those of `b` starting
    /// at `bStart`. Both arrays have the same type.
    static func rangesEqual(_ a: ArrayData, _ aStart: Int, _ b: ArrayData, _ bStart: Int, _ count: Int) -> Bool {
        guard count > 0 else { return true }
        let hasNulls = a.nullCount > 0 || b.nullCount > 0
        if hasNulls, a.type.hasValidityBitmap {
            for k in 0..<count where a.isValid(aStart + k) != b.isValid(bStart + k) { return false }
        }
        let aBase = a.offset + aStart
        let bBase = b.offset + bStart
        switch a.type {
        case .null:
            return true
        case .boolean:
            let av = a.buffer(1), bv = b.buffer(1)
            for k in 0..<count where (!hasNulls || a.isValid(aStart + k))
                && Bitmap.get(av, aBase + k) != Bitmap.get(bv, bBase + k) {
                return false
            }
            return true
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
            .timestamp, .duration, .fixedSizeBinary:
            let width = a.type.fixedByteWidth!
            return a.buffer(1).withUnsafeBytes { av in
                b.buffer(1).withUnsafeBytes { bv in
                    // Safety: valid arrays hold `(offset + length) * width` value bytes.
                    if !hasNulls {
                        return bytesEqual(av, aBase * width, bv, bBase * width, count * width)
                    }
                    for k in 0..<count where a.isValid(aStart + k) {
                        if !bytesEqual(av, (aBase + k) * width, bv, (bBase + k) * width, width) { return false }
                    }
                    return true
                }
            }
        case .utf8, .binary:
            return a.buffer(2).withUnsafeBytes { av in
                b.buffer(2).withUnsafeBytes { bv in
                    forEachValidRun(a, aStart, count, hasNulls) { runStart, runCount in
                        guard let (aLo, aHi, bLo) = sameLengthRanges(a, aBase + runStart, b, bBase + runStart, runCount) else {
                            return false
                        }
                        // Safety: valid arrays have offsets within their data buffers.
                        return bytesEqual(av, aLo, bv, bLo, aHi - aLo)
                    }
                }
            }
        case .list:
            return forEachValidRun(a, aStart, count, hasNulls) { runStart, runCount in
                guard let (aLo, aHi, bLo) = sameLengthRanges(a, aBase + runStart, b, bBase + runStart, runCount) else {
                    return false
                }
                return rangesEqual(a.children[0], aLo, b.children[0], bLo, aHi - aLo)
            }
        case .fixedSizeList(_, let size):
            return forEachValidRun(a, aStart, count, hasNulls) { runStart, runCount in
                rangesEqual(a.children[0], (aBase + runStart) * size, b.children[0], (bBase + runStart) * size, runCount * size)
            }
        case .struct:
            return forEachValidRun(a, aStart, count, hasNulls) { runStart, runCount in
                for (ac, bc) in zip(a.children, b.children)
                where !rangesEqual(ac, aBase + runStart, bc, bBase + runStart, runCount) {
                    return false
                }
                return true
            }
        case .denseUnion(_, let typeIDs):
            for k in 0..<count {
                let aID = a.buffer(0).load(fromByteOffset: aBase + k, as: Int8.self)
                let bID = b.buffer(0).load(fromByteOffset: bBase + k, as: Int8.self)
                guard aID == bID, let child = typeIDs.firstIndex(of: aID) else { return false }
                let aOffset = Int(a.buffer(1).load(fromByteOffset: (aBase + k) * 4, as: Int32.self))
                let bOffset = Int(b.buffer(1).load(fromByteOffset: (bBase + k) * 4, as: Int32.self))
                guard rangesEqual(a.children[child], aOffset, b.children[child], bOffset, 1) else { return false }
            }
            return true
        }
    }

    /// Calls `body` for each maximal run of valid slots of `a` in `[start, start + count)`, with
    /// run starts relative to `start`; returns `false` as soon as `body` does.
    static func forEachValidRun(
        _ a: ArrayData, _ start: Int, _ count: Int, _ hasNulls: Bool, _ body: (Int, Int) -> Bool
    ) -> Bool {
        guard hasNulls else { return body(0, count) }
        var k = 0
        while k < count {
            guard a.isValid(start + k) else {
                k += 1
                continue
            }
            var stop = k + 1
            while stop < count, a.isValid(start + stop) { stop += 1 }
            if !body(k, stop - k) { return false }
            k = stop
        }
        return true
    }

    /// If slots `[aFirst, aFirst + count)` of `a` and `[bFirst, bFirst + count)` of `b` (buffer
    /// positions) have pairwise equal offset-defined lengths, their whole referenced ranges
    /// `aLo..<aHi` and `bLo..<(bLo + aHi - aLo)`; otherwise `nil`.
    static func sameLengthRanges(_ a: ArrayData, _ aFirst: Int, _ b: ArrayData, _ bFirst: Int, _ count: Int) -> (Int, Int, Int)? {
        a.buffer(1).withUnsafeBufferPointer(of: Int32.self) { ao in
            b.buffer(1).withUnsafeBufferPointer(of: Int32.self) { bo in
                precondition(aFirst + count < ao.count && bFirst + count < bo.count, "Offsets out of range")
                for k in 0..<count where ao[aFirst + k + 1] &- ao[aFirst + k] != bo[bFirst + k + 1] &- bo[bFirst + k] {
                    return nil
                }
                return (Int(ao[aFirst]), Int(ao[aFirst + count]), Int(bo[bFirst]))
            }
        }
    }

    static func bytesEqual(
        _ a: UnsafeRawBufferPointer, _ aOffset: Int, _ b: UnsafeRawBufferPointer, _ bOffset: Int, _ count: Int
    ) -> Bool {
        precondition(aOffset >= 0 && bOffset >= 0 && count >= 0
                     && aOffset <= a.count - count && bOffset <= b.count - count, "byte range out of bounds")
        var i = 0
        // Safety: every load below reads inside `[offset, offset + count)`, checked above.
        while count - i >= 8 {
            if a.loadUnaligned(fromByteOffset: aOffset + i, as: UInt64.self)
                != b.loadUnaligned(fromByteOffset: bOffset + i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a[aOffset + i] != b[bOffset + i] { return false }
            i += 1
        }
        return true
    }
}

extension DataType {
    /// The width in bytes of one value for primitive, temporal and fixed-size binary types.
    var fixedByteWidth: Int? {
        if case .fixedSizeBinary(let width) = self { return width }
        return primitiveByteWidth
    }
}
