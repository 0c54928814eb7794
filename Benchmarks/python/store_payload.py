#!/usr/bin/env python
"""Decoded payload bytes of the workload files as the official Rerun 0.41 reader sees them: for every
chunk of the recording, `pyarrow.RecordBatch.nbytes` of `chunk.to_record_batch()` (the bytes of the Arrow
buffers the batch references: row ids, time columns, component columns). The denominator of the store
memory ratio in Benchmarks/RerunBenchmarks/StoreMemoryBenchmark.swift (`Scripts/bench.sh store-memory`).
Usage: store_payload.py FILE... ; prints one JSON line per file."""
import json
import sys

import rerun as rr

for path in sys.argv[1:]:
    chunks = rows = nbytes = total = 0
    for chunk in rr.chunk.RrdReader(path).stream().to_chunks():
        batch = chunk.to_record_batch()
        chunks += 1
        rows += batch.num_rows
        nbytes += batch.nbytes
        total += batch.get_total_buffer_size()
    print(json.dumps({"file": path, "chunks": chunks, "rows": rows, "nbytes": nbytes, "total_buffer_size": total}),
          flush=True)
