import Foundation
import RerunArrow
import RerunTestSupport
import RerunTypes
import Testing

/// `swift run codegen`: the committed output is current, regeneration is byte-identical, and
/// `--check` names stale, hand-edited, missing and left-over files.
@Suite struct CodegenTests {
    /// Every file under `root` (relative path → bytes), skipping `IDL/`.
    private func outputs(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if relative.hasPrefix("IDL/") { continue }
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }

    /// A temporary root holding a copy of the repository's `IDL/`.
    private func copyOfRepositoryIDL() throws -> URL {
        let root = try Oracle.temporaryDirectory()
        try FileManager.default.copyItem(
            at: Oracle.repositoryRoot.appendingPathComponent("IDL"), to: root.appendingPathComponent("IDL"))
        return root
    }

    @Test func committedGeneratedCodeIsCurrent() throws {
        let result = try runCodegen(["--check", "--root", Oracle.repositoryRoot.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func regenerationIsByteIdentical() throws {
        let first = try copyOfRepositoryIDL(), second = try copyOfRepositoryIDL()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        #expect(try runCodegen(["--root", first.path]).status == 0)
        #expect(try runCodegen(["--root", second.path]).status == 0)
        let a = try outputs(first), b = try outputs(second)
        #expect(a.count > 100)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, data) in a { #expect(b[path] == data, "\(path) differs between two runs") }
        // The same bytes as the committed files.
        for (path, data) in a {
            let committed = try? Data(contentsOf: Oracle.repositoryRoot.appendingPathComponent(path))
            #expect(committed == data, "\(path) differs from the committed file")
        }
        // A second run in place writes nothing.
        let again = try runCodegen(["--root", first.path])
        #expect(again.output.contains("generated files are current"), "\(again.output)")
        #expect(try outputs(first) == a)
    }

    @Test func checkNamesStaleFiles() throws {
        let root = try temporaryRoot(baseIDL)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try runCodegen(["--root", root.path]).status == 0)
        #expect(try runCodegen(["--check", "--root", root.path]).status == 0)

        let generated = root.appendingPathComponent("Sources/RerunTypes/Generated")
        let edited = generated.appendingPathComponent("Components/Components.Position3D.swift")
        try Data("// edited by hand\n".utf8).write(to: edited)
        let extra = generated.appendingPathComponent("Components/Components.Leftover.swift")
        try Data("// left over\n".utf8).write(to: extra)
        try FileManager.default.removeItem(at: generated.appendingPathComponent("Registry.swift"))
        let result = try runCodegen(["--check", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("stale: Sources/RerunTypes/Generated/Components/Components.Position3D.swift differs"), "\(result.output)")
        #expect(result.output.contains("stale: Sources/RerunTypes/Generated/Components/Components.Leftover.swift is not generated"), "\(result.output)")
        #expect(result.output.contains("stale: Sources/RerunTypes/Generated/Registry.swift missing"), "\(result.output)")
        #expect(result.output.contains("run swift run codegen"), "\(result.output)")

        // Regenerating fixes all three: the edit is overwritten, the left-over removed.
        let fix = try runCodegen(["--root", root.path])
        #expect(fix.output.contains("removed Sources/RerunTypes/Generated/Components/Components.Leftover.swift"), "\(fix.output)")
        #expect(try runCodegen(["--check", "--root", root.path]).status == 0)
    }

    @Test func changingTheIDLMakesTheOutputStale() throws {
        let root = try temporaryRoot(baseIDL)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try runCodegen(["--root", root.path]).status == 0)
        let idl = root.appendingPathComponent("IDL/archetypes/Points3D.fbs")
        let edited = try String(contentsOf: idl, encoding: .utf8).replacingOccurrences(of: "/// Points.", with: "/// Some points.")
        try Data(edited.utf8).write(to: idl)
        let result = try runCodegen(["--check", "--root", root.path])
        #expect(result.status == 1)
        #expect(result.output.contains("Archetypes/Points3D.swift differs"), "\(result.output)")
        #expect(result.output.contains("SourceHashes.swift differs"), "\(result.output)")
    }

    /// The stamp lists the sha256 of every IDL file and generated file, as `sha256sum` prints them
    /// (what `Scripts/check-generated.sh` compares).
    @Test func stampMatchesSha256sum() throws {
        let stamp = try String(
            contentsOf: Oracle.repositoryRoot.appendingPathComponent("Sources/RerunTypes/Generated/SourceHashes.swift"), encoding: .utf8)
        let entries = stamp.split(separator: "\n").filter { $0.hasPrefix("// ") && $0.count > 70 && $0.dropFirst(67).hasPrefix("  ") }
        #expect(entries.count > 200)
        let paths = entries.map { String($0.dropFirst(69)) }
        let sums = try Oracle.run(executable: "/usr/bin/env", arguments: ["sha256sum"] + paths.map {
            Oracle.repositoryRoot.appendingPathComponent($0).path
        })
        let expected = String(decoding: sums, as: UTF8.self).split(separator: "\n").map { line in
            line.replacingOccurrences(of: Oracle.repositoryRoot.path + "/", with: "")
        }
        #expect(entries.map { String($0.dropFirst(3)) } == expected)
    }

    /// The JS registry describes the same fields and Arrow types as the Swift registry.
    @Test func jsRegistryAgreesWithSwift() throws {
        let js = try String(
            contentsOf: Oracle.repositoryRoot.appendingPathComponent("Viewer/src/data/generated/registry.js"), encoding: .utf8)
        for archetype in Registry.archetypes {
            #expect(js.contains("\"\(archetype.archetypeName)\": {\n    name: \"\(archetype.archetypeName)\","))
            for field in archetype.fields {
                let snippet = """
                    name: "\(field.name)",
                            component: "\(field.descriptor.component)",
                            componentType: "\(field.descriptor.componentType ?? "")",
                            required: \(field.requirement == .required),
                            requirement: "\(field.requirement.rawValue)",
                    """
                #expect(js.contains(snippet), "\(field.descriptor) missing from registry.js")
                #expect(js.contains("arrowText: \"\(field.arrowType.description)\""), "\(field.descriptor): \(field.arrowType)")
            }
        }
        for component in Registry.components {
            #expect(js.contains("\"\(component.componentType)\": {"))
        }
    }
}
