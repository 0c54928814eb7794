extension Components.TextLogLevel {
    /// `CRITICAL`.
    public static let critical: Self = "CRITICAL"
    /// `ERROR`.
    public static let error: Self = "ERROR"
    /// `WARN`.
    public static let warn: Self = "WARN"
    /// `INFO`.
    public static let info: Self = "INFO"
    /// `DEBUG`.
    public static let debug: Self = "DEBUG"
    /// `TRACE`.
    public static let trace: Self = "TRACE"
}

extension Components.MediaType {
    /// `text/plain`.
    public static let plainText: Self = "text/plain"
    /// `text/markdown`.
    public static let markdown: Self = "text/markdown"
    /// `image/png`.
    public static let png: Self = "image/png"
    /// `image/jpeg`.
    public static let jpeg: Self = "image/jpeg"
    /// `model/gltf-binary`.
    public static let glb: Self = "model/gltf-binary"
    /// `model/gltf+json`.
    public static let gltf: Self = "model/gltf+json"
    /// `model/obj`.
    public static let obj: Self = "model/obj"
    /// `model/stl`.
    public static let stl: Self = "model/stl"
    /// `video/mp4`.
    public static let mp4: Self = "video/mp4"
}

extension TextLog {
    /// A log message with an optional level and color.
    @inlinable
    public init(_ text: String, level: Components.TextLogLevel? = nil, color: Components.Color? = nil) {
        self.init(text: Components.Text(text), level: level, color: color)
    }
}

extension TextDocument {
    /// A document with its text and, optionally, its media type (`.markdown`, `.plainText`).
    @inlinable
    public init(_ text: String, mediaType: Components.MediaType? = nil) {
        self.init(text: Components.Text(text), mediaType: mediaType)
    }
}

extension Scalars {
    /// One value (one series).
    @inlinable
    public init(_ value: Double) {
        self.init(scalars: Components.Scalar(value))
    }

    /// Several values, one per series.
    @inlinable
    public init(_ values: [Double]) {
        self.init(scalars: values.map { Components.Scalar($0) })
    }
}

extension Clear {
    /// Clears the entity (and, if `recursive`, its descendants).
    @inlinable
    public init(recursive: Bool) {
        self.init(isRecursive: Components.ClearIsRecursive(recursive))
    }

    /// Clears the entity only.
    public static let flat = Clear(recursive: false)
    /// Clears the entity and all of its descendants.
    public static let recursive = Clear(recursive: true)
}

extension Components.GraphEdge {
    /// An edge between two node ids.
    @inlinable
    public init(_ first: String, _ second: String) { self.init(first: first, second: second) }
}
