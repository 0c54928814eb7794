import ArgumentParser

/// The `rerun-swift` command-line tool.
@main
struct RerunSwift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun-swift",
        abstract: "A Swift implementation of the Rerun 0.41 data stack.",
        version: "0.1.0",
        subcommands: [])
}
