import Foundation
import RerunTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Writing a large stdin to a Python process that died early (a script error) raises SIGPIPE,
/// which would kill the whole test process without a message; ignore it so the failure surfaces
/// as the oracle's thrown error with Python's stderr.
func ignoreBrokenPipes() {
    _ = signal(SIGPIPE, SIG_IGN)
}

/// `Oracle.runPython` with broken pipes ignored.
func runOracle(_ script: String, arguments: [String] = [], input: Data? = nil) throws -> Data {
    ignoreBrokenPipes()
    return try Oracle.runPython(script, arguments: arguments, input: input)
}
