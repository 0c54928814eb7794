#!/usr/bin/env python
"""The official Rerun 0.41 data layer on the workload files, as in ../shared/bench/query.py:
load = rr.chunk.RrdReader(path).stream().collect(); latest-at and range through rr.server.Server
+ the dataset reader (DataFusion) — the 0.41 query path. Same cases as StoreBenchmark.swift.
Prints one JSON line per case and figure (median of warm repeats)."""
import json
import os
import statistics
import sys
import time

import numpy as np
import rerun as rr
from datafusion import col

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from rrd_bench import DATA, prepare  # noqa: E402

CASES = [
    ("w2l", "/points", "Points3D:positions", "frame", 50),
    ("w2c", "/points", "Points3D:positions", "frame", 50),
    ("w4l", "/entities/e5000", "Points3D:positions", "step", 5),
]


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


prepare([name for name, *_ in CASES])
for name, entity, column, index, mid in CASES:
    path = str(DATA / f"{name}.rrd")
    t = time.perf_counter()
    store = rr.chunk.RrdReader(path).stream().collect()
    emit(f"{name} load s", time.perf_counter() - t, "s")
    del store
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
