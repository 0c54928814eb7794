import ArgumentParser
import Foundation

/// `swift run codegen`: generates the Swift types (`Sources/RerunTypes/Generated/`) and the viewer's
/// JS registry (`Viewer/src/data/generated/registry.js`) from `IDL/`.
@main
struct Codegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codegen",
        abstract: "Generate RerunTypes and the viewer registry from IDL/.",
        discussion: """
            Reads every IDL/**/*.fbs, checks it (errors are printed as file:line:column), and writes
            Sources/RerunTypes/Generated/ and Viewer/src/data/generated/registry.js. Output is
            deterministic; unchanged files are not rewritten. With --check nothing is written: the
            command fails and lists the files that are stale.
            """)

    @Flag(help: "Write nothing; exit with status 1 if any generated file is missing, stale or extra.")
    var check = false

    @Option(help: "The repository root (the folder holding IDL/). Default: the current directory.")
    var root: String?

    func run() throws {
        let rootURL = URL(fileURLWithPath: root ?? FileManager.default.currentDirectoryPath)
        let generator = Generator(root: rootURL)
        do {
            if check {
                let problems = try generator.check()
                if problems.isEmpty {
                    print("codegen: generated files are current")
                    return
                }
                for (path, problem) in problems { printError("stale: \(path) \(problem)") }
                printError("error: generated code is stale; run swift run codegen and commit the result")
                throw ExitCode(1)
            }
            let (written, removed) = try generator.write()
            for path in written { print("wrote \(path)") }
            for path in removed { print("removed \(path)") }
            if written.isEmpty && removed.isEmpty { print("codegen: generated files are current") }
        } catch let error as CodegenErrors {
            printError(error.description)
            throw ExitCode(2)
        } catch let error as CodegenError {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
