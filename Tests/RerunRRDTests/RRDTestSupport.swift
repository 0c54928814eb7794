import Foundation
import RerunRRD

/// Decodes a whole byte string, returning every event; throws what `next()`/`finish()` throw.
func decodeAll(_ bytes: [UInt8], chunkSize: Int = .max) throws -> [RRDDecoder.Event] {
    var decoder = RRDDecoder()
    var events: [RRDDecoder.Event] = []
    var start = 0
    repeat {
        let end = min(bytes.count, start + max(chunkSize, 1))
        decoder.push(bytes[start..<end])
        while let event = try decoder.next() { events.append(event) }
        start = end
    } while start < bytes.count
    try decoder.finish()
    return events
}

/// Decodes as far as possible: the events delivered before an error, and the error.
func decodePrefix(_ bytes: [UInt8]) -> (events: [RRDDecoder.Event], error: RRDError?) {
    var decoder = RRDDecoder()
    var events: [RRDDecoder.Event] = []
    decoder.push(bytes)
    do {
        while let event = try decoder.next() { events.append(event) }
        try decoder.finish()
        return (events, nil)
    } catch {
        return (events, error)
    }
}

/// The log messages among `events`.
func messages(_ events: [RRDDecoder.Event]) -> [LogMsg] {
    events.compactMap { if case .message(let m, _, _, _) = $0 { m } else { nil } }
}

/// Re-encodes every message of `events` with our encoder.
func reencode(_ events: [RRDDecoder.Event], compression: RRDCompression) throws -> [UInt8] {
    var encoder = RRDEncoder(compression: compression)
    var out: [UInt8] = []
    for message in messages(events) { out += try encoder.encode(message) }
    out += try encoder.finish()
    return out
}

func readFixture(_ url: URL) throws -> [UInt8] {
    Array(try Data(contentsOf: url))
}
