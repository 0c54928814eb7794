import Foundation
import RerunProtos
import SwiftProtobuf
import Testing

/// Byte-exact encodings stated by the spec (Docs/rrd-format.md §2.7, §3), so our field numbers,
/// types and presence rules match the official messages.
@Suite struct WireEncodingTests {
    private func bytes(_ message: some SwiftProtobuf.Message) throws -> String {
        let data: Data = try message.serializedData()
        return hexString(data)
    }

    @Test func pythonVersionMatchesTheSpec() throws {
        var version = Proto.PythonVersion()
        version.major = 3
        version.minor = 11
        version.patch = 7
        #expect(try bytes(version) == "08 03 10 0b 18 07")
        version.suffix = "rc1"
        #expect(try bytes(version) == "08 03 10 0b 18 07 22 03 72 63 31")
    }

    @Test func storeVersionOf041() throws {
        #expect(Proto.StoreVersion.crateVersionBits(major: 0, minor: 41, patch: 0) == 10496)
        let version = Proto.StoreVersion(major: 0, minor: 41, patch: 0)
        #expect(version.crateVersionBits == 10496)
        #expect(try bytes(version) == "08 80 52")
        #expect(version.versionBytes == [0, 41, 0, 0])
    }

    @Test func preReleaseMetaGivesANegativeTenByteVarint() throws {
        // meta = 0b10_000011 (alpha 3): the top bit makes the int32 negative (spec §3.4).
        let version = Proto.StoreVersion(major: 0, minor: 42, patch: 1, meta: 0x83)
        #expect(version.crateVersionBits < 0)
        #expect(version.versionBytes == [0, 42, 1, 0x83])
        let encoded: Data = try version.serializedData()
        #expect(encoded.count == 1 + 10)
        #expect(try Proto.StoreVersion(serializedBytes: encoded).versionBytes == [0, 42, 1, 0x83])
    }

    @Test func tuidHasExplicitPresence() throws {
        #expect(try bytes(Proto.Tuid()) == "")
        // Zero halves are still written because the fields are proto3 `optional` (fixed64).
        #expect(try bytes(Proto.Tuid(timeNs: 0, inc: 0)) == "09 00 00 00 00 00 00 00 00 11 00 00 00 00 00 00 00 00")
        let tuid = Proto.Tuid(timeNs: 0x18EC_17D9_5C8C_83E0, inc: 0x22F2_6550_AF17_1A0A)
        #expect(try bytes(tuid) == "09 e0 83 8c 5c d9 17 ec 18 11 0a 1a 17 af 50 65 f2 22")
        var onlyTime = Proto.Tuid()
        onlyTime.timeNs = 1
        #expect(try bytes(onlyTime) == "09 01 00 00 00 00 00 00 00")
        let decoded = try Proto.Tuid(serializedBytes: Data(hexBytes("11 00 00 00 00 00 00 00 00")))
        #expect(!decoded.hasTimeNs && decoded.hasInc && decoded.inc == 0)
    }

    @Test func isStaticFalseIsDistinctFromAbsent() throws {
        var message = Proto.ArrowMsg()
        #expect(try bytes(message) == "")
        #expect(!message.hasIsStatic)
        message.isStatic = false
        #expect(message.hasIsStatic)
        #expect(try bytes(message) == "38 00")
        let present = try Proto.ArrowMsg(serializedBytes: Data(hexBytes("38 00")))
        #expect(present.hasIsStatic && !present.isStatic)
        let absent = try Proto.ArrowMsg(serializedBytes: Data())
        #expect(!absent.hasIsStatic && !absent.isStatic)
        message.clearIsStatic()
        #expect(try bytes(message) == "")
    }

    @Test func storeIdMatchesTheHexWalkthrough() throws {
        let storeId = Proto.StoreId(kind: .recording, recordingID: "rec1", applicationID: "demo_app")
        #expect(try bytes(storeId) == "08 01 12 04 72 65 63 31 1a 0a 0a 08 64 65 6d 6f 5f 61 70 70")
    }

    /// The whole first message of spec §2.7: SetStoreInfo with StoreInfo fields 2, 5 and 6.
    @Test func setStoreInfoMatchesTheHexWalkthrough() throws {
        var message = Proto.SetStoreInfo()
        message.rowID = Proto.Tuid(timeNs: 0x0102_0304_0506_0708, inc: 9)
        message.info.storeID = Proto.StoreId(kind: .recording, recordingID: "rec1", applicationID: "demo_app")
        var python = Proto.PythonVersion()
        (python.major, python.minor, python.patch) = (3, 11, 7)
        message.info.storeSource = try Proto.StoreSource.pythonSDK(python)
        message.info.storeVersion = Proto.StoreVersion(major: 0, minor: 41, patch: 0)
        let expected = "0a 12 09 08 07 06 05 04 03 02 01 11 09 00 00 00 00 00 00 00"
            + " 12 29"
            + " 12 14 08 01 12 04 72 65 63 31 1a 0a 0a 08 64 65 6d 6f 5f 61 70 70"
            + " 2a 0c 08 02 12 08 0a 06 08 03 10 0b 18 07"
            + " 32 03 08 80 52"
        #expect(try bytes(message) == hexString(hexBytes(expected)))
        let data: Data = try message.serializedData()
        #expect(data.count == 63)  // "kind=1 SetStoreInfo, len=63"
    }

    @Test func storeInfoFieldNumbers() throws {
        var info = Proto.StoreInfo()
        info.storeID = Proto.StoreId()
        #expect(try bytes(info) == "12 00")
        info = Proto.StoreInfo()
        info.storeSource = Proto.StoreSource()
        #expect(try bytes(info) == "2a 00")
        info = Proto.StoreInfo()
        info.storeVersion = Proto.StoreVersion()
        #expect(try bytes(info) == "32 00")
        info = Proto.StoreInfo()
        info.applicationID.id = "a"  // deprecated field 1, still decodable
        #expect(try bytes(info) == "0a 03 0a 01 61")
        // Reserved fields 3 and 4 (old is_official_example / started) are kept as unknown fields.
        let old = try Proto.StoreInfo(serializedBytes: Data(hexBytes("18 01 20 05")))
        #expect(old.unknownFields.data == Data(hexBytes("18 01 20 05")))
    }

    @Test func storeSourceOther() throws {
        let source = Proto.StoreSource.other("rerun-swift 0.1.0")
        #expect(source.kind.rawValue == 6)
        #expect(try bytes(source) == "08 06 12 13 0a 11 " + hexString("rerun-swift 0.1.0".utf8))
    }

    /// The ArrowMsg of spec §2.7: `0a 14 <StoreId> 10 02 18 c8 0d 20 01 2a <len> <payload> 32 12 <Tuid> 38 01`.
    @Test func arrowMsgFieldNumbers() throws {
        var message = Proto.ArrowMsg()
        message.storeID = Proto.StoreId(kind: .recording, recordingID: "rec1", applicationID: "demo_app")
        message.compression = .lz4
        message.uncompressedSize = 1736
        message.encoding = .arrowIpc
        message.payload = Data([0xAA, 0xBB])
        message.chunkID = Proto.Tuid(timeNs: 1, inc: 2)
        message.isStatic = true
        let expected = "0a 14 08 01 12 04 72 65 63 31 1a 0a 0a 08 64 65 6d 6f 5f 61 70 70"
            + " 10 02 18 c8 0d 20 01 2a 02 aa bb"
            + " 32 12 09 01 00 00 00 00 00 00 00 11 02 00 00 00 00 00 00 00 38 01"
        #expect(try bytes(message) == hexString(hexBytes(expected)))
    }

    @Test func enumValues() {
        #expect(Proto.Compression.unspecified.rawValue == 0)
        #expect(Proto.Compression.none.rawValue == 1)
        #expect(Proto.Compression.lz4.rawValue == 2)
        #expect(Proto.StoreKind.recording.rawValue == 1)
        #expect(Proto.StoreKind.blueprint.rawValue == 2)
        #expect(Proto.EncoderVersion.v0.rawValue == 1)
        #expect(Proto.Encoding.arrowIpc.rawValue == 1)
        let sourceKinds: [Proto.StoreSourceKind] = [.unspecified, .cSdk, .pythonSdk, .rustSdk, .file, .viewer, .other]
        #expect(sourceKinds.map(\.rawValue) == Array(0...6))
        let fileKinds: [Proto.FileSourceKind] = [.unspecified, .cli, .uri, .dragAndDrop, .fileDialog, .sdk]
        #expect(fileKinds.map(\.rawValue) == Array(0...5))
        // Unknown enum values survive a round trip.
        #expect(Proto.Compression(rawValue: 9) == .UNRECOGNIZED(9))
    }

    @Test func logMsgOneofFieldNumbersEqualTheFileMessageKinds() throws {
        var message = Proto.LogMsg()
        message.setStoreInfo = Proto.SetStoreInfo()
        #expect(try bytes(message) == "0a 00")
        message.arrowMsg = Proto.ArrowMsg()
        #expect(try bytes(message) == "12 00")
        message.blueprintActivationCommand = Proto.BlueprintActivationCommand()
        #expect(try bytes(message) == "1a 00")
    }

    @Test func blueprintActivationCommandFieldNumbers() throws {
        var message = Proto.BlueprintActivationCommand()
        message.blueprintID = Proto.StoreId(kind: .blueprint, recordingID: "", applicationID: "")
        message.makeActive = true
        message.makeDefault = true
        #expect(try bytes(message) == "0a 04 08 02 1a 00 10 01 18 01")
    }

    @Test func footerAndManifestFieldNumbers() throws {
        var manifest = Proto.RrdManifest()
        manifest.storeID = Proto.StoreId()
        manifest.sorbetSchema.arrowSchema = Data()      // optional bytes: present even when empty
        manifest.sorbetSchemaSha256 = Data()            // optional bytes: present even when empty
        manifest.data.encoderVersion = .v0
        manifest.data.payload = Data()
        manifest.data.compression = .lz4
        manifest.data.uncompressedSize = 5
        #expect(try bytes(manifest) == "0a 00 12 02 0a 00 1a 00 22 08 08 01 12 00 18 02 20 05")
        var footer = Proto.RrdFooter()
        footer.manifests = [Proto.RrdManifest(), Proto.RrdManifest()]
        #expect(try bytes(footer) == "0a 00 0a 00")
    }

    @Test func sdkCommsFieldNumbers() throws {
        var write = Proto.WriteMessagesRequest()
        write.logMsg.arrowMsg = Proto.ArrowMsg()
        #expect(try bytes(write) == "0a 02 12 00")
        var read = Proto.ReadMessagesResponse()
        read.logMsg = Proto.LogMsg()
        #expect(try bytes(read) == "0a 00")
        var table = Proto.WriteTableRequest()
        table.id.id = "t"
        table.data.compression = .none
        #expect(try bytes(table) == "0a 03 0a 01 74 12 02 18 01")
        var tables = Proto.ReadTablesResponse()
        tables.id.id = "t"
        tables.data.uncompressedSize = 1
        #expect(try bytes(tables) == "0a 03 0a 01 74 12 02 20 01")
        #expect(try bytes(Proto.WriteMessagesResponse()) == "")
        #expect(try bytes(Proto.ReadMessagesRequest()) == "")
        #expect(try bytes(Proto.WriteTableResponse()) == "")
        #expect(try bytes(Proto.ReadTablesRequest()) == "")
    }

    @Test func otherSourceKindsRoundTrip() throws {
        var crate = Proto.CrateInfo()
        crate.rustcVersion = "1.90"
        crate.llvmVersion = "20"
        #expect(try bytes(crate) == "0a 04 31 2e 39 30 12 02 32 30")
        var file = Proto.FileSource()
        file.kind = .dragAndDrop
        #expect(try bytes(file) == "08 03")
    }
}
