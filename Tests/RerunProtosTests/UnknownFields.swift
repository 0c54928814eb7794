import RerunProtos

/// Counts unknown-field bytes in a decoded message and the submessages the SDK writes, to show our
/// .proto files cover everything in the official files.
enum UnknownFields {
    static func count(_ m: Proto.StoreId) -> Int { m.unknownFields.data.count + m.applicationID.unknownFields.data.count }

    static func count(_ m: Proto.SetStoreInfo) -> Int {
        m.unknownFields.data.count + m.rowID.unknownFields.data.count + m.info.unknownFields.data.count
            + count(m.info.storeID) + m.info.storeSource.unknownFields.data.count
            + m.info.storeSource.extra.unknownFields.data.count + m.info.storeVersion.unknownFields.data.count
    }

    static func count(_ m: Proto.ArrowMsg) -> Int {
        m.unknownFields.data.count + count(m.storeID) + m.chunkID.unknownFields.data.count
    }

    static func count(_ m: Proto.BlueprintActivationCommand) -> Int {
        m.unknownFields.data.count + count(m.blueprintID)
    }

    static func count(_ m: Proto.RrdFooter) -> Int {
        m.manifests.reduce(m.unknownFields.data.count) { total, manifest in
            total + manifest.unknownFields.data.count + count(manifest.storeID)
                + manifest.sorbetSchema.unknownFields.data.count + manifest.data.unknownFields.data.count
        }
    }
}
