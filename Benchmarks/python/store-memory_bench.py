#!/usr/bin/env python
"""The official Rerun 0.41 ChunkStore's memory on the workload files, the counterpart of
Benchmarks/RerunBenchmarks/StoreMemoryBenchmark.swift (`Scripts/bench.sh store-memory`).

Per file: the payload (`RecordBatch.nbytes` of every chunk's `to_record_batch()`, as
store_payload.py) in one child process, and in another, fresh one the growth of the process RSS
across `rr.chunk.RrdReader(path).stream().collect()` while the store is alive. Reports
"<file> loaded: RSS / payload". The official store exposes no byte accounting or heap figure, so
RSS growth is the only comparable measure. It includes what the reader's allocator keeps of its
freed temporaries (the Swift side reads RSS after malloc_trim, in a process that decoded the file
once before): an upper bound of the official store's own memory. A fresh process is needed: after
a first pass over the file, the load reuses freed memory and the RSS growth means nothing."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from rrd_bench import DATA  # noqa: E402

FILES = ["w1l", "w2l", "w2c", "w3l", "w4l", "w4c", "w5l", "w6l"]


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def child(kind, path):
    import rerun as rr
    if kind == "payload":
        return sum(chunk.to_record_batch().nbytes for chunk in rr.chunk.RrdReader(path).stream().to_chunks())
    before = resident_bytes()
    store = rr.chunk.RrdReader(path).stream().collect()
    grown = resident_bytes() - before
    del store
    return grown


def run_child(kind, path):
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if len(sys.argv) == 4 and sys.argv[1] == "--child":
    print(json.dumps(child(sys.argv[2], sys.argv[3])))
    sys.exit(0)

only = os.environ.get("STORE_MEMORY_FILES")
for name in only.split(",") if only else FILES:
    path = DATA / f"{name}.rrd"
    if not path.exists():
        print(f"store-memory: {path} missing, skipped", file=sys.stderr)
        continue
    payload = run_child("payload", path)
    grown = run_child("load", path)
    print(json.dumps({"area": "store-memory", "case": f"{name} loaded: RSS / payload", "impl": "official",
                      "value": grown / payload, "unit": "x", "higher_is_better": False}), flush=True)
