"""Arrow IPC stream throughput of pyarrow, paired with
Benchmarks/RerunBenchmarks/IPCBenchmark.swift by Scripts/bench.sh.

Data (identical shape and values on both sides): one record batch with one column
`positions: list<item: fixed_size_list<item: float32 not null>[3]>`, 1000 rows of 16,667 points
(50,001,000 float32 values, 200 MB); value k is float32(k % 1024). No nulls.

Cases (throughput = IPC stream bytes / median seconds of 7 samples after a warm-up):
  read point cloud 200MB (zero-copy): pa.ipc.open_stream(pa.py_buffer(stream)).read_all()
      (each sample averages 50 reads; pyarrow slices the input buffer, no copy)
  write point cloud 200MB: pa.ipc.new_stream into a fresh pa.BufferOutputStream, write the batch,
      close, getvalue() (pyarrow's allocator recycles the previous sample's memory)
"""
import json
import statistics
import sys
import time

import numpy as np
import pyarrow as pa

ROWS = 1000
POINTS_PER_ROW = 16_667
READ_REPEATS = 50


def report(case, value, unit="GB/s"):
    print(json.dumps({"area": "ipc", "case": case, "impl": "official", "value": value, "unit": unit,
                      "higher_is_better": True, "official_name": f"pyarrow {pa.__version__}"}))


def median_seconds(body, samples=7):
    body()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def point_cloud():
    n = ROWS * POINTS_PER_ROW
    values = pa.array((np.arange(3 * n, dtype=np.int64) % 1024).astype(np.float32))
    xyz = pa.FixedSizeListArray.from_arrays(values, type=pa.list_(pa.field("item", pa.float32(), nullable=False), 3))
    offsets = pa.array(np.arange(ROWS + 1, dtype=np.int32) * POINTS_PER_ROW)
    positions = pa.ListArray.from_arrays(offsets, xyz)
    return pa.RecordBatch.from_arrays([positions], names=["positions"])


def write(batch):
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue()


def main():
    batch = point_cloud()
    stream = write(batch)
    size = stream.size
    print(f"ipc bench: stream {size} bytes", file=sys.stderr)

    source = pa.py_buffer(stream)
    def read():
        for _ in range(READ_REPEATS):
            table = pa.ipc.open_stream(source).read_all()
        return table
    table = read()
    values = table.column(0).chunk(0).values.values
    assert values.buffers()[1].address >= stream.address and values.buffers()[1].address < stream.address + size
    report("read point cloud 200MB (zero-copy)", size / (median_seconds(read) / READ_REPEATS) / 1e9)

    report("write point cloud 200MB", size / median_seconds(lambda: write(batch)) / 1e9)


if __name__ == "__main__":
    main()
