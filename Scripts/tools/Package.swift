// swift-tools-version: 6.1
// Build-time tools for swift-rerun, kept out of the root package so that neither CI nor users
// compile them: the two protoc plugins that Scripts/generate.sh runs. Build with
//   swift build -c release --package-path Scripts/tools --scratch-path .build-tools \
//     --product protoc-gen-swift --product protoc-gen-grpc-swift-2
// (Scripts/generate.sh does this for you). The versions are pinned exactly so that the
// committed generated code is reproducible.
import PackageDescription

let package = Package(
    name: "swift-rerun-tools",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", exact: "2.4.1"),
    ],
    targets: []
)
