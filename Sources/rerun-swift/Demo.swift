import ArgumentParser
import Foundation
import Rerun
import RerunDemo

/// `rerun-swift demo`: logs the built-in synthetic scene (`DemoScene`) with the Swift SDK.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Log the built-in demo scene (robot arm, point cloud, camera, signals, text logs).",
        discussion: """
            With --save, writes the scene to an .rrd file and exits.
            """)

    @Option(name: .long, help: "Number of frames to log.")
    var frames: Int = DemoScene.defaultFrames

    @Option(name: .long, help: "Write the scene to this .rrd file and exit instead of serving it.")
    var save: String?

    func validate() throws {
        guard frames >= 0 else { throw ValidationError("--frames must be 0 or more, got \(frames)") }
    }

    func run() throws {
        guard let save else { throw ValidationError("serving is not available yet; use --save FILE") }
        let rec = try RecordingStream(applicationID: DemoScene.applicationID, savingTo: save)
        try DemoScene.log(to: rec, frames: frames)
        try rec.finish()
        print("wrote \(frames) frames of the demo scene to \(save)")
    }
}
