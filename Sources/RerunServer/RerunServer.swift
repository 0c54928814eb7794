// The rerun-swift server: RecordingHub, gRPC MessageProxyService, HTTP + WebSocket viewer API.
internal import Hummingbird
internal import HummingbirdWebSocket
