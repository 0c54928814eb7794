import Foundation
import RerunModel

/// Typed access to a request's JSON fields; every failure names the field and the request type.
struct ViewerRequestFields {
    /// The parsed JSON object.
    let object: [String: Any]
    /// The request's `type`.
    let type: String

    init(_ object: [String: Any]) {
        self.object = object
        self.type = object["type"] as? String ?? ""
    }

    private func bad(_ name: String, _ expected: String) -> ViewerError {
        ViewerError(.badRequest, "'\(type)': field '\(name)' must be \(expected)")
    }

    /// Whether the field is absent or JSON `null`.
    func isNull(_ name: String) -> Bool { object[name] == nil || object[name] is NSNull }

    /// An integer field (JSON numbers with a fraction are rounded, per the 2^53 caveat).
    func int(_ name: String) throws(ViewerError) -> Int64? {
        guard !isNull(name) else { return nil }
        guard let number = object[name] as? NSNumber else { throw bad(name, "a number") }
        return try ViewerRequestFields.int64(number, name: name, type: type)
    }

    static func int64(_ number: NSNumber, name: String, type: String) throws(ViewerError) -> Int64 {
        if let exact = number as? Int64 { return exact }
        let d = number.doubleValue
        guard d.isFinite, d >= -9.223372036854775e18, d < 9.223372036854775e18 else {
            throw ViewerError(.badRequest, "'\(type)': field '\(name)' is out of the int64 range")
        }
        return Int64(d.rounded())
    }

    /// A required integer field.
    func requireInt(_ name: String) throws(ViewerError) -> Int64 {
        guard let value = try int(name) else { throw bad(name, "a number (it is missing)") }
        return value
    }

    /// An integer field within `range`, `defaultValue` when absent.
    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(ViewerError) -> Int {
        guard let value = try int(name) else { return defaultValue }
        guard let v = Int(exactly: value), range.contains(v) else { throw bad(name, "in \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    /// A string field (`nil` when absent or null).
    func string(_ name: String) throws(ViewerError) -> String? {
        guard !isNull(name) else { return nil }
        guard let s = object[name] as? String else { throw bad(name, "a string") }
        return s
    }

    /// A required string field.
    func requireString(_ name: String) throws(ViewerError) -> String {
        guard let s = try string(name) else { throw bad(name, "a string (it is missing)") }
        return s
    }

    /// A boolean field, `false` when absent.
    func bool(_ name: String) throws(ViewerError) -> Bool {
        guard !isNull(name) else { return false }
        guard let b = object[name] as? Bool else { throw bad(name, "true or false") }
        return b
    }

    /// An array of strings (`nil` when absent or null), at most `limit` long.
    func strings(_ name: String, limit: Int) throws(ViewerError) -> [String]? {
        guard !isNull(name) else { return nil }
        guard let items = object[name] as? [Any] else { throw bad(name, "an array of strings") }
        guard items.count <= limit else { throw bad(name, "at most \(limit) items long (it has \(items.count))") }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let s = item as? String else { throw bad(name, "an array of strings") }
            out.append(s)
        }
        return out
    }

    /// An array of strings that may contain `null` entries.
    func optionalStrings(_ name: String, limit: Int) throws(ViewerError) -> [String?]? {
        guard !isNull(name) else { return nil }
        guard let items = object[name] as? [Any], items.count <= limit else { throw bad(name, "an array of at most \(limit) strings or nulls") }
        var out: [String?] = []
        for item in items {
            if item is NSNull { out.append(nil); continue }
            guard let s = item as? String else { throw bad(name, "an array of strings or nulls") }
            out.append(s)
        }
        return out
    }

    /// An array of objects, at most `limit` long.
    func objects(_ name: String, limit: Int) throws(ViewerError) -> [ViewerRequestFields] {
        guard let items = object[name] as? [Any] else { throw bad(name, "an array of objects") }
        guard items.count <= limit else { throw bad(name, "at most \(limit) items long (it has \(items.count))") }
        var out: [ViewerRequestFields] = []
        for item in items {
            guard var o = item as? [String: Any] else { throw bad(name, "an array of objects") }
            o["type"] = "\(type).\(name)"
            out.append(ViewerRequestFields(o))
        }
        return out
    }

    /// An entity path field.
    func entity(_ name: String) throws(ViewerError) -> EntityPath {
        let s = try requireString(name)
        do { return try EntityPath(parsing: s) } catch { throw bad(name, "an entity path (\(error))") }
    }

    /// An array of entity paths.
    func entities(_ name: String, limit: Int) throws(ViewerError) -> [EntityPath]? {
        guard let strings = try strings(name, limit: limit) else { return nil }
        var out: [EntityPath] = []
        for s in strings {
            do { out.append(try EntityPath(parsing: s)) } catch { throw bad(name, "entity paths ('\(s)': \(error))") }
        }
        return out
    }
}
