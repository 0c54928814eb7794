import Foundation
import RerunTestSupport
import Testing

/// `rerun-swift rrd print`/`stats` report what the official `rerun rrd print`/`stats` report.
@Suite struct OfficialCLIParityTests {
    /// `name: count` lines of the section titled `title` (up to the next blank line).
    static func section(_ title: String, in text: String) -> [String: String] {
        var result: [String: String] = [:]
        var inside = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == title { inside = true; continue }
            guard inside else { continue }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { break }
            if line.allSatisfy({ $0 == "-" }) { continue }
            // The official index section adds indented summary lines and a column count.
            if line.hasPrefix(" ") || line.hasPrefix("chunk index columns") { continue }
            guard let colon = line.lastIndex(of: ":") else { continue }
            result[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    @Test(arguments: try Oracle.fixtureFiles().filter { $0.pathExtension == "rrd" })
    func statsCountsMatchTheOfficialStats(_ fixture: URL) throws {
        let official = try Oracle.runRerun(["rrd", "stats", fixture.path])
        try #require(official.status == 0, "\(official.output)")
        let ours = try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["rrd", "stats", fixture.path])
        try #require(ours.status == 0, "\(ours.output)")
        for title in ["Num chunks per entity", "Num chunks per index", "Num chunks per component"] {
            let theirs = Self.section(title, in: official.output)
            #expect(!theirs.isEmpty || title == "Num chunks per index", "\(title) missing from official output")
            #expect(Self.section(title, in: ours.output) == theirs, "\(fixture.lastPathComponent): \(title)")
        }
        for key in ["num_chunks", "num_entity_paths", "num_rows", "num_static"] {
            let line = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix(key + " = ") }.map(String.init) }
            #expect(line(ours.output) == line(official.output), "\(fixture.lastPathComponent): \(key)")
        }
    }

    @Test(arguments: try Oracle.fixtureFiles())
    func printListsTheSameChunksAsTheOfficialPrint(_ fixture: URL) throws {
        let official = try Oracle.runRerun(["rrd", "print", fixture.path])
        try #require(official.status == 0, "\(official.output)")
        let ours = try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["rrd", "print", fixture.path])
        try #require(ours.status == 0, "\(ours.output)")
        // Official: `Chunk(chunk_ID) with N rows (size) - /entity - data columns: [/entity@Comp, …]`
        func chunks(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("Chunk(") }.map { line in
                let id = line.split(separator: ")").first!.dropFirst("Chunk(".count)
                let rows = line.components(separatedBy: " with ")[1].split(separator: " ").first!
                let parts = line.components(separatedBy: " - ")
                let entity = parts[1]
                let columns = parts.last!.components(separatedBy: "[").last!.dropLast()
                    .split(separator: " ").map(String.init).sorted()
                return "\(id) \(rows) \(entity) \(columns)"
            }
        }
        let theirs = chunks(official.output)
        let mine = chunks(ours.output)
        #expect(!theirs.isEmpty)
        #expect(mine == theirs, "\(fixture.lastPathComponent)")
    }
}
