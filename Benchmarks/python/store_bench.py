#!/usr/bin/env python
"""The official Rerun 0.41 data layer on the workload files, as in ../shared/bench/query.py:
load = rr.chunk.RrdReader(path).stream().collect(); latest-at and range through rr.server.Server
+ the dataset reader (DataFusion) — the 0.41 query path. Same cases as StoreBenchmark.swift.
Prints one JSON line per case and figure (median of warm repeats).

The files without a query (w1l, w3c, w4c, w5l, w6l) are only loaded; `--prepare` generates them
when missing (Benchmarks/workloads/*.py, official SDK). STORE_BENCH_FILES=w2c,w4l restricts a run
to some files; STORE_BENCH_LOAD_ONLY=1 skips the queries (as on the Swift side)."""
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import rerun as rr
from datafusion import col

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from rrd_bench import DATA, VENV_PYTHON, WORKLOADS, env, log, prepare  # noqa: E402

# name, and (entity, column, index, mid) for the queries - keep in sync with StoreBenchmark.swift.
CASES = [
    ("w1l", None),
    ("w2l", ("/points", "Points3D:positions", "frame", 50)),
    ("w2c", ("/points", "Points3D:positions", "frame", 50)),
    ("w3c", None),
    ("w4l", ("/entities/e5000", "Points3D:positions", "step", 5)),
    ("w4c", None),
    ("w5l", None),
    ("w6l", None),
]
# The load-only files: name -> (generator script, mode).
EXTRA = {
    "w1l": ("w1_scalars.py", "log"),
    "w3c": ("w3_images.py", "columns"),
    "w4c": ("w4_entities.py", "columns"),
    "w5l": ("w5_textlogs.py", "log"),
    "w6l": ("w6_transforms.py", "log"),
}


def prepare_extra():
    """Generates the missing load-only files with the official SDK (temporary name first)."""
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (script, mode) in EXTRA.items():
        path = DATA / f"{name}.rrd"
        if path.exists():
            continue
        log(f"store bench: {path} is missing; generating it (Benchmarks/workloads/{script} --mode {mode}) ...")
        tmp = DATA / f".{name}.store-tmp.rrd"
        subprocess.run([str(VENV_PYTHON), str(WORKLOADS / script), "--mode", mode, "--out", str(tmp)],
                       check=True, env=env(), stdout=sys.stderr)
        tmp.rename(path)


def emit(case, value, unit):
    print(json.dumps({"area": "store", "case": case, "impl": "official", "value": value, "unit": unit,
                      "higher_is_better": False}), flush=True)


def median_time(fn, repeat):
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


if sys.argv[1:] == ["--prepare"]:
    prepare_extra()
    sys.exit(0)
only = os.environ.get("STORE_BENCH_FILES")
only = set(only.split(",")) if only else None
load_only = os.environ.get("STORE_BENCH_LOAD_ONLY") == "1"
prepare([name for name, query in CASES if query is not None and (only is None or name in only)])
prepare_extra()
for name, query in CASES:
    if only is not None and name not in only:
        continue
    path = str(DATA / f"{name}.rrd")
    # A warm-up load first, as on the Swift side (page cache, and memory the process has used
    # before: touching never-used memory costs much more on this VM).
    rr.chunk.RrdReader(path).stream().collect()  # result dropped at once
    t = time.perf_counter()
    store = rr.chunk.RrdReader(path).stream().collect()
    emit(f"{name} load s", time.perf_counter() - t, "s")
    del store
    if query is None or load_only:
        continue
    entity, column, index, mid = query
    srv = rr.server.Server(host="127.0.0.1", datasets={"ds": [path]})
    ds = srv.client().get_dataset("ds")
    seg = ds.segment_ids()[0]
    sel = ds.filter_contents([entity])
    colname = f"{entity}:{column}"

    def latest_at():
        tab = sel.reader(index=index, using_index_values={seg: np.array([mid], dtype=np.int64)},
                         fill_latest_at=True).to_arrow_table()
        assert tab.num_rows == 1 and tab.column(colname).null_count == 0

    def range_q():
        return sel.reader(index=index).select(col(index), col(colname)).to_arrow_table()

    emit(f"{name} latest-at ms", median_time(latest_at, 5) * 1000, "ms")
    emit(f"{name} range concatenated ms", median_time(range_q, 3) * 1000, "ms")
    srv.shutdown()
