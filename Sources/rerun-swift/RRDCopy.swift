import ArgumentParser
import RerunRRD

/// `rerun-swift rrd copy`: decode every message and write a fresh file with our encoder.
struct RRDCopy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Re-encode .rrd files into one new file (footer and manifests rebuilt).",
        discussion: "Inputs are read in order and written as one stream. A file output is replaced atomically.")

    enum Compression: String, ExpressibleByArgument, CaseIterable {
        case lz4, none
    }

    @Argument(help: "Input files ('-' for stdin).")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output file ('-' for stdout).")
    var output: String

    @Option(help: "Payload compression: lz4 or none.")
    var compression: Compression = .lz4

    func run() throws {
        let writer = try RRDWriter(RRDWriter.Destination(argument: output), compression: compression == .lz4 ? .lz4 : .none)
        let failed = forEachInput(inputs) { _, event in
            if case .message(let message, _, _, _) = event { try writer.write(message) }
        }
        guard failed.isEmpty else {
            printError("error: not writing \(output): \(failed.count) input(s) failed")
            throw ExitCode.failure
        }
        try writer.finish()
    }
}
