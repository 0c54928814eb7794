public import Rerun

/// The demo's entity hierarchy as a directed graph at `kinematics` (shown in a graph view):
/// - static `GraphNodes` with the ids and labels of `nodes` (no positions: the viewer lays them
///   out) and static directed `GraphEdges` parent → child (`edges`);
/// - every 50 frames (frames 0, 50, 100, …) the node colors: the moving joint
///   `movingJoints[(f / 50) % 4]` yellow (255, 210, 0), every other node gray-blue (110, 130, 160).
public struct KinematicGraph: Sendable {
    /// The graph's entity.
    public var path: String

    /// Node ids and labels, in instance order.
    public static let nodes: [(id: String, label: String)] = [
        ("world", "world"), ("robot", "robot base"), ("link1", "link 1"), ("link2", "link 2"),
        ("link3", "link 3"), ("gripper", "gripper"), ("camera", "camera"), ("image", "image"),
        ("terrain", "terrain"), ("trail", "trail"),
    ]

    /// Directed edges parent → child.
    public static let edges: [(String, String)] = [
        ("world", "robot"), ("robot", "link1"), ("link1", "link2"), ("link2", "link3"), ("link3", "gripper"),
        ("world", "camera"), ("camera", "image"), ("world", "terrain"), ("world", "trail"),
    ]

    /// The joints highlighted in turn.
    public static let movingJoints = ["link1", "link2", "link3", "gripper"]

    /// Frames between color changes.
    public static let period = 50

    /// A graph logged at `path`.
    public init(path: String = "kinematics") {
        self.path = path
    }

    /// Logs the nodes and edges (static).
    public func logStatic(to rec: RecordingStream) throws {
        try rec.log(path, GraphNodes(nodeIDs: Self.nodes.map { Components.GraphNode($0.id) },
                                     labels: Self.nodes.map { Components.Text($0.label) }), static: true)
        try rec.log(path, GraphEdges(edges: Self.edges.map { Components.GraphEdge(first: $0.0, second: $0.1) },
                                     graphType: Components.GraphType.directed), static: true)
    }

    /// Logs the node colors when `frame` starts a new period.
    public func log(to rec: RecordingStream, frame: Int) throws {
        guard frame % Self.period == 0 else { return }
        let moving = Self.movingJoints[(frame / Self.period) % Self.movingJoints.count]
        let colors = Self.nodes.map { $0.id == moving ? Components.Color(255, 210, 0) : Components.Color(110, 130, 160) }
        try rec.log(path, GraphNodes.updateFields(colors: colors))
    }
}
