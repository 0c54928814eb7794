import Foundation
import RerunModel
public import RerunProtos
import SwiftProtobuf

/// The protobuf types of `Docs/rrd-format.md` §3, under short names.
public typealias ProtoLogMsg = Rerun_LogMsg_V1alpha1_LogMsg
typealias ProtoSetStoreInfo = Rerun_LogMsg_V1alpha1_SetStoreInfo
typealias ProtoArrowMsg = Rerun_LogMsg_V1alpha1_ArrowMsg
typealias ProtoBlueprintActivation = Rerun_LogMsg_V1alpha1_BlueprintActivationCommand
typealias ProtoStoreID = Rerun_Common_V1alpha1_StoreId
typealias ProtoTuid = Rerun_Common_V1alpha1_Tuid
typealias ProtoRrdFooter = Rerun_LogMsg_V1alpha1_RrdFooter
typealias ProtoRrdManifest = Rerun_LogMsg_V1alpha1_RrdManifest

extension StoreID {
    /// Decodes a protobuf `StoreId`; `what` names the message it came from, for errors.
    init(proto: ProtoStoreID, in what: String, at offset: Int?) throws(RRDError) {
        let kind: StoreKind
        switch proto.kind {
        case .recording: kind = .recording
        case .blueprint: kind = .blueprint
        case .unspecified: throw RRDError(.corrupt, at: offset, "\(what): store id has no kind")
        case .UNRECOGNIZED(let v): throw RRDError(.corrupt, at: offset, "\(what): unknown store kind \(v)")
        }
        guard proto.hasApplicationID else {
            throw RRDError(.unsupported, at: offset, "\(what): store id '\(proto.recordingID)' has no application id (pre-0.25 format)")
        }
        self.init(kind: kind, recordingID: proto.recordingID, applicationID: ApplicationID(proto.applicationID.id))
    }

    var proto: ProtoStoreID {
        var p = ProtoStoreID()
        p.kind = kind == .recording ? .recording : .blueprint
        p.recordingID = recordingID
        p.applicationID.id = applicationID.rawValue
        return p
    }
}

extension TUID {
    init(proto: ProtoTuid) {
        self.init(timeNanos: proto.timeNs, increment: proto.inc)
    }

    var proto: ProtoTuid {
        var p = ProtoTuid()
        p.timeNs = timeNanos
        p.inc = increment
        return p
    }
}

extension StoreInfo {
    init(proto: ProtoSetStoreInfo, at offset: Int?) throws(RRDError) {
        guard proto.hasRowID else { throw RRDError(.corrupt, at: offset, "SetStoreInfo has no row_id") }
        guard proto.hasInfo else { throw RRDError(.corrupt, at: offset, "SetStoreInfo has no info") }
        let info = proto.info
        guard info.hasStoreID else { throw RRDError(.corrupt, at: offset, "SetStoreInfo.info has no store_id") }
        guard info.hasStoreSource else { throw RRDError(.corrupt, at: offset, "SetStoreInfo.info has no store_source") }
        var storeID = info.storeID
        if !storeID.hasApplicationID && info.hasApplicationID {
            storeID.applicationID = info.applicationID  // older writers put it in the deprecated field
        }
        self.init(
            storeID: try StoreID(proto: storeID, in: "SetStoreInfo", at: offset),
            rowID: TUID(proto: proto.rowID),
            source: StoreSource(proto: info.storeSource),
            version: info.hasStoreVersion ? RerunVersion(crateVersionBits: info.storeVersion.crateVersionBits) : nil)
    }

    var proto: ProtoSetStoreInfo {
        var p = ProtoSetStoreInfo()
        p.rowID = rowID.proto
        p.info.storeID = storeID.proto
        p.info.storeSource = source.proto
        if let version { p.info.storeVersion.crateVersionBits = version.crateVersionBits }
        return p
    }
}

extension StoreSource {
    init(proto: Rerun_LogMsg_V1alpha1_StoreSource) {
        let extra = proto.extra.payload
        switch proto.kind {
        case .cSdk: self = .cSDK
        case .pythonSdk:
            if let v = try? Rerun_LogMsg_V1alpha1_PythonVersion(serializedBytes: extra),
               v.suffix.first.map({ !$0.isNumber }) ?? true {
                self = .pythonSDK(version: "\(v.major).\(v.minor).\(v.patch)\(v.suffix)")
            } else {
                self = .raw(kind: proto.kind.rawValue, extra: Array(extra))
            }
        case .rustSdk:
            let v = try? Rerun_LogMsg_V1alpha1_CrateInfo(serializedBytes: extra)
            self = .rustSDK(rustc: v?.rustcVersion ?? "?", llvm: v?.llvmVersion ?? "?")
        case .file:
            let v = try? Rerun_LogMsg_V1alpha1_FileSource(serializedBytes: extra)
            self = .file(FileSourceKind(rawValue: v?.kind.rawValue ?? 0) ?? .unspecified)
        case .viewer: self = .viewer
        case .other: self = .other(String(decoding: extra, as: UTF8.self))
        case .unspecified, .UNRECOGNIZED: self = .unknown
        }
    }

    var proto: Rerun_LogMsg_V1alpha1_StoreSource {
        var p = Rerun_LogMsg_V1alpha1_StoreSource()
        switch self {
        case .unknown: p.kind = .unspecified
        case .cSDK: p.kind = .cSdk
        case .pythonSDK(let version):
            p.kind = .pythonSdk
            var v = Rerun_LogMsg_V1alpha1_PythonVersion()
            let parts = version.split(separator: ".", maxSplits: 2)
            v.major = parts.count > 0 ? Int32(parts[0]) ?? 0 : 0
            v.minor = parts.count > 1 ? Int32(parts[1]) ?? 0 : 0
            let patch = parts.count > 2 ? parts[2] : ""
            let digits = patch.prefix { $0.isNumber }
            v.patch = Int32(digits) ?? 0
            v.suffix = String(patch.dropFirst(digits.count))
            p.extra.payload = (try? v.serializedData()) ?? Data()
        case .rustSDK(let rustc, let llvm):
            p.kind = .rustSdk
            var v = Rerun_LogMsg_V1alpha1_CrateInfo()
            v.rustcVersion = rustc
            v.llvmVersion = llvm
            p.extra.payload = (try? v.serializedData()) ?? Data()
        case .file(let kind):
            p.kind = .file
            var v = Rerun_LogMsg_V1alpha1_FileSource()
            v.kind = Rerun_LogMsg_V1alpha1_FileSourceKind(rawValue: kind.rawValue) ?? .unspecified
            p.extra.payload = (try? v.serializedData()) ?? Data()
        case .viewer: p.kind = .viewer
        case .raw(let kind, let extra):
            p.kind = Rerun_LogMsg_V1alpha1_StoreSourceKind(rawValue: kind) ?? .unspecified
            p.extra.payload = Data(extra)
        case .other(let text):
            p.kind = .other
            p.extra.payload = Data(text.utf8)
        }
        return p
    }
}

extension BlueprintActivation {
    init(proto: ProtoBlueprintActivation, at offset: Int?) throws(RRDError) {
        guard proto.hasBlueprintID else {
            throw RRDError(.corrupt, at: offset, "BlueprintActivationCommand has no blueprint_id")
        }
        self.init(
            blueprintID: try StoreID(proto: proto.blueprintID, in: "BlueprintActivationCommand", at: offset),
            makeActive: proto.makeActive, makeDefault: proto.makeDefault)
    }

    var proto: ProtoBlueprintActivation {
        var p = ProtoBlueprintActivation()
        p.blueprintID = blueprintID.proto
        p.makeActive = makeActive
        p.makeDefault = makeDefault
        return p
    }
}
