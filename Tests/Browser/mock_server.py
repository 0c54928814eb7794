#!/usr/bin/env python3
"""A tiny stand-in for `rerun-swift serve`: serves Viewer/ and speaks viewer protocol v1
(Docs/viewer-protocol.md) for a canned scene. For developing the viewer without the Swift server;
the browser tests run against the real server.

Usage: mock_server.py [--port N] [--port-file PATH]
"""
import argparse, base64, hashlib, json, math, os, socket, struct, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VIEWER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Viewer")
FRAMES = 10
REC = "mock-recording"


def pad8(n):
    return (n + 7) & ~7


def encode_frame(msg, buffers=()):
    payload, ranges = b"", []
    for b in buffers:
        ranges.append([len(payload), len(b)])
        payload += b + b"\0" * (pad8(len(b)) - len(b))
    if buffers:
        msg = dict(msg, buffers=ranges)
    js = json.dumps(msg).encode()
    head = struct.pack("<I", len(js)) + js
    if payload:
        head += b"\0" * (pad8(len(head)) - len(head))
    return head + payload


def decode_frame(data):
    n = struct.unpack_from("<I", data, 0)[0]
    return json.loads(data[4:4 + n])


def points_at(t):
    return [(math.cos(i + t * 0.3) * 2, math.sin(i + t * 0.3) * 2, i * 0.2) for i in range(10)]


def image_at(t):
    w, h = 8, 6
    out = bytearray()
    for y in range(h):
        for x in range(w):
            out += bytes((255, 0, 0)) if x < w // 2 else (bytes((0, 255, 0)) if t >= 5 else bytes((0, 0, 255)))
    return bytes(out)


TREE = [
    {"path": "/logs", "static": False, "components": [{"component": "TextLog:text", "archetype": "rerun.archetypes.TextLog", "field": "text", "type": "utf8", "rows": FRAMES}, {"component": "TextLog:level", "archetype": "rerun.archetypes.TextLog", "field": "level", "type": "utf8", "rows": FRAMES}]},
    {"path": "/signals/sin", "static": False, "components": [{"component": "Scalars:scalars", "archetype": "rerun.archetypes.Scalars", "field": "scalars", "type": "float64", "rows": FRAMES}]},
    {"path": "/world/camera", "static": True, "components": [{"component": "Pinhole:image_from_camera", "archetype": "rerun.archetypes.Pinhole", "field": "image_from_camera", "type": "FixedSizeList<float32!, 9>", "rows": 1}, {"component": "Pinhole:resolution", "archetype": "rerun.archetypes.Pinhole", "field": "resolution", "type": "FixedSizeList<float32!, 2>", "rows": 1}]},
    {"path": "/world/camera/image", "static": False, "components": [{"component": "Image:buffer", "archetype": "rerun.archetypes.Image", "field": "buffer", "type": "List<uint8!>", "rows": FRAMES}, {"component": "Image:format", "archetype": "rerun.archetypes.Image", "field": "format", "type": "Struct{...}", "rows": FRAMES}]},
    {"path": "/world/points", "static": False, "components": [{"component": "Points3D:positions", "archetype": "rerun.archetypes.Points3D", "field": "positions", "type": "FixedSizeList<float32!, 3>", "rows": FRAMES}, {"component": "Points3D:colors", "archetype": "rerun.archetypes.Points3D", "field": "colors", "type": "uint32", "rows": 1}]},
]


def cells_for(path, t):
    """(cells, buffers) for an entity at frame t (t clamped)."""
    t = max(0, min(FRAMES - 1, int(t)))
    key = lambda comp, row: f"{'%032x' % (hash(path) & (2**128 - 1))}:{row}:{comp}"
    cells, bufs = [], []

    def num(comp, dtype, width, count, raw, row, offsets=None, static=False):
        c = {"component": comp, "key": key(comp, row), "row_id": "%032x" % row, "time": None if static else row, "dtype": dtype, "width": width, "count": count, "buffer": len(bufs)}
        bufs.append(raw)
        if offsets is not None:
            c["offsets"] = len(bufs)
            bufs.append(struct.pack(f"<{len(offsets)}I", *offsets))
        if static:
            c["static"] = True
        cells.append(c)

    if path == "/world/points":
        pts = points_at(t)
        num("Points3D:colors", "u32", 1, 1, struct.pack("<I", 0xFF8000FF), 0, static=True)
        num("Points3D:positions", "f32", 3, 10, struct.pack("<30f", *[c for p in pts for c in p]), t)
    elif path == "/world/camera":
        num("Pinhole:image_from_camera", "f32", 9, 1, struct.pack("<9f", 8, 0, 0, 0, 8, 0, 4, 3, 1), 0, static=True)
        num("Pinhole:resolution", "f32", 2, 1, struct.pack("<2f", 8, 6), 0, static=True)
    elif path == "/world/camera/image":
        img = image_at(t)
        num("Image:buffer", "u8", 1, 1, img, t, offsets=[0, len(img)])
        cells.append({"component": "Image:format", "key": key("Image:format", t), "row_id": "%032x" % t, "time": t, "json": [{"width": 8, "height": 6, "pixel_format": None, "color_model": 2, "channel_datatype": 6}]})
    elif path == "/signals/sin":
        num("Scalars:scalars", "f64", 1, 1, struct.pack("<d", math.sin(t)), t)
    elif path == "/logs":
        cells.append({"component": "TextLog:text", "key": key("TextLog:text", t), "row_id": "%032x" % t, "time": t, "strings": [f"message {t}"]})
    return cells, bufs


def log_rows(at, levels=None, search=None):
    rows = []
    for t in range(FRAMES):
        if t > at:
            break
        lv = ["INFO", "WARN", "ERROR"][t % 3]
        text = f"message {t} <b>not bold</b>"
        if levels and lv.lower() not in [l.lower() for l in levels]:
            continue
        if search and search.lower() not in text.lower():
            continue
        rows.append({"entity": "/logs", "time": t, "row_id": "%032x" % t, "level": lv, "text": text})
    return rows


def answer(msg):
    typ, rid = msg.get("type"), msg.get("id")
    if typ == "hello":
        return [({"type": "welcome", "re": rid, "server": "mock", "protocol": 1}, []), ({"type": "recordings", "list": [{"id": REC, "application_id": "mock", "kind": "recording", "chunks": 5, "rows": 50, "bytes": 1000}]}, [])]
    if typ == "open":
        return [({"type": "opened", "re": rid, "recording": REC}, []),
                ({"type": "tree", "recording": REC, "entities": TREE}, []),
                ({"type": "timelines", "recording": REC, "list": [{"name": "frame", "kind": "sequence", "min": 0, "max": FRAMES - 1}]}, []),
                ({"type": "density", "recording": REC, "timeline": "frame", "from": 0, "to": FRAMES - 1, "buckets": FRAMES, "entities": {e["path"]: [1] * FRAMES for e in TREE if e["path"] != "/world/camera"}}, [])]
    if typ == "latest_at":
        have = set(msg.get("have") or [])
        ents, allbufs = [], []
        for p in msg.get("entities", []):
            cells, bufs = cells_for(p, msg.get("time") or 0)
            out = []
            for c in cells:
                if c["key"] in have:
                    out.append({k: c[k] for k in ("component", "key", "row_id", "time")} | {"same": True})
                    continue
                for f in ("buffer", "offsets"):
                    if f in c:
                        allbufs.append(bufs[c[f]])
                        c[f] = len(allbufs) - 1
                out.append(c)
            ents.append({"path": p, "components": out})
        return [({"type": "latest_at_result", "re": rid, "timeline": msg.get("timeline"), "time": msg.get("time"), "entities": ents}, allbufs)]
    if typ == "plot":
        series, bufs = [], []
        for s in msg.get("series", []):
            times = [t for t in range(FRAMES) if msg["from"] <= t <= msg["to"]]
            bufs += [struct.pack(f"<{len(times)}q", *times), struct.pack(f"<{len(times)}d", *[math.sin(t) for t in times])]
            series.append({"entity": s["entity"], "component": "Scalars:scalars", "instance": 0, "samples": len(times), "count": len(times), "times": len(bufs) - 2, "values": len(bufs) - 1})
        return [({"type": "plot_result", "re": rid, "series": series}, bufs)]
    if typ == "text_log":
        rows = log_rows(msg.get("at", 0), msg.get("levels"), msg.get("search"))
        lim = msg.get("limit", 100)
        return [({"type": "text_log_result", "re": rid, "total": len(rows), "offset": 0, "rows": rows[-lim:]}, [])]
    if typ == "dataframe":
        rows = [[t, math.sin(t)] for t in range(FRAMES)]
        off, lim = msg.get("offset", 0), msg.get("limit", 100)
        return [({"type": "dataframe_result", "re": rid, "total": len(rows), "offset": off, "columns": [{"name": "frame", "type": "int64"}, {"name": "/signals/sin:Scalars:scalars", "type": "List<float64>"}], "rows": rows[off:off + lim]}, [])]
    return [({"type": "error", "re": rid, "code": "unknown_type", "message": f"unknown type {typ}"}, [])]


def ws_send(sock, data):
    n = len(data)
    head = bytes([0x82]) + (bytes([n]) if n < 126 else (bytes([126]) + struct.pack(">H", n) if n < 65536 else bytes([127]) + struct.pack(">Q", n)))
    sock.sendall(head + data)


def ws_recv(f):
    h = f.read(2)
    if len(h) < 2:
        return None, None
    op, n = h[0] & 15, h[1] & 127
    if n == 126:
        n = struct.unpack(">H", f.read(2))[0]
    elif n == 127:
        n = struct.unpack(">Q", f.read(8))[0]
    mask = f.read(4) if h[1] & 128 else b"\0\0\0\0"
    data = bytearray(f.read(n))
    for i in range(n):
        data[i] ^= mask[i % 4]
    return op, bytes(data)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/ws":
            key = self.headers["Sec-WebSocket-Key"]
            acc = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", acc)
            self.end_headers()
            self.wfile.flush()
            while True:
                op, data = ws_recv(self.rfile)
                if op is None or op == 8:
                    return
                if op == 2:
                    for m, b in answer(decode_frame(data)):
                        ws_send(self.connection, encode_frame(m, b))
            return
        if path == "/api/info":
            body = json.dumps({"server": "mock", "protocol": 1, "recordings": []}).encode()
            ctype = "application/json"
        else:
            rel = "index.html" if path == "/" else path.lstrip("/")
            full = os.path.realpath(os.path.join(VIEWER, rel))
            if not full.startswith(os.path.realpath(VIEWER)) or not os.path.isfile(full):
                self.send_error(404)
                return
            body = open(full, "rb").read()
            ctype = {"js": "text/javascript", "css": "text/css", "html": "text/html"}.get(full.rsplit(".", 1)[-1], "application/octet-stream")
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    a = ap.parse_args()
    srv = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    port = srv.server_address[1]
    print(f"listening on http://127.0.0.1:{port}/", flush=True)
    if a.port_file:
        open(a.port_file, "w").write(str(port))
    srv.serve_forever()
