import ArgumentParser

/// `rerun-swift view FILE…`: `serve` the files and open the viewer in a browser.
struct ViewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Serve recordings and open the viewer in a browser (xdg-open; else the URL is printed).",
        discussion: "Takes the same options as 'serve'. Runs until SIGINT or SIGTERM.")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        try await options.serve(openBrowser: true)
    }
}
