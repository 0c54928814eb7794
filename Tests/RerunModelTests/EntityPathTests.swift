import Foundation
import RerunModel
import RerunTestSupport
import Testing

@Suite struct EntityPathTests {
    /// Parts covering letters, numbers (incl. non-ASCII), punctuation, whitespace, controls, emoji.
    static let tricky = [
        "a b", "x/y", "a\\b", "é", "日本", "a.b-c_d", "tab\there", "nl\nx", "cr\rx", "!", "#42", "\"q\"",
        "\u{01}", "a:b", "*", "emoji😀", "—", "ß", "١٢", "\u{a0}", "\u{0}", "~", "`", "\u{200b}", "a\u{301}", "½", "²",
        "__properties", "[0]", "{x}", "a,b;c", "$HOME", "%20", "+1", "=", "?", "@", "'", "<>", "|", "^",
    ]

    @Test func escapingMatchesTheOfficialSDK() throws {
        let script = """
        import json, sys, rerun as rr
        parts = json.load(sys.stdin)
        print(json.dumps([rr.escape_entity_path_part(p) for p in parts]))
        """
        let input = try JSONEncoder().encode(Self.tricky)
        let out = try Oracle.runPython(script, input: input)
        let official = try JSONDecoder().decode([String].self, from: out)
        for (part, expected) in zip(Self.tricky, official) {
            #expect(EntityPath.escape(part) == expected, "escaping \(part.debugDescription)")
        }
    }

    @Test func newEntityPathMatchesTheOfficialSDK() throws {
        let out = try Oracle.runPython("""
            import rerun as rr
            print(rr.new_entity_path(['world', 42, 'my image!', 'a/b']))
            """)
        let official = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .newlines)
        #expect(EntityPath("world", "42", "my image!", "a/b").description == official)
    }

    @Test func escapeThenParseRoundTrips() throws {
        for part in Self.tricky {
            let path = EntityPath("world", part)
            let parsed = try EntityPath(parsing: path.description)
            #expect(parsed == path, "round trip of \(part.debugDescription) via \(path.description)")
        }
    }

    @Test func parsingForms() throws {
        #expect(try EntityPath(parsing: "world/points") == EntityPath("world", "points"))
        #expect(try EntityPath(parsing: "/world/points") == EntityPath("world", "points"))
        #expect(try EntityPath(parsing: "/") == .root)
        #expect(try EntityPath(parsing: "") == .root)
        #expect(EntityPath.root.description == "/")
        #expect(EntityPath(parsingForgiving: "a//b/") == EntityPath("a", "b"))
        #expect(EntityPath(parsingForgiving: "my image") == EntityPath("my image"))
        #expect(try EntityPath(parsing: "a/\\u{1F600}") == EntityPath("a", "😀"))
        #expect(EntityPath.properties.description == "/__properties")
        #expect(EntityPath.properties.isProperties)
    }

    @Test func strictParsingRejectsMalformedPaths() {
        for bad in ["a//b", "a b", "a\\", "a\\q", "a\\u{zz}", "a\\u{110000}"] {
            #expect(throws: EntityPathError.self, "\(bad.debugDescription)") { try EntityPath(parsing: bad) }
        }
        do {
            _ = try EntityPath(parsing: "ab//c")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("double slash"))
            #expect(error.description.contains("character 3"))
        }
    }

    @Test func hierarchy() {
        let p: EntityPath = "world/cam/points"
        #expect(p.parent == "world/cam")
        #expect(p.isDescendant(of: "world"))
        #expect(p.isDescendant(of: .root))
        #expect(!EntityPath("world2").isDescendant(of: "world"))
        #expect(EntityPath("a") < EntityPath("a", "b"))
        #expect(EntityPath.root.parent == nil)
    }
}
