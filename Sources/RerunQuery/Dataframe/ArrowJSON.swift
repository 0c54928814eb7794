public import RerunArrow
import Foundation

/// Renders Arrow values as JSON text: numbers, strings, booleans and `null`; lists and
/// fixed-size lists as arrays; structs as objects; dense unions as their selected value;
/// binary as base64 strings; timestamps and durations as integers (nanoseconds for Rerun's
/// timelines). Non-finite floats become `null` (JSON has no NaN or infinity).
public enum ArrowJSON {
    /// The JSON text of slot `row` of `data`.
    public static func value(_ data: ArrayData, _ row: Int) -> String {
        var out = ""
        append(data, row, to: &out, depth: 0)
        return out
    }

    /// Appends the JSON text of slot `row` of `data` to `out`.
    public static func append(_ data: ArrayData, _ row: Int, to out: inout String) {
        append(data, row, to: &out, depth: 0)
    }

    static func append(_ data: ArrayData, _ row: Int, to out: inout String, depth: Int) {
        guard row >= 0, row < data.length, depth < 64 else { out += "null"; return }
        if case .denseUnion(let fields, let typeIDs) = data.type {
            let ids = data.buffers[0]!, offsets = data.buffers[1]!
            let id = ids.load(fromByteOffset: data.offset + row, as: Int8.self)
            guard let child = typeIDs.firstIndex(of: id), child < fields.count else { out += "null"; return }
            let offset = Int(offsets.load(fromByteOffset: (data.offset + row) * 4, as: Int32.self))
            append(data.children[child], offset, to: &out, depth: depth + 1)
            return
        }
        guard data.isValid(row) else { out += "null"; return }
        let i = data.offset + row
        switch data.type {
        case .null: out += "null"
        case .boolean: out += Bitmap.get(data.buffers[1]!, i) ? "true" : "false"
        case .int8: out += String(data.buffers[1]!.load(fromByteOffset: i, as: Int8.self))
        case .int16: out += String(data.buffers[1]!.load(fromByteOffset: i * 2, as: Int16.self))
        case .int32: out += String(data.buffers[1]!.load(fromByteOffset: i * 4, as: Int32.self))
        case .int64, .timestamp, .duration: out += String(data.buffers[1]!.load(fromByteOffset: i * 8, as: Int64.self))
        case .uint8: out += String(data.buffers[1]!.load(fromByteOffset: i, as: UInt8.self))
        case .uint16: out += String(data.buffers[1]!.load(fromByteOffset: i * 2, as: UInt16.self))
        case .uint32: out += String(data.buffers[1]!.load(fromByteOffset: i * 4, as: UInt32.self))
        case .uint64: out += String(data.buffers[1]!.load(fromByteOffset: i * 8, as: UInt64.self))
        case .float16: number(Double(HalfFloat.float(fromBits: data.buffers[1]!.load(fromByteOffset: i * 2, as: UInt16.self))), &out)
        case .float32: number(Double(data.buffers[1]!.load(fromByteOffset: i * 4, as: Float.self)), &out)
        case .float64: number(data.buffers[1]!.load(fromByteOffset: i * 8, as: Double.self), &out)
        case .utf8:
            string(String(decoding: bytes(data, i), as: UTF8.self), &out)
        case .binary:
            string(Data(bytes(data, i)).base64EncodedString(), &out)
        case .fixedSizeBinary(let width):
            let buffer = data.buffers[1]!
            string(Data((0..<width).map { buffer[i * width + $0] }).base64EncodedString(), &out)
        case .list:
            let offsets = data.buffers[1]!
            let start = Int(offsets.load(fromByteOffset: i * 4, as: Int32.self))
            let end = Int(offsets.load(fromByteOffset: (i + 1) * 4, as: Int32.self))
            array(data.children[0], start, end, &out, depth)
        case .fixedSizeList(_, let size):
            array(data.children[0], i * size, i * size + size, &out, depth)
        case .struct(let fields):
            out += "{"
            for (k, field) in fields.enumerated() {
                if k > 0 { out += "," }
                string(field.name, &out)
                out += ":"
                append(data.children[k], i, to: &out, depth: depth + 1)
            }
            out += "}"
        case .denseUnion:
            out += "null"
        }
    }

    static func array(_ child: ArrayData, _ start: Int, _ end: Int, _ out: inout String, _ depth: Int) {
        out += "["
        for k in start..<max(start, end) {
            if k > start { out += "," }
            append(child, k, to: &out, depth: depth + 1)
        }
        out += "]"
    }

    static func bytes(_ data: ArrayData, _ i: Int) -> [UInt8] {
        let offsets = data.buffers[1]!, values = data.buffers[2]!
        let start = Int(offsets.load(fromByteOffset: i * 4, as: Int32.self))
        let end = Int(offsets.load(fromByteOffset: (i + 1) * 4, as: Int32.self))
        guard start >= 0, start <= end, end <= values.count else { return [] }
        return (start..<end).map { values[$0] }
    }

    static func number(_ value: Double, _ out: inout String) {
        // Swift prints the shortest round-trip form (`0.1`, `1e-05`, `-0.0`), all valid JSON.
        out += value.isFinite ? "\(value)" : "null"
    }

    /// Appends `s` as a JSON string literal.
    public static func string(_ s: String, _ out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
