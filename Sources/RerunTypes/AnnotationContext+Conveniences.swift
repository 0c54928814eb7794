extension Datatypes.AnnotationInfo {
    /// The label and color of an id.
    @inlinable
    public init(id: UInt16, label: String? = nil, color: Components.Color) {
        self.init(id: id, label: label, color: color.rgba)
    }
}

extension Datatypes.KeypointPair {
    /// Two connected keypoints.
    @inlinable
    public init(_ keypoint0: UInt16, _ keypoint1: UInt16) { self.init(keypoint0: keypoint0, keypoint1: keypoint1) }
}

extension Datatypes.ClassDescription {
    /// A class with its id, label and color, and optionally its keypoints and their connections.
    public init(
        id: UInt16, label: String? = nil, color: Components.Color? = nil,
        keypoints: [Datatypes.AnnotationInfo] = [], connections: [Datatypes.KeypointPair] = []
    ) {
        self.init(info: Datatypes.AnnotationInfo(id: id, label: label, color: color?.rgba),
                  keypointAnnotations: keypoints, keypointConnections: connections)
    }
}

extension Components.AnnotationContext {
    /// A context from class descriptions, each under its own id (`info.id`).
    public init(_ classes: [Datatypes.ClassDescription]) {
        self.init(classMap: classes.map { Datatypes.ClassDescriptionMapElem(classId: $0.info.id, classDescription: $0) })
    }
}

extension AnnotationContext {
    /// A context from class descriptions, each under its own id (`info.id`).
    public init(_ classes: [Datatypes.ClassDescription]) {
        self.init(context: Components.AnnotationContext(classes))
    }
}
