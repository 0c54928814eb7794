import Foundation

/// The viewer's static files, served from one directory and nothing outside it.
///
/// A request path is percent-decoded once and then rejected (→ 404) if it holds a NUL, a
/// backslash, an empty segment (`//`), a `.` or `..` segment, or a segment starting with `.`
/// (hidden files). The file found is then resolved through symlinks and must still lie inside
/// the root, and be a regular file.
struct StaticFiles: Sendable {
    /// The root directory, symlinks resolved.
    let root: URL

    init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// A file to send: its bytes and MIME type.
    struct File: Sendable {
        let bytes: Data
        let contentType: String
    }

    /// The file for a raw request path (as sent, before the `?`), or `nil` (→ 404).
    func file(forRawPath rawPath: String) -> File? {
        guard let url = resolve(rawPath: rawPath), let bytes = FileManager.default.contents(atPath: url.path) else {
            return nil
        }
        return File(bytes: bytes, contentType: Self.contentType(forExtension: url.pathExtension))
    }

    /// The file a raw request path names, if it is a regular file inside the root.
    func resolve(rawPath: String) -> URL? {
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding else { return nil }
        if decoded.contains("\0") || decoded.contains("\\") { return nil }
        var segments = decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if segments == [""] { segments = ["index.html"] }
        for segment in segments where segment.isEmpty || segment.hasPrefix(".") {
            return nil  // "", ".", "..", hidden files, "a//b", a trailing "/"
        }
        var url = root
        for segment in segments { url.appendPathComponent(segment) }
        let resolved = url.resolvingSymlinksInPath()
        guard resolved.path.hasPrefix(root.path + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        return resolved
    }

    /// The MIME type for a file extension (ES modules must be `text/javascript`).
    static func contentType(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "ico": "image/x-icon"
        case "wasm": "application/wasm"
        case "woff2": "font/woff2"
        case "txt", "md": "text/plain; charset=utf-8"
        case "glsl", "wgsl", "vert", "frag": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
