import Foundation
import RerunTestSupport

/// The parsed output of `Tests/Oracle/rrd_ref.py inspect FILE` (the spec's reference reader, whose
/// protobuf decoder is independent of SwiftProtobuf).
struct OracleInspection {
    /// One `[stream N] payload@OFFSET KIND (LEN bytes)` line and the summary line below it.
    struct Message {
        var stream: Int
        var payloadOffset: Int
        var kind: String
        var length: Int
        /// The first indented line, trimmed (e.g. `store_id: {...} source kind: 2 version bits: 10496`).
        var summary: String?
    }

    /// One `manifest for {...}` block of an End message.
    struct Manifest {
        /// The `{'kind': .., 'recording_id': .., 'application_id': ..}` text.
        var storeId: String
        /// The first seven manifest columns as printed (`chunk_id: [...]` → `["chunk_id": "[...]"]`).
        var columns: [String: String] = [:]
    }

    var headerLine: String
    var messages: [Message] = []
    var manifests: [Manifest] = []
    var streamFooter: String

    /// Runs the reference tool on `path` and parses its output.
    static func run(_ path: String) throws -> OracleInspection {
        let output = try Oracle.run(executable: Oracle.python(), arguments: [Oracle.referenceTool, "inspect", path])
        return try parse(String(decoding: output, as: UTF8.self))
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> OracleInspection {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.first else { throw ParseError(description: "empty rrd_ref.py output") }
        var result = OracleInspection(headerLine: header, streamFooter: "")
        let messageLine = /^\[stream (\d+)\] payload@(\d+) (\w+) \((\d+) bytes\)$/
        let columnLine = /^     (chunk_\w+): (.*)$/
        for line in lines.dropFirst() {
            if let match = line.wholeMatch(of: messageLine) {
                result.messages.append(Message(stream: Int(match.1)!, payloadOffset: Int(match.2)!, kind: String(match.3),
                                               length: Int(match.4)!))
            } else if line.hasPrefix("   manifest for ") {
                let rest = line.dropFirst("   manifest for ".count)
                guard let end = rest.range(of: "} (") else { throw ParseError(description: "bad manifest line: \(line)") }
                result.manifests.append(Manifest(storeId: String(rest[..<end.lowerBound]) + "}"))
            } else if let match = line.wholeMatch(of: columnLine), !result.manifests.isEmpty {
                result.manifests[result.manifests.count - 1].columns[String(match.1)] = String(match.2)
            } else if line.hasPrefix("   "), !line.hasPrefix("    "), !result.messages.isEmpty,
                      result.messages[result.messages.count - 1].summary == nil {
                result.messages[result.messages.count - 1].summary = line.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("StreamFooter") || line == "no StreamFooter" {
                result.streamFooter = line
            }
        }
        return result
    }
}

/// Parses a printed Python list of ints, e.g. `[234, 1240]`.
func pythonIntList(_ text: String?) -> [Int]? {
    guard let text, text.hasPrefix("["), text.hasSuffix("]") else { return nil }
    let body = text.dropFirst().dropLast()
    if body.isEmpty { return [] }
    return body.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) ?? -1 }
}

/// Parses a printed Python list of strings without quotes inside, e.g. `['ab', 'cd']`.
func pythonStringList(_ text: String?) -> [String]? {
    guard let text, text.hasPrefix("["), text.hasSuffix("]") else { return nil }
    let body = text.dropFirst().dropLast()
    if body.isEmpty { return [] }
    return body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
}
