import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Answers the viewer's plain HTTP requests (the WebSocket upgrade is `ViewerWebSocket`):
/// `GET /` and static files, `GET /api/info`, `POST /api/upload`, CORS preflights. Every request
/// first passes `AccessPolicy` (host, token, and origin for uploads). See `Docs/viewer-protocol.md` §1.
struct ViewerHTTPResponder: Sendable {
    let hub: RecordingHub
    let files: StaticFiles
    let access: AccessPolicy
    let maxUploadBytes: Int
    let logger: Logger

    /// The Hummingbird responder closure around `respond(to:)`.
    var responder: HTTPChannelHandler.Responder {
        { request, writer, _ in
            let response = await self.respond(to: request)
            try await writer.write(response: response.head, body: response.body)
        }
    }

    func respond(to request: Request) async -> Response {
        let path = request.uri.path
        let query = request.uri.query
        if request.method == .options {
            return preflight(request)
        }
        let changesState = request.method != .get && request.method != .head
        switch access.check(request.head, query: query, originMatters: changesState) {
        case .allowed: break
        case .unauthorized(let why):
            var response = Self.json(.unauthorized, ["ok": false, "error": why])
            response.headers[.wwwAuthenticate] = "Bearer"
            return withCORS(response, request)
        case .forbidden(let why):
            return withCORS(Self.json(.forbidden, ["ok": false, "error": why]), request)
        }

        var response: Response
        switch (request.method, path) {
        case (.get, "/api/info"), (.head, "/api/info"):
            response = await info()
        case (.post, "/api/upload"):
            response = await upload(request)
        case (_, "/api/info"), (_, "/api/upload"):
            response = Self.json(.methodNotAllowed, ["ok": false, "error": "method \(request.method) not allowed on \(path)"])
        case (.get, "/ws"):
            response = Self.json(.upgradeRequired, ["ok": false, "error": "/ws is a WebSocket endpoint"])
        case (.get, _), (.head, _):
            response = staticFile(path)
        default:
            response = Self.json(.methodNotAllowed, ["ok": false, "error": "method \(request.method) not allowed"])
        }
        if let cookie = access.tokenCookie(forQuery: query) {
            response.headers[.setCookie] = cookie
        }
        return withCORS(response, request)
    }

    // MARK: Routes

    private func staticFile(_ path: String) -> Response {
        guard let file = files.file(forRawPath: path) else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "not found\n")))
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.contentType, .cacheControl: "no-cache", .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// `{"server","protocol","recordings"}`, each recording as in the viewer's `recordings` push.
    private func info() async -> Response {
        let info = ViewerJSON.object([
            ("server", .string("rerun-swift")), ("protocol", .int(ViewerConnection.protocolVersion)),
            ("recordings", .array(await hub.recordings().map { ViewerPushes.recording($0, rows: nil) })),
        ])
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: info.bytes)))
    }

    private func upload(_ request: Request) async -> Response {
        let name = request.uri.query.flatMap { AccessPolicy.queryValue("name", in: $0) } ?? "upload.rrd"
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxUploadBytes {
            return tooLarge(declared)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxUploadBytes)
        } catch is NIOTooManyBytesError {
            return tooLarge(nil)
        } catch {
            return Self.json(.badRequest, ["ok": false, "error": "reading the upload failed: \(error)"])
        }
        let before = Set(await hub.recordings().map(\.id))
        do {
            try await hub.load(bytes: Array(buffer: body), name: name)
        } catch {
            logger.warning("upload \(name): \(error)")
            return Self.json(.badRequest, ["ok": false, "error": "\(error)"])
        }
        let added = await hub.recordings().map(\.id).filter { !before.contains($0) }.map(\.description)
        logger.info("upload \(name): \(body.readableBytes) bytes loaded")
        return Self.json(.ok, ["ok": true, "recordings": added])
    }

    private func tooLarge(_ declared: Int?) -> Response {
        let size = declared.map { "\($0) bytes" } ?? "the upload"
        return Self.json(.contentTooLarge, ["ok": false, "error": "\(size) exceeds the upload limit of \(maxUploadBytes) bytes"])
    }

    // MARK: CORS

    /// Answers a CORS preflight: allowed origins get the methods and headers the viewer uses;
    /// others get 403 without CORS headers (so the browser refuses the real request).
    private func preflight(_ request: Request) -> Response {
        let host = request.head.authority
        guard let origin = request.headers[.origin], access.isAllowed(origin: origin, host: host) else {
            return Response(status: .forbidden)
        }
        return Response(
            status: .noContent,
            headers: [
                .accessControlAllowOrigin: origin, .accessControlAllowMethods: "GET, HEAD, POST, OPTIONS",
                .accessControlAllowHeaders: "Authorization, Content-Type", .accessControlMaxAge: "600",
                .vary: "Origin",
            ])
    }

    /// Adds `Access-Control-Allow-Origin` when the request comes from an allowed origin.
    private func withCORS(_ response: Response, _ request: Request) -> Response {
        let host = request.head.authority
        guard let origin = request.headers[.origin], access.isAllowed(origin: origin, host: host) else { return response }
        var response = response
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.vary] = "Origin"
        return response
    }

    // MARK: JSON

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
