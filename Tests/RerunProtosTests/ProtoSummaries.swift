import Foundation
import RerunProtos

/// Formats decoded messages the way `rrd_ref.py inspect` prints them, so the two decoders can be
/// compared line by line.
enum ProtoSummary {
    /// Python's `repr` of a str (enough for the ids in our fixtures).
    static func pythonRepr(_ string: String) -> String {
        if string.contains("'") && !string.contains("\"") { return "\"\(string)\"" }
        return "'" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// `decode_store_id`: `{'kind': 1, 'recording_id': 'rec', 'application_id': 'app'}`.
    static func storeId(_ id: Proto.StoreId) -> String {
        let app = id.hasApplicationID ? pythonRepr(id.applicationID.id) : "None"
        return "{'kind': \(id.kind.rawValue), 'recording_id': \(pythonRepr(id.recordingID)), 'application_id': \(app)}"
    }

    /// `tuid_to_str`: the time half in upper-case hex, the increment in lower-case hex.
    static func tuid(_ tuid: Proto.Tuid) -> String {
        hex16(tuid.timeNs).uppercased() + hex16(tuid.inc)
    }

    /// A 32-digit lower-case hex chunk id, as in the manifest's `chunk_id` column.
    static func tuidLowercase(_ tuid: Proto.Tuid) -> String {
        hex16(tuid.timeNs) + hex16(tuid.inc)
    }

    private static func hex16(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A proto3 scalar as `pb_fields(...).get(n)` prints it: `None` when it was not written.
    static func orNone(_ value: Int) -> String { value == 0 ? "None" : String(value) }

    static func setStoreInfo(_ message: Proto.SetStoreInfo) -> String {
        let info = message.info
        return "store_id: \(storeId(info.storeID)) source kind: \(orNone(info.storeSource.kind.rawValue))"
            + " version bits: \(orNone(Int(info.storeVersion.crateVersionBits)))"
    }

    static func arrowMsg(_ message: Proto.ArrowMsg) -> String {
        let store = message.hasStoreID ? storeId(message.storeID) : "None"
        let chunk = message.hasChunkID ? tuid(message.chunkID) : "None"
        let isStatic = message.hasIsStatic ? (message.isStatic ? "1" : "0") : "None"
        return "store=\(store) compression=\(message.compression.rawValue) usize=\(message.uncompressedSize)"
            + " chunk_id=\(chunk) is_static=\(isStatic)"
    }

    static func blueprintActivation(_ message: Proto.BlueprintActivationCommand) -> String {
        "blueprint: \(storeId(message.blueprintID)) make_active \(message.makeActive ? 1 : 0)"
            + " make_default \(message.makeDefault ? 1 : 0)"
    }
}
