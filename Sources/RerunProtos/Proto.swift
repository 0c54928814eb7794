/// Short names for the generated protobuf types of Rerun 0.41 (`Protos/rerun/v1alpha1/*.proto`).
///
/// The generated names carry the proto package (`Rerun_LogMsg_V1alpha1_ArrowMsg`); these aliases
/// read like the spec (`Proto.ArrowMsg`). They live in a namespace because several of them
/// (`StoreKind`, `StoreId`, `Tuid`, `Schema`) would otherwise clash with the domain types of
/// `RerunModel` and `RerunArrow`. The generated code is in `Generated/`; never edit it by hand,
/// edit the `.proto` and run `Scripts/generate.sh`.
public enum Proto {
    // MARK: rerun.common.v1alpha1

    /// `rerun.common.v1alpha1.Compression`: payload compression (1 = NONE, 2 = LZ4).
    public typealias Compression = Rerun_Common_V1alpha1_Compression
    /// `rerun.common.v1alpha1.StoreKind`: recording or blueprint.
    public typealias StoreKind = Rerun_Common_V1alpha1_StoreKind
    /// `rerun.common.v1alpha1.EncoderVersion`: the DataframePart encoding version.
    public typealias EncoderVersion = Rerun_Common_V1alpha1_EncoderVersion
    /// `rerun.common.v1alpha1.Tuid`: a RowId or ChunkId as two 64-bit halves.
    public typealias Tuid = Rerun_Common_V1alpha1_Tuid
    /// `rerun.common.v1alpha1.ApplicationId`.
    public typealias ApplicationId = Rerun_Common_V1alpha1_ApplicationId
    /// `rerun.common.v1alpha1.StoreId`: kind, recording id and application id.
    public typealias StoreId = Rerun_Common_V1alpha1_StoreId
    /// `rerun.common.v1alpha1.Schema`: an Arrow schema as an IPC stream.
    public typealias Schema = Rerun_Common_V1alpha1_Schema
    /// `rerun.common.v1alpha1.DataframePart`: one (possibly compressed) Arrow IPC stream.
    public typealias DataframePart = Rerun_Common_V1alpha1_DataframePart
    /// `rerun.common.v1alpha1.TableId`.
    public typealias TableId = Rerun_Common_V1alpha1_TableId

    // MARK: rerun.log_msg.v1alpha1

    /// `rerun.log_msg.v1alpha1.LogMsg`: one message of the gRPC log stream.
    public typealias LogMsg = Rerun_LogMsg_V1alpha1_LogMsg
    /// `rerun.log_msg.v1alpha1.SetStoreInfo` (`.rrd` message kind 1).
    public typealias SetStoreInfo = Rerun_LogMsg_V1alpha1_SetStoreInfo
    /// `rerun.log_msg.v1alpha1.StoreInfo`.
    public typealias StoreInfo = Rerun_LogMsg_V1alpha1_StoreInfo
    /// `rerun.log_msg.v1alpha1.StoreSource`: what wrote a store.
    public typealias StoreSource = Rerun_LogMsg_V1alpha1_StoreSource
    /// `rerun.log_msg.v1alpha1.StoreSourceExtra`.
    public typealias StoreSourceExtra = Rerun_LogMsg_V1alpha1_StoreSourceExtra
    /// `rerun.log_msg.v1alpha1.StoreSourceKind`.
    public typealias StoreSourceKind = Rerun_LogMsg_V1alpha1_StoreSourceKind
    /// `rerun.log_msg.v1alpha1.PythonVersion`.
    public typealias PythonVersion = Rerun_LogMsg_V1alpha1_PythonVersion
    /// `rerun.log_msg.v1alpha1.CrateInfo`.
    public typealias CrateInfo = Rerun_LogMsg_V1alpha1_CrateInfo
    /// `rerun.log_msg.v1alpha1.FileSource`.
    public typealias FileSource = Rerun_LogMsg_V1alpha1_FileSource
    /// `rerun.log_msg.v1alpha1.FileSourceKind`.
    public typealias FileSourceKind = Rerun_LogMsg_V1alpha1_FileSourceKind
    /// `rerun.log_msg.v1alpha1.StoreVersion`: the writer's version as `crate_version_bits`.
    public typealias StoreVersion = Rerun_LogMsg_V1alpha1_StoreVersion
    /// `rerun.log_msg.v1alpha1.Encoding`: the ArrowMsg payload encoding.
    public typealias Encoding = Rerun_LogMsg_V1alpha1_Encoding
    /// `rerun.log_msg.v1alpha1.ArrowMsg` (`.rrd` message kind 2): one chunk.
    public typealias ArrowMsg = Rerun_LogMsg_V1alpha1_ArrowMsg
    /// `rerun.log_msg.v1alpha1.BlueprintActivationCommand` (`.rrd` message kind 3).
    public typealias BlueprintActivationCommand = Rerun_LogMsg_V1alpha1_BlueprintActivationCommand
    /// `rerun.log_msg.v1alpha1.RrdFooter`: the payload of a `.rrd` End message (kind 0).
    public typealias RrdFooter = Rerun_LogMsg_V1alpha1_RrdFooter
    /// `rerun.log_msg.v1alpha1.RrdManifest`: one store's chunk index in the footer.
    public typealias RrdManifest = Rerun_LogMsg_V1alpha1_RrdManifest

    // MARK: rerun.sdk_comms.v1alpha1

    /// `rerun.sdk_comms.v1alpha1.MessageProxyService`: the gRPC service namespace (descriptors,
    /// server protocols, client).
    public typealias MessageProxyService = Rerun_SdkComms_V1alpha1_MessageProxyService
    /// `rerun.sdk_comms.v1alpha1.WriteMessagesRequest`.
    public typealias WriteMessagesRequest = Rerun_SdkComms_V1alpha1_WriteMessagesRequest
    /// `rerun.sdk_comms.v1alpha1.WriteMessagesResponse`.
    public typealias WriteMessagesResponse = Rerun_SdkComms_V1alpha1_WriteMessagesResponse
    /// `rerun.sdk_comms.v1alpha1.ReadMessagesRequest`.
    public typealias ReadMessagesRequest = Rerun_SdkComms_V1alpha1_ReadMessagesRequest
    /// `rerun.sdk_comms.v1alpha1.ReadMessagesResponse`.
    public typealias ReadMessagesResponse = Rerun_SdkComms_V1alpha1_ReadMessagesResponse
    /// `rerun.sdk_comms.v1alpha1.WriteTableRequest`.
    public typealias WriteTableRequest = Rerun_SdkComms_V1alpha1_WriteTableRequest
    /// `rerun.sdk_comms.v1alpha1.WriteTableResponse`.
    public typealias WriteTableResponse = Rerun_SdkComms_V1alpha1_WriteTableResponse
    /// `rerun.sdk_comms.v1alpha1.ReadTablesRequest`.
    public typealias ReadTablesRequest = Rerun_SdkComms_V1alpha1_ReadTablesRequest
    /// `rerun.sdk_comms.v1alpha1.ReadTablesResponse`.
    public typealias ReadTablesResponse = Rerun_SdkComms_V1alpha1_ReadTablesResponse
}
