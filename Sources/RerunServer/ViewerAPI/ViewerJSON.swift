import RerunQuery

/// A JSON value the viewer API writes: built per message, serialized once into frame bytes.
///
/// Objects keep their key order (the order fields were added), which keeps frames stable in
/// tests. `raw` embeds JSON text produced elsewhere (Arrow→JSON cells) without re-parsing.
enum ViewerJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ViewerJSON])
    case object([(String, ViewerJSON)])
    /// Already serialized JSON text, written as is.
    case raw(String)

    /// An integer from any fixed-width integer.
    static func int(_ value: some BinaryInteger) -> ViewerJSON { .int(Int64(clamping: value)) }

    /// A string, or `null` for `nil`.
    static func optional(_ value: String?) -> ViewerJSON { value.map(ViewerJSON.string) ?? .null }

    /// The UTF-8 bytes of the JSON text.
    var bytes: [UInt8] {
        var out = ""
        write(to: &out)
        return Array(out.utf8)
    }

    /// Appends the JSON text to `out`.
    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): ArrowJSON.string(s, &out)
        case .raw(let text): out += text
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (k, (name, value)) in fields.enumerated() {
                if k > 0 { out += "," }
                ArrowJSON.string(name, &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }
}
