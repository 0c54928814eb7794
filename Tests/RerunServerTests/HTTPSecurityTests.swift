import Foundation
import GRPCCore
import NIOCore
import RerunModel
import RerunProtos
import RerunRRD
@testable import RerunServer
import RerunTestSupport
import Testing

// Token, origins, static-file confinement, upload and message limits.
@Suite(.timeLimit(.minutes(3)))
struct HTTPSecurityTests {
    // MARK: Token

    @Test func tokenIsRequiredEverywhereWhenSet() async throws {
        let server = try await MuxServer.start({ $0.token = "s3cret-T0ken" }, session: ViewerWebSocket.echo)
        let port = server.port
        let messages = try protos(makeMessages(application: "tok", recording: "tok_rec", count: 3, blobBytes: 10))

        // Without the token.
        #expect(try await RawHTTP.send(port: port, target: "/").status == 401)
        let info = try await RawHTTP.send(port: port, target: "/api/info")
        #expect(info.status == 401)
        #expect(info.headers["www-authenticate"] == "Bearer")
        #expect(try await RawHTTP.send(port: port, target: "/api/info?token=wrong").status == 401)
        #expect(try await RawHTTP.send(port: port, target: "/api/info", headers: ["Authorization": "Bearer s3cret-T0ke"]).status == 401)
        let refused = try await RawWebSocket.with(port: port) { _ in true }
        guard case .failure(let refusal) = refused else { Issue.record("WebSocket without token was upgraded"); return }
        #expect(refusal.response.status == 401)
        #expect(refusal.response.text.contains("token"))
        let grpcError = try await TokenProxyClient.write(port: port, token: nil, messages)
        #expect(grpcError?.code == .unauthenticated)
        #expect(try await TokenProxyClient.write(port: port, token: "nope", messages)?.code == .unauthenticated)
        #expect(await server.hub.recordings().isEmpty)

        // With it: header, query (which also sets the cookie), cookie.
        #expect(try await RawHTTP.send(port: port, target: "/api/info", headers: ["Authorization": "Bearer s3cret-T0ken"]).status == 200)
        let page = try await RawHTTP.send(port: port, target: "/?token=s3cret-T0ken")
        #expect(page.status == 200)
        let cookie = try #require(page.headers["set-cookie"])
        #expect(cookie.hasPrefix("rerun_token=s3cret-T0ken;"))
        #expect(cookie.contains("HttpOnly"))
        #expect(try await RawHTTP.send(port: port, target: "/api/info", headers: ["Cookie": "a=b; rerun_token=s3cret-T0ken"]).status == 200)
        let upgraded = try await RawWebSocket.with(port: port, target: "/ws?token=s3cret-T0ken") { socket -> [UInt8]? in
            try await socket.send(binary: [42])
            return try await socket.receive()?.payload
        }
        #expect(try upgraded.get() == [42])
        #expect(try await TokenProxyClient.write(port: port, token: "s3cret-T0ken", messages) == nil)
        try await waitUntil(timeout: .seconds(10), "data with the token") { await !server.hub.recordings().isEmpty }
        try await server.stop()
    }

    // MARK: Static files

    @Test func staticFilesCannotEscapeTheirDirectory() async throws {
        let base = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("web")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src/sub"), withIntermediateDirectories: true)
        try Data("<html>root</html>".utf8).write(to: root.appendingPathComponent("index.html"))
        try Data("export const a = 1;".utf8).write(to: root.appendingPathComponent("src/a.js"))
        try Data("body {}".utf8).write(to: root.appendingPathComponent("src/sub/s.css"))
        try Data("hidden".utf8).write(to: root.appendingPathComponent(".env"))
        try Data("SECRET".utf8).write(to: base.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("src/out.txt"), withDestinationURL: base.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("up"), withDestinationURL: base)

        let server = try await MuxServer.start { $0.webRoot = root }
        let port = server.port
        let js = try await RawHTTP.send(port: port, target: "/src/a.js")
        #expect(js.status == 200)
        #expect(js.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(js.headers["x-content-type-options"] == "nosniff")
        #expect(try await RawHTTP.send(port: port, target: "/src/sub/s.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(try await RawHTTP.send(port: port, target: "/").text == "<html>root</html>")
        #expect(try await RawHTTP.send(port: port, target: "/src/%61.js").status == 200, "percent-decoded once")

        let attacks = [
            "/../secret.txt", "/../Package.swift", "/src/../../secret.txt", "/src/../index.html", "/%2e%2e/secret.txt",
            "/%2e%2e%2fsecret.txt", "/src/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt", "//etc/passwd", "/etc/passwd",
            "/src//a.js", "/src/a.js%00.html", "/index.html%00", "/src/./a.js", "/.env", "/src/out.txt",
            "/up/secret.txt", "/src/", "/src", "/%252e%252e/secret.txt", "/..\\secret.txt", "/src\\a.js", "/%ZZ",
            "/api/../../secret.txt",
        ]
        for target in attacks {
            let response = try await RawHTTP.send(port: port, target: target)
            #expect(response.status == 404 || response.status == 400, "\(target) → \(response.status)")
            #expect(!response.text.contains("SECRET"), "\(target) leaked the secret")
            #expect(!response.text.contains("hidden"), "\(target) leaked a hidden file")
        }
        // An absolute-form target is not a path on this server either.
        #expect(try await RawHTTP.send(port: port, target: "http://127.0.0.1/../secret.txt").text.contains("SECRET") == false)
        try await server.stop()
    }

    @Test func pathResolutionRejectsTraversalWithoutTheNetwork() throws {
        let base = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        try Data("x".utf8).write(to: base.appendingPathComponent("index.html"))
        let files = StaticFiles(root: base)
        #expect(files.resolve(rawPath: "/") != nil)
        #expect(files.resolve(rawPath: "/index.html") != nil)
        for path in ["", "index.html", "/../index.html", "/%2e%2e/index.html", "/a/../index.html", "/%00", "//index.html"] {
            #expect(files.resolve(rawPath: path) == nil, "\(path)")
        }
        #expect(StaticFiles.contentType(forExtension: "js") == "text/javascript; charset=utf-8")
        #expect(StaticFiles.contentType(forExtension: "mjs") == "text/javascript; charset=utf-8")
        #expect(StaticFiles.contentType(forExtension: "wasm") == "application/wasm")
    }

    @Test func builtInViewerIsServed() async throws {
        let server = try await MuxServer.start()
        let page = try await RawHTTP.send(port: server.port, target: "/")
        #expect(page.status == 200)
        #expect(page.text.lowercased().contains("<html"))
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        try await server.stop()
    }

    // MARK: Origins and hosts

    @Test func webSocketOriginsAndHostsAreChecked() async throws {
        let server = try await MuxServer.start { $0.origins.origins = ["https://viewer.example.com"] }
        let port = server.port
        func upgrade(_ headers: [String: String]) async throws -> Int {
            let result = try await RawWebSocket.with(port: port, headers: headers) { _ in 101 }
            switch result {
            case .success(let status): return status
            case .failure(let refusal): return refusal.response.status
            }
        }
        #expect(try await upgrade(["Origin": "http://evil.example"]) == 403)
        #expect(try await upgrade(["Origin": "http://localhost.evil.example:9876"]) == 403)
        #expect(try await upgrade(["Origin": "null"]) == 403)
        #expect(try await upgrade(["Origin": "http://localhost:5173"]) == 101)
        #expect(try await upgrade(["Origin": "http://127.0.0.1:\(port)"]) == 101)
        #expect(try await upgrade(["Origin": "http://[::1]:8000"]) == 101)
        #expect(try await upgrade(["Origin": "https://viewer.example.com"]) == 101)
        #expect(try await upgrade([:]) == 101, "non-browser clients send no Origin")
        // DNS rebinding: a loopback-bound server only answers loopback host names.
        #expect(try await upgrade(["Host": "rebind.evil.example:\(port)", "Origin": "http://rebind.evil.example:\(port)"]) == 403)
        #expect(try await RawHTTP.send(port: port, target: "/api/info", headers: ["Host": "rebind.evil.example"]).status == 403)
        #expect(try await RawHTTP.send(port: port, target: "/api/info", headers: ["Host": "localhost:\(port)"]).status == 200)
        // Another path is not a WebSocket endpoint.
        let other = try await RawWebSocket.with(port: port, target: "/api/info") { _ in 0 }
        if case .failure(let refusal) = other { #expect(refusal.response.status == 404) } else { Issue.record("upgraded /api/info") }
        #expect(server.log.messages.contains { $0.text.contains("refused a WebSocket upgrade") && $0.text.contains("evil.example") })
        try await server.stop()
    }

    @Test func corsPreflightAnswersAllowedOriginsOnly() async throws {
        let server = try await MuxServer.start()
        let port = server.port
        let allowed = try await RawHTTP.send(
            port: port, method: "OPTIONS", target: "/api/upload",
            headers: ["Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"])
        #expect(allowed.status == 204)
        #expect(allowed.headers["access-control-allow-origin"] == "http://localhost:3000")
        #expect(allowed.headers["access-control-allow-methods"]?.contains("POST") == true)
        let denied = try await RawHTTP.send(
            port: port, method: "OPTIONS", target: "/api/upload",
            headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "POST"])
        #expect(denied.status == 403)
        #expect(denied.headers["access-control-allow-origin"] == nil)
        // Simple requests: allowed origins get the header; a cross-site POST is refused outright.
        let info = try await RawHTTP.send(port: port, target: "/api/info", headers: ["Origin": "http://127.0.0.1:8080"])
        #expect(info.headers["access-control-allow-origin"] == "http://127.0.0.1:8080")
        let foreign = try await RawHTTP.send(port: port, target: "/api/info", headers: ["Origin": "https://evil.example"])
        #expect(foreign.headers["access-control-allow-origin"] == nil)
        let post = try await RawHTTP.send(
            port: port, method: "POST", target: "/api/upload", headers: ["Origin": "https://evil.example"], body: [1, 2, 3])
        #expect(post.status == 403)
        try await server.stop()
    }

    // MARK: Upload

    @Test func uploadLoadsRecordingsAndEnforcesItsLimit() async throws {
        var encoder = RRDEncoder()
        var bytes: [UInt8] = []
        for message in try makeMessages(application: "up", recording: "up_rec", count: 10, blobBytes: 500) {
            bytes += try encoder.encode(message)
        }
        bytes += try encoder.finish()
        let server = try await MuxServer.start { $0.limits.maxUploadBytes = bytes.count + 10 }
        let port = server.port

        let loaded = try await RawHTTP.send(port: port, method: "POST", target: "/api/upload?name=f.rrd", body: bytes)
        #expect(loaded.status == 200, "\(loaded.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(loaded.body)) as? [String: Any])
        #expect(json["ok"] as? Bool == true)
        #expect((json["recordings"] as? [String])?.isEmpty == false)
        #expect(await !server.hub.recordings().isEmpty)

        let tooLarge = try await RawHTTP.send(
            port: port, method: "POST", target: "/api/upload", body: [UInt8](repeating: 7, count: bytes.count + 11))
        #expect(tooLarge.status == 413)
        #expect(tooLarge.text.contains("exceeds the upload limit"))

        let garbage = try await RawHTTP.send(port: port, method: "POST", target: "/api/upload", body: Array("not an rrd file".utf8))
        #expect(garbage.status == 400)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(garbage.body)) as? [String: Any])
        #expect(error["ok"] as? Bool == false)
        #expect((error["error"] as? String)?.isEmpty == false)

        #expect(try await RawHTTP.send(port: port, method: "GET", target: "/api/upload").status == 405)
        #expect(try await RawHTTP.send(port: port, target: "/api/info").status == 200, "still serving")
        try await server.stop()
    }

    // MARK: Limits

    @Test func oversizedGRPCMessageIsRefusedAndTheServerKeepsServing() async throws {
        let server = try await MuxServer.start { $0.limits.maxGRPCMessageBytes = 64 << 10 }
        let port = server.port
        let big = try protos(makeMessages(application: "big", recording: "big_rec", count: 1, blobBytes: 200_000))
        let error = try await TokenProxyClient.write(port: port, token: nil, big)
        #expect(error?.code == .resourceExhausted, "\(String(describing: error))")
        #expect(error?.message.contains("exceeds the server's limit of 65536 bytes") == true, "\(String(describing: error))")
        #expect(server.log.problems(containing: "exceeds the server's limit").count == 1)
        let small = try protos(makeMessages(application: "small", recording: "small_rec", count: 3, blobBytes: 100))
        #expect(try await TokenProxyClient.write(port: port, token: nil, small) == nil)
        try await waitUntil(timeout: .seconds(10), "the small recording") {
            await server.hub.recordings().contains { $0.id.recordingID == "small_rec" }
        }
        #expect(try await RawHTTP.send(port: port, target: "/api/info").status == 200)
        try await server.stop()
    }

    @Test func connectionsBeyondTheLimitAreRefused() async throws {
        let server = try await MuxServer.start { $0.limits.maxConnections = 2 }
        let port = server.port
        // Two HTTP connections that started a request and wait.
        let holders = try await [RawConnection.open(port: port), RawConnection.open(port: port)]
        for holder in holders { try await holder.channel.channel.writeAndFlush(ByteBuffer(string: "GET / HTTP/1.1\r\n")).get() }
        try await Task.sleep(for: .milliseconds(200))
        let refused = try await RawHTTP.send(port: port, target: "/api/info")
        #expect(refused.status == 503)
        for holder in holders { try await holder.channel.channel.close() }
        try await waitUntil(timeout: .seconds(10), "a place frees up") {
            (try? await RawHTTP.send(port: port, target: "/api/info").status) == 200
        }
        #expect(server.log.problems(containing: "connections are open").count >= 1)
        try await server.stop()
    }

    @Test func silentConnectionsAreClosedAfterTheHandshakeTimeout() async throws {
        let server = try await MuxServer.start { $0.limits.handshakeTimeout = .milliseconds(300) }
        let connection = try await RawConnection.open(port: server.port)
        let closed = try await withDeadline(.seconds(10), "the silent connection closes") {
            try await connection.channel.executeThenClose { inbound, _ in
                for try await _ in inbound {}
                return true
            }
        }
        #expect(closed)
        try await server.stop()
    }

    // MARK: Policy unit checks

    @Test func accessPolicyHelpers() {
        #expect(AccessPolicy.hostName(ofAuthority: "[::1]:9876") == "[::1]")
        #expect(AccessPolicy.hostName(ofAuthority: "Localhost:1") == "localhost")
        #expect(AccessPolicy.isLoopback(host: "127.0.0.1"))
        #expect(AccessPolicy.isLoopback(host: "0.0.0.0") == false)
        #expect(AccessPolicy.queryValue("token", in: "a=1&token=x%20y") == "x y")
        #expect(AccessPolicy.constantTimeEquals("abc", "abc"))
        #expect(AccessPolicy.constantTimeEquals("abc", "abd") == false)
        let open = AccessPolicy(token: nil, origins: .init(), bindAddress: "0.0.0.0")
        #expect(open.loopbackOnly == false)
        #expect(open.isAllowed(origin: "http://robot.local:9876", host: "robot.local:9876"), "same origin")
        #expect(open.isAllowed(origin: "http://robot.local:9090", host: "robot.local:9876") == false)
        #expect(open.isAllowed(origin: "file://", host: nil) == false)
    }
}
