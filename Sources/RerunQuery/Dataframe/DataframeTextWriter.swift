public import RerunArrow
import Foundation

/// Writes dataframe batches as text, batch by batch: CSV (a header line, then one line per
/// row; list cells as JSON), JSON lines (one object per row) or an aligned table for people.
///
/// Index columns hold integers (sequence numbers, nanoseconds); `timestamp` columns are written
/// as RFC 3339 UTC times with nanoseconds in CSV and tables, and as integers in JSON lines.
public struct DataframeTextWriter: Sendable {
    /// The text formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Comma-separated values (RFC 4180 quoting).
        case csv
        /// One JSON object per line.
        case jsonl
        /// A fixed-width table (cells cut at `tableCellWidth` characters).
        case table
    }

    /// The format written.
    public let format: Format
    /// The schema of every batch.
    public let schema: Schema
    /// The widest a table cell gets before it is cut with `…`.
    public var tableCellWidth = 40
    private var wroteHeader = false
    private var widths: [Int] = []

    /// Creates a writer for batches of `schema`.
    public init(format: Format, schema: Schema) {
        self.format = format
        self.schema = schema
    }

    /// The text of `batch` (preceded by the header the first time).
    public mutating func write(_ batch: RecordBatch) -> String {
        var out = ""
        switch format {
        case .csv:
            if !wroteHeader {
                out += schema.fields.map { csvField($0.name) }.joined(separator: ",") + "\n"
                wroteHeader = true
            }
            for row in 0..<batch.rowCount {
                out += batch.columns.indices.map { csvField(text(batch.columns[$0], row, forJSON: false) ?? "") }
                    .joined(separator: ",")
                out += "\n"
            }
        case .jsonl:
            for row in 0..<batch.rowCount {
                out += "{"
                for (i, field) in schema.fields.enumerated() {
                    if i > 0 { out += "," }
                    ArrowJSON.string(field.name, &out)
                    out += ":"
                    ArrowJSON.append(batch.columns[i], row, to: &out)
                }
                out += "}\n"
            }
        case .table:
            let cells = (0..<batch.rowCount).map { row in
                batch.columns.indices.map { cut(text(batch.columns[$0], row, forJSON: false) ?? "null") }
            }
            if !wroteHeader {
                let names = schema.fields.map { cut($0.name) }
                widths = names.indices.map { column in
                    max(names[column].count, cells.map { $0[column].count }.max() ?? 0)
                }
                out += line(names) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
                wroteHeader = true
            }
            for row in cells { out += line(row) + "\n" }
        }
        return out
    }

    /// The text to write when there are no more batches (the header, if nothing was written).
    public mutating func finish() -> String {
        guard !wroteHeader, format != .jsonl else { return "" }
        do {
            let empty = try RecordBatch(schema: schema, columns: schema.fields.map { ArrayData.nulls(of: $0.type, length: 0) }, rowCount: 0)
            return write(empty)
        } catch {
            return ""
        }
    }

    private func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
            let width = i < widths.count ? widths[i] : cell.count
            return cell + String(repeating: " ", count: max(0, width - cell.count))
        }.joined(separator: " | ")
    }

    private func cut(_ s: String) -> String {
        s.count <= tableCellWidth ? s : String(s.prefix(max(1, tableCellWidth - 1))) + "…"
    }

    /// A cell as text: strings bare, timestamps as RFC 3339, everything else as JSON; `nil` for null.
    private func text(_ data: ArrayData, _ row: Int, forJSON: Bool) -> String? {
        guard data.isValid(row) else { return nil }
        switch data.type {
        case .utf8:
            return String(decoding: ArrowJSON.bytes(data, data.offset + row), as: UTF8.self)
        case .timestamp(.nanosecond, _):
            return DataframeTextWriter.rfc3339(nanoseconds: data.buffers[1]!.load(fromByteOffset: (data.offset + row) * 8, as: Int64.self))
        default:
            return ArrowJSON.value(data, row)
        }
    }

    private func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `2024-05-01T12:00:00.000000001Z` for nanoseconds since the Unix epoch.
    static func rfc3339(nanoseconds: Int64) -> String {
        let (seconds, fraction) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        let wholeSeconds = fraction < 0 ? seconds - 1 : seconds
        let nanos = fraction < 0 ? fraction + 1_000_000_000 : fraction
        var days = wholeSeconds / 86_400
        var secondOfDay = wholeSeconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%09lldZ", year, month, day,
                      secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, nanos)
    }
}
