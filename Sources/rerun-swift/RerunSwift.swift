import ArgumentParser

/// The `rerun-swift` command-line tool.
@main
struct RerunSwift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun-swift",
        abstract: "A Swift implementation of the Rerun 0.41 data stack.",
        version: "0.1.0",
        subcommands: [RRDCommand.self, QueryCommand.self, DemoCommand.self, ServeCommand.self, ViewCommand.self])
}

/// `rerun-swift rrd …`: inspect, verify and transcode `.rrd` files.
struct RRDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rrd",
        abstract: "Work with .rrd files (Rerun 0.41 format). Use '-' for stdin/stdout.",
        subcommands: [RRDPrint.self, RRDVerify.self, RRDStats.self, RRDCopy.self])
}
