/// A FlatBuffers object tree to serialize with `FlatBufferBuilder`.
indirect enum FlatBufferObject {
    /// A table: `(slot, value)` pairs; absent slots are simply not listed.
    case table([(slot: Int, value: FlatBufferValue)])
    /// A string (UTF-8, NUL-terminated on the wire).
    case string(String)
    /// A vector of tables or strings (elements are offsets).
    case objects([FlatBufferObject])
    /// A vector of structs (or scalars): `count` elements whose little-endian bytes are `bytes`,
    /// aligned to `alignment`.
    case structs(bytes: [UInt8], count: Int, alignment: Int)
}

/// The value of one table field.
enum FlatBufferValue {
    case bool(Bool)
    case uint8(UInt8)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    /// An offset to a sub-object (table, vector or string) written after the table.
    case object(FlatBufferObject)

    var size: Int {
        switch self {
        case .bool, .uint8: 1
        case .int16: 2
        case .int32, .object: 4
        case .int64: 8
        }
    }
}

/// Serializes a `FlatBufferObject` tree front to back.
///
/// Objects are laid out breadth-first after the object referring to them, so every unsigned
/// offset points forward (as FlatBuffers requires); each table's vtable sits just before the
/// table. Scalars are aligned to their size, vectors of structs to the struct alignment, assuming
/// the output starts at an 8-byte-aligned position.
enum FlatBufferBuilder {
    /// The serialized bytes of `root`, padded with zeros to a multiple of 8.
    static func serialize(_ root: FlatBufferObject) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendZeros(&out, 4)  // root offset, patched below
        var pending: [(patch: Int, object: FlatBufferObject)] = [(0, root)]
        var next = 0
        while next < pending.count {
            let (patch, object) = pending[next]
            next += 1
            let position = write(object, into: &out, pending: &pending)
            store(UInt32(position - patch), at: patch, in: &out)
        }
        pad(&out, to: 8)
        return out
    }

    private static func write(
        _ object: FlatBufferObject, into out: inout [UInt8], pending: inout [(patch: Int, object: FlatBufferObject)]
    ) -> Int {
        switch object {
        case .table(let fields):
            return writeTable(fields, into: &out, pending: &pending)
        case .string(let string):
            pad(&out, to: 4)
            let position = out.count
            let utf8 = Array(string.utf8)
            append(UInt32(utf8.count), to: &out)
            out.append(contentsOf: utf8)
            out.append(0)
            return position
        case .objects(let elements):
            pad(&out, to: 4)
            let position = out.count
            append(UInt32(elements.count), to: &out)
            for (i, element) in elements.enumerated() {
                pending.append((position + 4 + 4 * i, element))
            }
            appendZeros(&out, 4 * elements.count)
            return position
        case .structs(let bytes, let count, let alignment):
            // The elements (after the 4-byte length) must be aligned to `alignment`.
            let a = max(alignment, 4)
            while (out.count + 4) % a != 0 { out.append(0) }
            let position = out.count
            append(UInt32(count), to: &out)
            out.append(contentsOf: bytes)
            return position
        }
    }

    private static func writeTable(
        _ fields: [(slot: Int, value: FlatBufferValue)], into out: inout [UInt8],
        pending: inout [(patch: Int, object: FlatBufferObject)]
    ) -> Int {
        // Inline layout: the vtable offset, then fields by decreasing size (natural alignment).
        let order = fields.indices.sorted { fields[$0].value.size > fields[$1].value.size }
        var fieldOffsets = [Int](repeating: 0, count: fields.count)
        var cursor = 4
        for i in order {
            let size = fields[i].value.size
            cursor = (cursor + size - 1) / size * size
            fieldOffsets[i] = cursor
            cursor += size
        }
        let inlineSize = cursor
        let tableAlignment = fields.contains { $0.value.size == 8 } ? 8 : 4
        let slotCount = (fields.map(\.slot).max() ?? -1) + 1

        // The vtable.
        pad(&out, to: 2)
        let vtable = out.count
        append(UInt16(4 + 2 * slotCount), to: &out)
        append(UInt16(inlineSize), to: &out)
        var entries = [UInt16](repeating: 0, count: slotCount)
        for (i, field) in fields.enumerated() { entries[field.slot] = UInt16(fieldOffsets[i]) }
        for entry in entries { append(entry, to: &out) }

        // The table.
        pad(&out, to: tableAlignment)
        let table = out.count
        appendZeros(&out, inlineSize)
        store(Int32(table - vtable), at: table, in: &out)
        for (i, field) in fields.enumerated() {
            let p = table + fieldOffsets[i]
            switch field.value {
            case .bool(let v): out[p] = v ? 1 : 0
            case .uint8(let v): out[p] = v
            case .int16(let v): store(v, at: p, in: &out)
            case .int32(let v): store(v, at: p, in: &out)
            case .int64(let v): store(v, at: p, in: &out)
            case .object(let object): pending.append((p, object))
            }
        }
        return table
    }

    static func pad(_ out: inout [UInt8], to alignment: Int) {
        while out.count % alignment != 0 { out.append(0) }
    }

    private static func appendZeros(_ out: inout [UInt8], _ count: Int) {
        out.append(contentsOf: repeatElement(0, count: count))
    }

    static func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func store<T: FixedWidthInteger>(_ value: T, at position: Int, in out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<raw.count { out[position + i] = raw[i] }
        }
    }
}

extension FlatBufferObject {
    /// A vector of 16-byte structs of two `Int64`s (Arrow's `FieldNode` and `Buffer`).
    static func int64Pairs(_ pairs: [(Int64, Int64)]) -> FlatBufferObject {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * pairs.count)
        for (a, b) in pairs {
            FlatBufferBuilder.append(a, to: &bytes)
            FlatBufferBuilder.append(b, to: &bytes)
        }
        return .structs(bytes: bytes, count: pairs.count, alignment: 8)
    }

    /// A vector of `Int32` scalars.
    static func int32s(_ values: [Int32]) -> FlatBufferObject {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * values.count)
        for v in values { FlatBufferBuilder.append(v, to: &bytes) }
        return .structs(bytes: bytes, count: values.count, alignment: 4)
    }
}
