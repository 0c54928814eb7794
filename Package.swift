// swift-tools-version: 6.1
// swift-rerun: a Swift implementation of the Rerun 0.41 data stack. See ARCHITECTURE.md.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "swift-rerun",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "RerunArrow", targets: ["RerunArrow"]),
        .library(name: "RerunArrowIPC", targets: ["RerunArrowIPC"]),
        .library(name: "RerunLZ4", targets: ["RerunLZ4"]),
        .library(name: "RerunProtos", targets: ["RerunProtos"]),
        .library(name: "RerunModel", targets: ["RerunModel"]),
        .library(name: "RerunChunk", targets: ["RerunChunk"]),
        .library(name: "RerunRRD", targets: ["RerunRRD"]),
        .library(name: "RerunTypes", targets: ["RerunTypes"]),
        .library(name: "RerunStore", targets: ["RerunStore"]),
        .library(name: "RerunQuery", targets: ["RerunQuery"]),
        .library(name: "Rerun", targets: ["Rerun"]),
        .library(name: "RerunServer", targets: ["RerunServer"]),
        .executable(name: "rerun-swift", targets: ["rerun-swift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // Layer 0: formats and codecs.
        .target(name: "RerunArrow", swiftSettings: strict),
        .target(name: "RerunArrowIPC", dependencies: ["RerunArrow"], swiftSettings: strict),
        .target(name: "RerunLZ4", swiftSettings: strict),
        .target(
            name: "RerunProtos",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),

        // Layer 1: the shared vocabulary.
        .target(name: "RerunModel", dependencies: ["RerunArrow"], swiftSettings: strict),
        .target(name: "RerunChunk", dependencies: ["RerunArrow", "RerunModel"], swiftSettings: strict),
        // Generated from IDL/ by `swift run codegen` (Sources/RerunTypes/Generated is never hand-edited).
        .target(name: "RerunTypes", dependencies: ["RerunArrow", "RerunModel", "RerunChunk"], swiftSettings: strict),

        // Layer 2: the .rrd codec.
        .target(
            name: "RerunRRD",
            dependencies: [
                "RerunArrow", "RerunArrowIPC", "RerunLZ4", "RerunProtos", "RerunModel", "RerunChunk",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict),

        // Layer 2: the data layer.
        .target(
            name: "RerunStore",
            dependencies: [
                "RerunArrow", "RerunModel", "RerunChunk",
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: strict),
        .target(
            name: "RerunQuery",
            dependencies: ["RerunArrow", "RerunModel", "RerunChunk", "RerunStore"],
            swiftSettings: strict),

        // Layer 3: the logging SDK.
        .target(
            name: "Rerun",
            dependencies: [
                "RerunArrow", "RerunModel", "RerunChunk", "RerunRRD", "RerunProtos", "RerunTypes",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Layer 3: the server (recording hub, gRPC proxy, HTTP + WebSocket viewer API).
        .target(
            name: "RerunServer",
            dependencies: [
                "RerunArrow", "RerunArrowIPC", "RerunModel", "RerunChunk", "RerunRRD", "RerunProtos", "RerunTypes",
                "RerunStore", "RerunQuery", "RerunViewer",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOHPACK", package: "swift-nio-http2"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
        // Layer 4: the web viewer's files (plain ES modules) as resources; no Swift logic.
        .target(
            name: "RerunViewer", path: "Viewer",
            exclude: ["test", "package.json"],
            resources: [.copy("index.html"), .copy("src")],
            swiftSettings: strict),

        // Runnable examples (compiled in CI).
        .executableTarget(name: "example-point-cloud", dependencies: ["Rerun"], path: "Examples/PointCloud", swiftSettings: strict),
        .executableTarget(
            name: "example-time-series", dependencies: ["Rerun", "RerunArrow"], path: "Examples/TimeSeries", swiftSettings: strict),
        .executableTarget(name: "example-camera", dependencies: ["Rerun", "RerunDemo"], path: "Examples/Camera", swiftSettings: strict),
        .executableTarget(name: "example-robot-arm", dependencies: ["Rerun", "RerunDemo"], path: "Examples/RobotArm", swiftSettings: strict),
        .executableTarget(name: "example-text-logs", dependencies: ["Rerun"], path: "Examples/TextLogs", swiftSettings: strict),
        // The built-in synthetic scene of `rerun-swift demo` (robot arm, point cloud, camera, signals, logs).
        .target(name: "RerunDemo", dependencies: ["Rerun"], swiftSettings: strict),

        // The IDL → Swift + JS generator.
        .executableTarget(
            name: "codegen",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        // The command-line tool.
        .executableTarget(
            name: "rerun-swift",
            dependencies: [
                "RerunArrow", "RerunArrowIPC", "RerunLZ4", "RerunProtos", "RerunModel", "RerunChunk", "RerunRRD", "RerunStore", "RerunQuery",
                "RerunServer", "Rerun", "RerunDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Side-by-side benchmarks against the official implementation (run via Scripts/bench.sh).
        .executableTarget(
            name: "RerunBenchmarks",
            dependencies: [
                "RerunArrow", "RerunArrowIPC", "RerunLZ4", "RerunProtos", "RerunModel", "RerunChunk", "RerunRRD",
                "RerunStore", "RerunQuery", "Rerun",
            ],
            path: "Benchmarks/RerunBenchmarks",
            swiftSettings: strict),
        // Release latency of the viewer API's queries in process (Benchmarks/viewer-api.md).
        .executableTarget(
            name: "ViewerAPIBenchmark",
            dependencies: ["RerunArrow", "RerunModel", "RerunChunk", "RerunStore", "RerunQuery", "RerunServer"],
            path: "Benchmarks/ViewerAPIBench",
            swiftSettings: strict),

        // Test-only helpers: locating the Python oracle venv, fixtures, temporary files.
        .target(
            name: "RerunTestSupport", dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/RerunTestSupport", swiftSettings: strict),
        .testTarget(name: "RerunArrowTests", dependencies: ["RerunArrow", "RerunTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RerunArrowIPCTests", dependencies: ["RerunArrow", "RerunArrowIPC", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "RerunModelTests", dependencies: ["RerunModel", "RerunTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RerunChunkTests",
            dependencies: ["RerunChunk", "RerunModel", "RerunArrow", "RerunArrowIPC", "RerunLZ4", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RerunRRDTests",
            dependencies: ["RerunRRD", "RerunChunk", "RerunModel", "RerunArrow", "RerunLZ4", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RerunStoreTests",
            dependencies: ["RerunStore", "RerunChunk", "RerunModel", "RerunArrow", "RerunRRD", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RerunQueryTests",
            dependencies: ["RerunQuery", "RerunStore", "RerunChunk", "RerunModel", "RerunArrow", "RerunRRD", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RerunSDKTests",
            dependencies: [
                "Rerun", "RerunTypes", "RerunRRD", "RerunChunk", "RerunModel", "RerunArrow", "RerunProtos", "RerunTestSupport",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "RerunTypesTests",
            dependencies: ["RerunTypes", "RerunChunk", "RerunModel", "RerunArrow", "RerunArrowIPC", "RerunRRD", "RerunTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "RerunServerTests",
            dependencies: [
                "RerunServer", "Rerun", "RerunTypes", "RerunQuery", "RerunStore", "RerunRRD", "RerunChunk", "RerunModel",
                "RerunArrow", "RerunProtos", "RerunTestSupport",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .testTarget(name: "RerunLZ4Tests", dependencies: ["RerunLZ4", "RerunTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RerunProtosTests",
            dependencies: [
                "RerunProtos", "RerunTestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer entry points (Fuzz/<Name>/main.swift), only when building with Scripts/fuzz.sh,
// which sets RERUN_SWIFT_FUZZ=1 and passes -sanitize=fuzzer,address.
if Context.environment["RERUN_SWIFT_FUZZ"] == "1" {
    package.targets += [
        .executableTarget(name: "FuzzLZ4", dependencies: ["RerunLZ4"], path: "Fuzz/FuzzLZ4"),
        .executableTarget(name: "FuzzIPC", dependencies: ["RerunArrow", "RerunArrowIPC"], path: "Fuzz/FuzzIPC"),
        .executableTarget(name: "FuzzRRD", dependencies: ["RerunRRD", "RerunArrow", "RerunChunk", "RerunModel"], path: "Fuzz/FuzzRRD"),
    ]
}
