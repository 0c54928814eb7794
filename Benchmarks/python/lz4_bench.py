"""LZ4 block throughput of python-lz4 (the reference C library), paired with
Benchmarks/RerunBenchmarks/LZ4Benchmark.swift by Scripts/bench.sh.

Inputs are generated from the same deterministic recipe as the Swift side (byte-identical; both
print the inputs' xxHash32 on stderr): SplitMix64 words w(seed, i) = mix(seed + (i + 1) * GAMMA).
  random-64MiB: little-endian bytes of w(0x5EED0001, i)
  text-64MiB:   JSON-ish log lines, line k drawn from r = w(0x7E570002, k), truncated to 64 MiB
Each input is measured as one 64 MiB block (dominated by the kernel handing out a fresh 64 MiB
output buffer per call) and as 64 independent 1 MiB blocks ("-in-1MiB-blocks", codec-bound).
Throughput = input bytes / median seconds of 7 runs after a warm-up; blocks use
lz4.block.compress(data, store_size=False) (default mode) and
lz4.block.decompress(block, uncompressed_size=N).
"""
import ctypes
import json
import statistics
import sys
import time

import lz4.block
import numpy as np
import xxhash

SIZE = 64 << 20
BLOCK_SIZE = 1 << 20  # the "-in-1MiB-blocks" cases: 64 independent blocks, codec-bound
GAMMA = 0x9E3779B97F4A7C15
LEVELS = ["INFO", "WARN", "DEBUG", "ERROR"]
NOUNS = ["points", "camera", "robot", "lidar", "mesh", "image", "arm", "tracks"]
VERBS = ["processed", "received", "dropped", "queued", "logged", "decoded", "sent", "cached"]
OBJECTS = ["rows", "chunks", "frames", "points", "bytes", "messages", "events", "tiles"]


def words(seed, count):
    """w(seed, i) for i in 0..<count, as a numpy uint64 array (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(count, dtype=np.uint64) + np.uint64(1)) * np.uint64(GAMMA)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def random_input(count):
    return words(0x5EED0001, (count + 7) // 8).astype("<u8").tobytes()[:count]


def text_input(count):
    parts, total, k, batch = [], 0, 0, 1 << 16
    while total < count:
        for r in words(0x7E570002, k + batch)[k:].tolist():
            line = (
                f'{{"t":{1700000000000 + k * 16 + (r & 15)},"level":"{LEVELS[(r >> 4) % 4]}",'
                f'"entity":"/world/{NOUNS[(r >> 8) % 8]}/{(r >> 12) % 64}","frame":{k},'
                f'"msg":"{VERBS[(r >> 20) % 8]} {(r >> 24) % 1000} {OBJECTS[(r >> 34) % 8]}",'
                f'"value":{(r >> 40) % 100000}}}\n'
            )
            parts.append(line)
            total += len(line)
            k += 1
            if total >= count:
                break
    return "".join(parts).encode()[:count]


def median_seconds(body, samples=7):
    body()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        body()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(case, value):
    print(json.dumps({"area": "lz4", "case": case, "impl": "official", "value": value, "unit": "GB/s",
                      "higher_is_better": True, "official_name": "python-lz4 " + lz4.version.version}))


def pin_allocator():
    """Same glibc malloc settings as the Swift side (LZ4Benchmark.pinAllocator): buffers under
    32 MiB always come from the reused heap, 64 MiB ones are always fresh mmaps. Without this,
    glibc's adaptive mmap threshold makes the 1 MiB cases swing 5x depending on what was freed
    earlier in the process."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD
    libc.mallopt(-1, 256 << 20)  # M_TRIM_THRESHOLD


def main():
    pin_allocator()
    for name, data in [("random-64MiB", random_input(SIZE)), ("text-64MiB", text_input(SIZE))]:
        block = lz4.block.compress(data, store_size=False)
        assert lz4.block.decompress(block, uncompressed_size=len(data)) == data
        print(f"lz4 bench input {name}: xxh32={xxhash.xxh32_intdigest(data)} compressed={len(block)}", file=sys.stderr)
        seconds = median_seconds(lambda: lz4.block.compress(data, store_size=False))
        report(f"compress {name}", len(data) / seconds / 1e9)
        seconds = median_seconds(lambda: lz4.block.decompress(block, uncompressed_size=len(data)))
        report(f"decompress {name}", len(data) / seconds / 1e9)

        pieces = [data[i:i + BLOCK_SIZE] for i in range(0, len(data), BLOCK_SIZE)]
        blocks = [lz4.block.compress(p, store_size=False) for p in pieces]
        seconds = median_seconds(lambda: [lz4.block.compress(p, store_size=False) for p in pieces])
        report(f"compress {name}-in-1MiB-blocks", len(data) / seconds / 1e9)
        seconds = median_seconds(lambda: [lz4.block.decompress(b, uncompressed_size=len(p)) for b, p in zip(blocks, pieces)])
        report(f"decompress {name}-in-1MiB-blocks", len(data) / seconds / 1e9)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
