@testable import RerunArrow
import RerunTestSupport

/// Random types and random (valid, possibly sliced at every level) arrays of them.
struct RandomArrays {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    static let flatTypes: [DataType] = [
        .null, .boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float16, .float32, .float64,
        .utf8, .binary, .fixedSizeBinary(byteWidth: 3), .fixedSizeBinary(byteWidth: 16), .timestampNanoseconds,
        .durationNanoseconds,
    ]

    mutating func type(depth: Int = 3) -> DataType {
        if depth == 0 || chance(0.4) { return Self.flatTypes[int(0...(Self.flatTypes.count - 1))] }
        switch int(0...3) {
        case 0: return .list(Field("item", type(depth: depth - 1)))
        case 1: return .fixedSizeList(Field("item", type(depth: depth - 1)), size: int(0...3))
        case 2: return .struct((0..<int(0...3)).map { Field("f\($0)", type(depth: depth - 1)) })
        default:
            let count = int(1...3)
            var ids: [Int8] = []
            while ids.count < count {
                let id = Int8(int(0...127))
                if !ids.contains(id) { ids.append(id) }
            }
            return .denseUnion((0..<count).map { Field("u\($0)", type(depth: depth - 1)) }, typeIDs: ids)
        }
    }

    /// A random valid array of `type` and `length`; sometimes a slice of a longer array.
    mutating func array(_ type: DataType, length: Int) -> ArrayData {
        if chance(0.4) {
            let before = int(0...9), after = int(0...5)
            return unsliced(type, length: before + length + after).slice(before, length)
        }
        return unsliced(type, length: length)
    }

    mutating func validity(_ length: Int) -> [Bool]? {
        switch int(0...3) {
        case 0: return nil
        case 1: return (0..<length).map { _ in true }
        case 2: return (0..<length).map { _ in false }
        default: return (0..<length).map { _ in !chance(0.3) }
        }
    }

    mutating func unsliced(_ type: DataType, length: Int) -> ArrayData {
        let valid = validity(length)
        func isValid(_ i: Int) -> Bool { valid?[i] ?? true }
        switch type {
        case .null:
            return ArrayData.nulls(of: .null, length: length)
        case .boolean:
            var b = BooleanBuilder()
            for i in 0..<length { if isValid(i) { b.append(chance(0.5)) } else { b.appendNull() } }
            return b.finish()
        case .int8: return primitive(Int8.self, type, length, isValid)
        case .int16: return primitive(Int16.self, type, length, isValid)
        case .int32: return primitive(Int32.self, type, length, isValid)
        case .int64, .timestamp, .duration: return primitive(Int64.self, type, length, isValid)
        case .uint8: return primitive(UInt8.self, type, length, isValid)
        case .uint16, .float16: return primitive(UInt16.self, type, length, isValid)
        case .uint32: return primitive(UInt32.self, type, length, isValid)
        case .uint64: return primitive(UInt64.self, type, length, isValid)
        case .float32: return primitive(Float.self, type, length, isValid)
        case .float64: return primitive(Double.self, type, length, isValid)
        case .utf8:
            let alphabet = Array("ab é€𝄞z")
            var b = StringBuilder()
            for i in 0..<length {
                if isValid(i) { b.append(String((0..<int(0...6)).map { _ in alphabet[int(0...(alphabet.count - 1))] })) } else { b.appendNull() }
            }
            return b.finish()
        case .binary:
            var b = BinaryBuilder()
            for i in 0..<length {
                if isValid(i) { b.append((0..<int(0...6)).map { _ in UInt8(int(0...255)) }) } else { b.appendNull() }
            }
            return b.finish()
        case .fixedSizeBinary(let width):
            var b = FixedSizeBinaryBuilder(byteWidth: width)
            for i in 0..<length {
                if isValid(i) { b.append((0..<width).map { _ in UInt8(int(0...255)) }) } else { b.appendNull() }
            }
            return b.finish()
        case .list(let field):
            var offsets: [Int32] = [Int32(int(0...2))]
            for _ in 0..<length { offsets.append(offsets.last! + Int32(int(0...3))) }
            let child = array(field.type, length: Int(offsets.last!) + int(0...2))
            return try! ArrayData.list(values: child, offsets: offsets, validity: valid, field: field)
        case .fixedSizeList(let field, let size):
            let child = array(field.type, length: length * size + int(0...2))
            return try! ArrayData.fixedSizeList(values: child, size: size, length: length, validity: valid, field: field)
        case .struct(let fields):
            let children = fields.map { array($0.type, length: length + int(0...2)) }
            return try! ArrayData.struct(fields: fields, children: children, length: length, validity: valid)
        case .denseUnion(let fields, let typeIDs):
            var counts = [Int](repeating: 0, count: fields.count)
            var types: [Int8] = []
            var offsets: [Int32] = []
            for _ in 0..<length {
                let c = int(0...(fields.count - 1))
                types.append(typeIDs[c])
                offsets.append(Int32(counts[c]))
                counts[c] += 1 + (chance(0.2) ? 1 : 0)  // Sometimes skip a child value.
            }
            let children = fields.enumerated().map { i, f in array(f.type, length: counts[i] + int(0...1)) }
            return try! ArrayData.denseUnion(fields: fields, typeIDs: typeIDs, types: types, offsets: offsets, children: children)
        }
    }

    mutating func primitive<T: ArrowPrimitiveType>(
        _: T.Type, _ type: DataType, _ length: Int, _ isValid: (Int) -> Bool
    ) -> ArrayData {
        var b = PrimitiveBuilder<T>(type: type)
        for i in 0..<length {
            if isValid(i) {
                let bits = rng.next()
                b.append(withUnsafeBytes(of: bits) { $0.loadUnaligned(as: T.self) })
            } else {
                b.appendNull()
            }
        }
        return b.finish()
    }
}
