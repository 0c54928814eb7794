/// One work item of `RRDParallelReader`: consecutive framed items of the input, decoded together
/// by one thread (a worker, or the reader's caller when it gets there first), so that many small
/// messages cost one hand-over between threads, not one each.
///
/// `frames` is set by the reader before the batch is queued; `results` is written by the one
/// thread that decodes it, and read by the reader only after `RRDDecodeQueue` says it is done
/// (the queue's lock orders those accesses).
final class RRDDecodeBatch: @unchecked Sendable {
    /// The framed items; dropped once decoded (they keep the input buffer alive).
    private(set) var frames: [RRDFrameDecoder.Frame]
    /// The input bytes the frames cover (what the reader's in-flight window counts).
    let bytes: Int
    /// One result per frame, in order; a message that failed to decode holds its error. The
    /// reader moves each out as it returns it (no copy, so no reference counting of its parts).
    private var results: [Result<RRDDecoder.Event, RRDError>?] = []

    /// The number of results (once decoded).
    var count: Int { results.count }

    /// Moves result `index` out of the batch (each is taken once).
    func take(_ index: Int) -> Result<RRDDecoder.Event, RRDError> {
        guard let result = results[index].take() else { preconditionFailure("batch result \(index) taken twice") }
        return result
    }
    /// Set under the queue's lock when `results` is complete.
    var isDone = false
    /// Whether the reader decodes this batch itself (it is never queued for the workers).
    let isLocal: Bool

    init(frames: [RRDFrameDecoder.Frame], bytes: Int, isLocal: Bool) {
        self.frames = frames
        self.bytes = bytes
        self.isLocal = isLocal
    }

    /// Decodes every frame with `cache` (the calling thread's own).
    func decode(cache: inout RRDDecodeCache) {
        results.reserveCapacity(frames.count)
        for frame in frames {
            do throws(RRDError) {
                results.append(.success(try RRDDecoder.decode(frame, cache: &cache)))
            } catch {
                results.append(.failure(error))
            }
        }
        frames = []
    }
}
