import Foundation
import RerunTestSupport
import Testing

/// A small valid IDL: one datatype, one component, one archetype.
let baseIDL: [String: String] = [
    "IDL/datatypes/Vec3D.fbs": """
        namespace rerun.datatypes;

        /// A vector.
        struct Vec3D ("attr.arrow.transparent") {
          /// Coordinates.
          xyz: [float: 3];
        }

        """,
    "IDL/components/Position3D.fbs": """
        namespace rerun.components;

        /// A position.
        struct Position3D {
          /// The position.
          xyz: rerun.datatypes.Vec3D;
        }

        """,
    "IDL/archetypes/Points3D.fbs": """
        namespace rerun.archetypes;

        /// Points.
        table Points3D {
          /// Positions.
          positions: [rerun.components.Position3D] (attr.rerun.component_required, order: 100);
        }

        """,
]

/// A temporary repository root holding `files` (path → contents).
func temporaryRoot(_ files: [String: String]) throws -> URL {
    let root = try Oracle.temporaryDirectory()
    for (path, contents) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    return root
}

/// One malformed IDL input and the located errors `codegen` must print for it.
struct IDLErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Files added to (or replacing files of) the base IDL.
    let files: [String: String]
    /// Substrings of the output, each starting with `file:line:column: error:`.
    let expected: [String]

    var testDescription: String { name }

    /// A component file with the given body lines after `struct Radius {` (docs included).
    static func radius(_ body: String, header: String = "struct Radius {") -> [String: String] {
        ["IDL/components/Radius.fbs": "namespace rerun.components;\n\n/// A radius.\n\(header)\n\(body)\n}\n"]
    }

    static let all: [IDLErrorCase] = [
        IDLErrorCase(
            name: "unknown attribute",
            files: radius("  /// The value.\n  value: float (\"attr.rerun.bogus\");"),
            expected: ["IDL/components/Radius.fbs:6:17: error: unknown attribute 'attr.rerun.bogus' (allowed on a field:"]),
        IDLErrorCase(
            name: "missing semicolon",
            files: radius("  /// The value.\n  value: float"),
            expected: ["IDL/components/Radius.fbs:7:1: error: expected ';' after field 'value', found '}'"]),
        IDLErrorCase(
            name: "unknown type",
            files: radius("  /// The value.\n  value: rerun.datatypes.Float33;"),
            expected: ["IDL/components/Radius.fbs:6:10: error: unknown type 'rerun.datatypes.Float33'"]),
        IDLErrorCase(
            name: "unknown type with a suggestion",
            files: radius("  /// The value.\n  value: rerun.components.Vec3D;"),
            expected: ["IDL/components/Radius.fbs:6:10: error: unknown type 'rerun.components.Vec3D' (did you mean 'rerun.datatypes.Vec3D'?)"]),
        IDLErrorCase(
            name: "missing doc comment",
            files: radius("  value: float;"),
            expected: ["IDL/components/Radius.fbs:5:3: error: field 'value' needs a '///' doc comment"]),
        IDLErrorCase(
            name: "attribute in the wrong place",
            files: radius("  /// The value.\n  value: float;", header: "struct Radius (order: 1) {"),
            expected: ["IDL/components/Radius.fbs:4:16: error: attribute 'order' is not allowed on a declaration (only on: field)"]),
        IDLErrorCase(
            name: "attribute value missing",
            files: radius("  /// The value.\n  value: float (order);"),
            expected: ["IDL/components/Radius.fbs:6:17: error: attribute 'order' needs an integer value"]),
        IDLErrorCase(
            name: "attribute value not allowed",
            files: ["IDL/datatypes/Pair.fbs": "namespace rerun.datatypes;\n\n/// Two.\ntable Pair {\n  /// A.\n  a: float (nullable: 3);\n}\n"],
            expected: ["IDL/datatypes/Pair.fbs:6:13: error: attribute 'nullable' takes no value"]),
        IDLErrorCase(
            name: "unterminated string",
            files: radius("  /// The value.\n  value: float (\"attr.rerun.component_required);"),
            expected: ["IDL/components/Radius.fbs:6:17: error: unterminated string literal"]),
        IDLErrorCase(
            name: "unexpected character",
            files: radius("  /// The value.\n  value: float @;"),
            expected: ["IDL/components/Radius.fbs:6:16: error: unexpected character '@'"]),
        IDLErrorCase(
            name: "namespace in the wrong folder",
            files: ["IDL/components/Thing.fbs": "namespace rerun.datatypes;\n\n/// A thing.\nstruct Thing {\n  /// X.\n  x: float;\n}\n"],
            expected: ["IDL/components/Thing.fbs:1:11: error: namespace 'rerun.datatypes' belongs in IDL/datatypes/, not in 'components/'"]),
        IDLErrorCase(
            name: "unknown namespace",
            files: ["IDL/components/Thing.fbs": "namespace rerun.things;\n\n/// A thing.\nstruct Thing {\n  /// X.\n  x: float;\n}\n"],
            expected: ["IDL/components/Thing.fbs:1:11: error: unknown namespace 'rerun.things'"]),
        IDLErrorCase(
            name: "file named differently from its type",
            files: ["IDL/components/Wrong.fbs": "namespace rerun.components;\n\n/// A radius.\nstruct Radius {\n  /// X.\n  x: float;\n}\n"],
            expected: ["IDL/components/Wrong.fbs:4:8: error: the file Wrong.fbs must be named after its type 'Radius' (Radius.fbs)"]),
        IDLErrorCase(
            name: "transparent datatype with two fields",
            files: ["IDL/datatypes/Pair.fbs": "namespace rerun.datatypes;\n\n/// Two.\nstruct Pair (\"attr.arrow.transparent\") {\n  /// A.\n  a: float;\n\n  /// B.\n  b: float;\n}\n"],
            expected: ["IDL/datatypes/Pair.fbs:4:8: error: a transparent datatype must have exactly one field, 'Pair' has 2"]),
        IDLErrorCase(
            name: "enum values duplicated and out of range",
            files: ["IDL/components/Mode.fbs": "namespace rerun.components;\n\n/// Modes.\nenum Mode: ubyte {\n  /// One.\n  One = 1,\n\n  /// Also one.\n  Uno = 1,\n\n  /// Too big.\n  Big = 300,\n}\n"],
            expected: [
                "IDL/components/Mode.fbs:9:3: error: enum values 'One' and 'Uno' are both 1",
                "IDL/components/Mode.fbs:12:3: error: enum value 'Big' = 300 does not fit in uint8",
            ]),
        IDLErrorCase(
            name: "archetype field that is not a component batch",
            files: ["IDL/archetypes/Points3D.fbs": "namespace rerun.archetypes;\n\n/// Points.\ntable Points3D {\n  /// Positions.\n  positions: rerun.components.Position3D (\"attr.rerun.component_required\");\n}\n"],
            expected: ["IDL/archetypes/Points3D.fbs:6:14: error: archetype field 'positions' must be a vector of a component"]),
        IDLErrorCase(
            name: "archetype field without a requirement",
            files: ["IDL/archetypes/Points3D.fbs": "namespace rerun.archetypes;\n\n/// Points.\ntable Points3D {\n  /// Positions.\n  positions: [rerun.components.Position3D];\n}\n"],
            expected: ["IDL/archetypes/Points3D.fbs:6:3: error: archetype field 'positions' needs exactly one of"]),
        IDLErrorCase(
            name: "component referring to a component",
            files: radius("  /// The value.\n  value: rerun.components.Position3D;"),
            expected: ["IDL/components/Radius.fbs:6:10: error: a component cannot refer to the component 'rerun.components.Position3D' (only to datatypes)"]),
        IDLErrorCase(
            name: "type containing itself",
            files: ["IDL/datatypes/Node.fbs": "namespace rerun.datatypes;\n\n/// A node.\ntable Node {\n  /// The next node.\n  next: rerun.datatypes.Node;\n}\n"],
            expected: ["IDL/datatypes/Node.fbs:4:7: error: 'rerun.datatypes.Node' contains itself (rerun.datatypes.Node → rerun.datatypes.Node)"]),
        IDLErrorCase(
            name: "two declarations in one file",
            files: radius("  /// The value.\n  value: float;\n}\n\n/// Another.\nstruct Other {\n  /// X.\n  x: float;"),
            expected: ["IDL/components/Radius.fbs:10:1: error: only one declaration is allowed per file (found a second 'struct')"]),
        IDLErrorCase(
            name: "errors in several files are all reported",
            files: radius("  /// The value.\n  value: float (\"attr.rerun.bogus\");").merging(
                ["IDL/datatypes/Pair.fbs": "namespace rerun.datatypes;\n\n/// Two.\nstruct Pair {\n  /// A.\n  a: flaot;\n}\n"]) { $1 },
            expected: [
                "IDL/components/Radius.fbs:6:17: error: unknown attribute 'attr.rerun.bogus'",
                "IDL/datatypes/Pair.fbs:6:6: error: unknown type 'flaot' (did you mean 'float'?)",
            ]),
    ]
}

/// `codegen` rejects malformed IDL with `file:line:column: error: …` and writes nothing.
@Suite struct IDLErrorTests {
    @Test(arguments: IDLErrorCase.all)
    func reportsTheLocatedError(_ errorCase: IDLErrorCase) throws {
        let root = try temporaryRoot(baseIDL.merging(errorCase.files) { $1 })
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try runCodegen(["--root", root.path])
        #expect(result.status == 2, "\(result.output)")
        for expected in errorCase.expected {
            #expect(result.output.contains(expected), "expected \(expected)\ngot:\n\(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources").path), "nothing is written on errors")
    }

    @Test func theBaseIDLIsValid() throws {
        let root = try temporaryRoot(baseIDL)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try runCodegen(["--root", root.path])
        #expect(result.status == 0, "\(result.output)")
        for path in [
            "Sources/RerunTypes/Generated/Datatypes/Datatypes.Vec3D.swift",
            "Sources/RerunTypes/Generated/Components/Components.Position3D.swift",
            "Sources/RerunTypes/Generated/Archetypes/Points3D.swift",
            "Sources/RerunTypes/Generated/Namespaces.swift", "Sources/RerunTypes/Generated/Registry.swift",
            "Sources/RerunTypes/Generated/SourceHashes.swift", "Viewer/src/data/generated/registry.js",
        ] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path), "\(path)")
        }
    }
}
