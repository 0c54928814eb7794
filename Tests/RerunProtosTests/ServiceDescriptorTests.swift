import RerunProtos
import Testing

/// The generated gRPC service has the method paths the official SDK calls (spec §3.1, §7).
@Suite struct ServiceDescriptorTests {
    @Test func messageProxyServiceMethods() {
        typealias Service = Proto.MessageProxyService
        #expect(Service.descriptor.fullyQualifiedService == "rerun.sdk_comms.v1alpha1.MessageProxyService")
        let methods = Service.Method.descriptors
        #expect(methods.map(\.fullyQualifiedMethod) == [
            "rerun.sdk_comms.v1alpha1.MessageProxyService/WriteMessages",
            "rerun.sdk_comms.v1alpha1.MessageProxyService/ReadMessages",
            "rerun.sdk_comms.v1alpha1.MessageProxyService/WriteTable",
            "rerun.sdk_comms.v1alpha1.MessageProxyService/ReadTables",
        ])
        #expect(Service.Method.WriteMessages.descriptor.type == .clientStreaming)
        #expect(Service.Method.ReadMessages.descriptor.type == .serverStreaming)
        #expect(Service.Method.WriteTable.descriptor.type == .unary)
        #expect(Service.Method.ReadTables.descriptor.type == .serverStreaming)
        #expect(Service.Method.WriteMessages.Input.self == Proto.WriteMessagesRequest.self)
        #expect(Service.Method.WriteMessages.Output.self == Proto.WriteMessagesResponse.self)
        #expect(Service.Method.ReadMessages.Output.self == Proto.ReadMessagesResponse.self)
    }

    @Test func protoMessageNames() {
        #expect(Proto.LogMsg.protoMessageName == "rerun.log_msg.v1alpha1.LogMsg")
        #expect(Proto.ArrowMsg.protoMessageName == "rerun.log_msg.v1alpha1.ArrowMsg")
        #expect(Proto.Tuid.protoMessageName == "rerun.common.v1alpha1.Tuid")
        #expect(Proto.WriteMessagesRequest.protoMessageName == "rerun.sdk_comms.v1alpha1.WriteMessagesRequest")
    }
}
