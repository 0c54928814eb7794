"""Full decode of .rrd files by the official Rerun 0.41 CLI (`rerun rrd verify FILE`, the native
binary, not the Python wrapper), paired with Benchmarks/RerunBenchmarks/RRDBenchmark.swift by
Scripts/bench.sh.

Files (generated once with the official SDK by the team's workload scripts, copied from
../shared/bench into Benchmarks/workloads/, into .bench/data/ which git ignores):
  w2l  W2 point clouds, one rr.log per frame: 100 frames x 100k points, ~201 MB, ~51 chunks
  w2c  W2 point clouds, one rr.send_columns: the same data as one ~192 MB chunk (+ properties)
  w4l  W4 many entities, one rr.log per row: 10k entities x 10 steps x 3 points, ~93-100k chunks
The files are generated when missing (saying so on stderr); `--prepare` only generates them
(RerunBenchmarks calls that when it finds a file missing).

Per file: wall seconds of `rerun rrd verify FILE` (median of 5 runs after a warm-up; W4l: 3),
throughput = file bytes / that time, microseconds per chunk (ArrowMsg count from the framing),
the process's user+system CPU seconds and peak RSS (rusage of that very child, via os.wait4).
The wall time is a whole-process figure (it includes the binary's start-up, a few ms); the Swift
side reports both an in-process time ("wall") and a whole-process one ("process wall") against
this same figure. CPU time is the steadier figure on a loaded machine (the official tool may use
more than one thread, so it can also exceed the wall time).
"""
import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("RERUN_BENCH_DATA", ROOT / ".bench" / "data"))
WORKLOADS = ROOT / "Benchmarks" / "workloads"
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
RERUN = ROOT / ".venv" / "lib" / "python3.11" / "site-packages" / "rerun_cli" / "rerun"

# name -> (generator script, mode, samples)
FILES = {
    "w2l": ("w2_points.py", "log", 5),
    "w2c": ("w2_points.py", "columns", 5),
    "w4l": ("w4_entities.py", "log", 3),
}


def env():
    e = dict(os.environ)
    e["RERUN_ANALYTICS"] = "false"
    return e


def log(line):
    print(line, file=sys.stderr, flush=True)


def prepare(names):
    """Generates the missing files with the official SDK (written to a temporary name first)."""
    DATA.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = DATA / f"{name}.rrd"
        if path.exists():
            continue
        script, mode, _ = FILES[name]
        log(f"rrd bench: {path} is missing; generating it with the official SDK "
            f"(Benchmarks/workloads/{script} --mode {mode}) ...")
        tmp = DATA / f".{name}.tmp.rrd"
        subprocess.run([str(VENV_PYTHON), str(WORKLOADS / script), "--mode", mode, "--out", str(tmp)],
                       check=True, env=env(), stdout=sys.stderr)
        tmp.rename(path)
        log(f"rrd bench: wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")


def count_chunks(path):
    """ArrowMsg frames (kind 2) in the file, by walking the framing with seeks (no decoding, and
    without reading the file into memory: the children below start as vfork()s of this process,
    and ru_maxrss would include a big parent)."""
    chunks = 0
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        pos = 0
        while pos + 12 <= size:
            f.seek(pos)
            assert f.read(4) == b"RRF2", f"{path}: no stream header at {pos}"
            pos += 12
            while pos + 16 <= size:
                f.seek(pos)
                head = f.read(16)
                if head[:4] == b"RRF2":
                    break
                kind, length = struct.unpack("<QQ", head)
                pos += 16 + length
                if kind == 2:
                    chunks += 1
                if kind == 0:  # End message; a 32-byte StreamFooter may follow
                    f.seek(pos)
                    if f.read(4) != b"RRF2" and pos + 32 <= size:
                        pos += 32
                    break
    return chunks


def run_verify(path):
    """(wall seconds, peak RSS MiB, user+system CPU seconds) of one `rerun rrd verify path`."""
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: the child never blocks on it
        start = time.perf_counter()
        p = subprocess.Popen([str(RERUN), "rrd", "verify", str(path)], env=env(),
                             stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(p.pid, 0)  # this child's own rusage (peak RSS)
        seconds = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise SystemExit(f"rerun rrd verify {path} failed ({p.returncode}): {err.read().decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def report(case, value, unit, higher_is_better):
    print(json.dumps({"area": "rrd", "case": case, "impl": "official", "value": value, "unit": unit,
                      "higher_is_better": higher_is_better, "official_name": "rerun 0.41 rrd verify"}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepare", action="store_true", help="only generate missing data files")
    parser.add_argument("files", nargs="*", default=list(FILES), help="subset of " + " ".join(FILES))
    args = parser.parse_args()
    prepare(args.files)
    if args.prepare:
        return
    for name in args.files:
        path = DATA / f"{name}.rrd"
        size = path.stat().st_size
        chunks = count_chunks(path)
        samples = FILES[name][2]
        run_verify(path)  # warm-up (page cache)
        runs = [run_verify(path) for _ in range(samples)]
        seconds = statistics.median(r[0] for r in runs)
        rss = statistics.median(r[1] for r in runs)
        cpu = statistics.median(r[2] for r in runs)
        log(f"rrd bench (official) {name}: {size} bytes, {chunks} chunks, verify {seconds:.3f} s "
            f"(CPU {cpu:.3f} s), peak RSS {rss:.0f} MiB")
        report(f"decode {name}: wall", seconds, "s", False)
        report(f"decode {name}: process wall", seconds, "s", False)
        report(f"decode {name}: throughput", size / seconds / 1e6, "MB/s", True)
        report(f"decode {name}: per chunk", seconds / chunks * 1e6, "us", False)
        report(f"decode {name}: process CPU", cpu, "s", False)
        report(f"decode {name}: peak RSS", rss, "MiB", False)


if __name__ == "__main__":
    main()
