"""Viewer API latency on loopback: a WebSocket client (websocket-client) against `rerun-swift serve`.

Generates a recording with the official SDK (100 point entities x 1,000 frames x 10 points,
10 M scalar samples, 100,000 text-log rows), starts the server on it, waits until it is loaded,
then times request -> response round trips of the three cases the issue names (plus variants):
latest-at of 100 entities, a decimated 10 M-sample plot at 2,000 px, a page of 100 text-log rows.
Prints one JSON line per case with p50/p99/max in milliseconds.

Usage: .venv/bin/python Benchmarks/python/viewer_api_bench.py [--server .build/release/rerun-swift]
       [--samples 10000000] [--rounds 300] [--rrd existing.rrd]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

import numpy as np


def generate(path: str, samples: int, chunk_rows: int = 4096) -> None:
    """Scalars and text logs are sent in slices of `chunk_rows` rows (one chunk each), as a live
    stream batched by the SDK would arrive; a single huge chunk would make the plot trivially fast."""
    import rerun as rr

    rr.init("viewer_api_bench", recording_id="viewer-api-bench")
    rr.save(path)
    frames = 1000
    for e in range(100):
        pos = np.zeros((frames * 10, 3), dtype=np.float32)
        pos[:, 0] = np.repeat(np.arange(frames), 10)
        pos[:, 1] = np.tile(np.arange(10), frames)
        rr.send_columns(f"points/p{e}", indexes=[rr.TimeColumn("frame", sequence=np.arange(frames))],
                        columns=rr.Points3D.columns(positions=pos).partition([10] * frames))
    for start in range(0, samples, chunk_rows):
        t = np.arange(start, min(samples, start + chunk_rows))
        rr.send_columns("signal", indexes=[rr.TimeColumn("t", sequence=t)],
                        columns=rr.Scalars.columns(scalars=np.sin(t / 1000.0) + (t % 7) * 0.01))
    n = 100_000
    for start in range(0, n, chunk_rows):
        r = range(start, min(n, start + chunk_rows))
        rr.send_columns("log", indexes=[rr.TimeColumn("frame", sequence=np.array(r))],
                        columns=rr.TextLog.columns(text=[f"log line {i}: something happened" for i in r],
                                                   level=["WARN" if i % 10 == 0 else "INFO" for i in r]))
    rr.disconnect()


def frame(obj: dict) -> bytes:
    j = json.dumps(obj).encode()
    return struct.pack("<I", len(j)) + j


def parse(data: bytes) -> dict:
    (n,) = struct.unpack_from("<I", data, 0)
    return json.loads(data[4:4 + n])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", default=".build/release/rerun-swift")
    ap.add_argument("--samples", type=int, default=10_000_000)
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--rrd", default=None)
    ap.add_argument("--chunk-rows", type=int, default=4096, help="rows per scalar/text chunk when generating")
    args = ap.parse_args()
    import websocket  # websocket-client

    tmp = tempfile.mkdtemp(prefix="viewer-api-bench-")
    rrd = args.rrd or os.path.join(tmp, "bench.rrd")
    if not args.rrd:
        t0 = time.perf_counter()
        generate(rrd, args.samples, args.chunk_rows)
        print(f"# generated {rrd} ({os.path.getsize(rrd) / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    port_file = os.path.join(tmp, "ports.json")
    server = subprocess.Popen([args.server, "serve", rrd, "--grpc-port", "0", "--port-file", port_file],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while not os.path.exists(port_file):
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.1)
        port = json.load(open(port_file))["port"]
        # Loaded when the chunk count stops changing.
        last, stable = -1, 0
        while stable < 5 and time.time() < deadline:
            info = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/api/info"))
            chunks = sum(r["chunks"] for r in info["recordings"])
            stable = stable + 1 if chunks == last and chunks > 0 else 0
            last = chunks
            time.sleep(0.2)
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws", origin=f"http://127.0.0.1:{port}")
        next_id = [0]

        def ask(req: dict) -> dict:
            next_id[0] += 1
            req = dict(req, id=next_id[0])
            ws.send_binary(frame(req))
            while True:
                msg = parse(ws.recv())
                if msg.get("re") == next_id[0]:
                    if msg["type"] == "error":
                        raise SystemExit(f"error: {msg}")
                    return msg

        ask({"type": "hello", "protocol": 1})
        ask({"type": "open", "recording": None})
        entities = [f"/points/p{e}" for e in range(100)]
        rnd = random.Random(1)
        cases = [
            ("latest_at, 100 entities (no have)",
             lambda: {"type": "latest_at", "timeline": "frame", "time": rnd.randrange(1000), "entities": entities}),
            (f"plot, {args.samples // 1_000_000} M samples -> 2,000 px (full range)",
             lambda: {"type": "plot", "timeline": "t", "from": 0, "to": args.samples - 1, "width": 2000,
                      "series": [{"entity": "/signal"}]}),
            ("plot, random window >= 10% -> 2,000 px",
             lambda: (lambda a: {"type": "plot", "timeline": "t", "from": a,
                                 "to": a + args.samples // 10 + rnd.randrange(args.samples - a - args.samples // 10),
                                 "width": 2000, "series": [{"entity": "/signal"}]})(rnd.randrange(args.samples * 9 // 10))),
            ("text_log, page of 100 rows (100k rows)",
             lambda: {"type": "text_log", "timeline": "frame", "at": rnd.randrange(100_000),
                      "offset": rnd.randrange(1000), "limit": 100}),
        ]
        for name, make in cases:
            for _ in range(10):
                ask(make())
            times = []
            for _ in range(args.rounds):
                req = make()
                t0 = time.perf_counter()
                ask(req)
                times.append((time.perf_counter() - t0) * 1e3)
            times.sort()
            pick = lambda p: times[min(len(times) - 1, round((len(times) - 1) * p))]
            print(json.dumps({"case": name, "n": len(times), "p50_ms": round(pick(0.5), 3),
                              "p99_ms": round(pick(0.99), 3), "max_ms": round(times[-1], 3)}))
        ws.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
