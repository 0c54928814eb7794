import RerunModel
import Synchronization

/// What one connection follows and which pushes are due, shared by its request handler, its
/// hub listener and its pusher.
struct ViewerSessionState: Sendable {
    /// Whether `hello` arrived (pushes start then).
    var greeted = false
    /// The recording asked for by `open` (`nil` = the newest).
    var recording: String?
    /// The recording pushes were last built for.
    var pushedRecording: String?
    /// The density timeline (`nil` = the server's default).
    var timeline: String?
    /// Density buckets.
    var buckets = 512
    /// The `recordings` push is due.
    var recordingsDirty = true
    /// The `tree`/`timelines`/`density` pushes are due.
    var storeDirty = true

    /// Records a hub change.
    mutating func note(_ change: HubChange) {
        switch change {
        case .recordingsChanged:
            recordingsDirty = true
            storeDirty = true
        case .storeChanged(let id, _):
            recordingsDirty = true
            if recording == nil || recording == ViewerPushes.recordingID(id) || pushedRecording == ViewerPushes.recordingID(id) {
                storeDirty = true
            }
        }
    }
}

/// The mutable state of one connection, shared by its tasks.
final class ViewerSharedState: Sendable {
    /// Followed recording, density settings, due pushes.
    let session = Mutex(ViewerSessionState())
    /// Ids of requests the client cancelled before they were answered.
    let cancelled = Mutex(Set<Int64>())
}
