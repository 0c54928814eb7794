import Foundation

extension Rerun_LogMsg_V1alpha1_StoreSource {
    /// `kind = OTHER` with a UTF-8 description in `extra.payload`, e.g. `"rerun-swift 0.1.0"`:
    /// what a non-official SDK should write (spec §3.3).
    public static func other(_ description: String) -> Self {
        var source = Self()
        source.kind = .other
        source.extra.payload = Data(description.utf8)
        return source
    }

    /// `kind = PYTHON_SDK` with a serialized PythonVersion in `extra.payload`, as the official
    /// Python SDK writes it.
    public static func pythonSDK(_ version: Rerun_LogMsg_V1alpha1_PythonVersion) throws -> Self {
        var source = Self()
        source.kind = .pythonSdk
        source.extra.payload = try version.serializedData()
        return source
    }
}
