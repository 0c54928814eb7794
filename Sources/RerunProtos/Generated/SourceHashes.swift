// DO NOT EDIT. Written by Scripts/generate.sh; Scripts/check-generated.sh compares it in CI.
// Generators: libprotoc 3.21.12, protoc-gen-swift 1.39.0, protoc-gen-grpc-swift-2 2.4.1.
// sha256 of the .proto inputs and the generated outputs:
// 6a0dc47280e2bdfb61cb5ddaee94c3a85f6995fb0facaf8567954e896eb2feff  Protos/rerun/v1alpha1/common.proto
// b7246ea0b6edcc8120144cef15ae9bd95188c4fb5b65e5af83d9cc28b6dbeae4  Protos/rerun/v1alpha1/log_msg.proto
// 82d38c182c72c726b24438d70d37cc2ca6ff24e5bb445f559beda803328b54d3  Protos/rerun/v1alpha1/sdk_comms.proto
// d42fda78c260113d87bc2f5f0d97cc1f6119710307f364fa4e620efac9db72f4  Sources/RerunProtos/Generated/rerun_v1alpha1_common.pb.swift
// 4b806572152261afe9896001b486c5f9e3d908788fed3caf1b11ec1bd9dc459a  Sources/RerunProtos/Generated/rerun_v1alpha1_log_msg.pb.swift
// 24520caa439d5107e4c1f3aff70b9ca0ca930c76114160b8415e1da78adf59ed  Sources/RerunProtos/Generated/rerun_v1alpha1_sdk_comms.grpc.swift
// a10f1af15c25d994fb454a9bdf8b21dfb209d9fd16fdf97b9dfe1e1446118984  Sources/RerunProtos/Generated/rerun_v1alpha1_sdk_comms.pb.swift
