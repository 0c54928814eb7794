#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RerunArrowIPC
import RerunChunk
import RerunModel

/// What an `RRDDecoder` remembers between messages to decode the next ones faster: the last store
/// id (every chunk of a recording repeats it), the fields of recent Arrow schemas (chunks of the
/// same kind repeat them; see `ArrowIPCDecodeCache`), and the chunk layouts of those fields and
/// recent entity paths (see `ChunkDecodeCache`). Results are exactly those of decoding from
/// scratch; errors are never cached. A value: give each thread that decodes its own.
struct RRDDecodeCache: Sendable {
    /// Schema fields of recent IPC payloads.
    var ipc = ArrowIPCDecodeCache()
    /// Chunk layouts of the fields in `ipc` (by their entry ids) and recent entity paths.
    var chunk = ChunkDecodeCache()
    private var lastStoreIDBytes: [UInt8] = []
    private var lastStoreID: StoreID?

    /// The store id encoded by `bytes` (a protobuf `StoreId`), decoded unless it repeats the last one.
    mutating func storeID(_ bytes: UnsafeRawBufferPointer, at offset: Int?) throws(RRDError) -> StoreID {
        // Safety: both regions hold `bytes.count` bytes; when that is nonzero both have a base address.
        if let lastStoreID, bytes.count == lastStoreIDBytes.count,
           lastStoreIDBytes.withUnsafeBytes({ $0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0 }) {
            return lastStoreID
        }
        let proto: ProtoStoreID
        do {
            proto = try ProtoStoreID(serializedBytes: Array(bytes))
        } catch {
            throw RRDError(.corrupt, at: offset, "ArrowMsg protobuf is invalid: store_id: \(error)")
        }
        let decoded = try StoreID(proto: proto, in: "ArrowMsg", at: offset)
        lastStoreIDBytes = Array(bytes)
        lastStoreID = decoded
        return decoded
    }
}
