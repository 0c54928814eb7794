extension Rerun_Common_V1alpha1_Tuid {
    /// A Tuid with both halves present.
    public init(timeNs: UInt64, inc: UInt64) {
        self.init()
        self.timeNs = timeNs
        self.inc = inc
    }
}

extension Rerun_Common_V1alpha1_StoreId {
    /// A full StoreId. Writers must always include the application id (spec §3.3).
    public init(kind: Rerun_Common_V1alpha1_StoreKind, recordingID: String, applicationID: String) {
        self.init()
        self.kind = kind
        self.recordingID = recordingID
        self.applicationID.id = applicationID
    }
}
