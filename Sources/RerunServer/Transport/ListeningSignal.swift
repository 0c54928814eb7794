import Synchronization

/// A one-shot signal: the server's bound ports, or why it never listened.
final class ListeningSignal: Sendable {
    private enum State {
        case waiting
        case listening(RerunServerApp.ListeningPorts)
        case failed(any Error)
    }

    private let state = Mutex<State>(.waiting)

    /// The ports, once listening.
    var ports: RerunServerApp.ListeningPorts? {
        state.withLock { if case .listening(let ports) = $0 { ports } else { nil } }
    }

    func succeed(_ ports: RerunServerApp.ListeningPorts) {
        state.withLock { if case .waiting = $0 { $0 = .listening(ports) } }
    }

    /// Records why the server stopped, unless it was listening already.
    func fail(_ error: any Error) {
        state.withLock { if case .waiting = $0 { $0 = .failed(error) } }
    }

    /// Polls every 5 ms (start-up takes milliseconds; this is not a hot path) until the server
    /// listens, fails, or `timeout` passes.
    func wait(timeout: Duration) async throws -> RerunServerApp.ListeningPorts {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch state.withLock({ $0 }) {
            case .listening(let ports): return ports
            case .failed(let error): throw error
            case .waiting: break
            }
            guard ContinuousClock.now < deadline else {
                throw RerunServerApp.StartError(description: "the server was not listening after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
