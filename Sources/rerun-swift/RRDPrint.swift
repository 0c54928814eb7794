import ArgumentParser
import RerunArrow
import RerunChunk
import RerunRRD

/// `rerun-swift rrd print`: stores, then each chunk, with more detail per `-v`.
struct RRDPrint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "Print the stores and chunks of .rrd files.",
        discussion: "-v adds each chunk's columns and types, -vv their metadata, -vvv the values.")

    @Flag(name: .short, help: "More detail (repeatable: -v, -vv, -vvv).")
    var verbose: Int

    @Argument(help: "Files to print ('-' for stdin).")
    var files: [String]

    func run() throws {
        let failed = forEachInput(files) { _, event in
            switch event {
            case .message(.setStoreInfo(let info), _, _, _):
                print("StoreInfo: \(info.storeID.kind) app=\(info.storeID.applicationID) recording=\(info.storeID.recordingID) source=\(info.source) version=\(info.version.map(String.init(describing:)) ?? "none")")
            case .message(.blueprintActivation(let command), _, _, _):
                print("BlueprintActivationCommand: \(command.blueprintID) make_active=\(command.makeActive) make_default=\(command.makeDefault)")
            case .message(.arrow(let message), _, _, _):
                printChunk(message)
            case .footer(let footer, let offset) where verbose > 0:
                print("RrdFooter at byte \(offset): \(footer.manifests.count) manifest(s)")
            case .streamHeader, .footer, .streamFooter:
                break
            }
        }
        if !failed.isEmpty { throw ExitCode.failure }
    }

    func printChunk(_ message: ArrowMessage) {
        let chunk = message.chunk
        let size = message.encodedSize.map { " (\(formatBytes($0.uncompressed)))" } ?? ""
        let kind = chunk.isStatic ? "static " : ""
        print("Chunk(chunk_\(chunk.id.hexString)) with \(chunk.rowCount) \(kind)rows\(size) - \(chunk.entityPath) - timelines: [\(chunk.timeColumns.map(\.timeline.name).joined(separator: " "))] - data columns: [\(chunk.components.map(\.descriptor.component).joined(separator: " "))]")
        guard verbose > 0 else { return }
        let batch = chunk.recordBatch()
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            print("    \(field.name): \(field.typeDescription)")
            if verbose > 1 && !field.metadata.isEmpty {
                for key in field.metadata.keys.sorted() { print("        \(key) = \(field.metadata[key]!)") }
            }
            if verbose > 2 {
                print("        " + column.describeValues(limit: 20).replacingOccurrences(of: "\n", with: "\n        "))
            }
        }
        if verbose > 1 {
            for key in batch.schema.metadata.keys.sorted() { print("    [schema] \(key) = \(batch.schema.metadata[key]!)") }
        }
    }
}
