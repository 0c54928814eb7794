#!/usr/bin/env python
"""Per-call logging cost of the official Python SDK (rerun-sdk 0.41.0) on the `--mode log`
workloads, with the same sizes as Benchmarks/RerunBenchmarks/SDKBenchmark.swift (keep in sync).

Runs each official workload script (Benchmarks/workloads) once per invocation and prints one
JSON line per workload: calls per second over t_sdk (open + log calls + flush/footer), the
figure the scripts report; Scripts/bench.sh pairs it with the Swift side round by round.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = os.path.join(HERE, "..", "workloads")
CASES = [
    ("w1l", "w1_scalars.py", ["--n", "100000", "--series", "10"]),
    ("w4l", "w4_entities.py", ["--entities", "10000", "--steps", "2", "--points", "3"]),
    ("w5l", "w5_textlogs.py", ["--n", "50000"]),
    ("w6l", "w6_transforms.py", ["--robots", "5", "--links", "10", "--steps", "1000"]),
]

with tempfile.TemporaryDirectory() as tmp:
    for name, script, extra in CASES:
        out = os.path.join(tmp, f"{name}.rrd")
        proc = subprocess.run([sys.executable, os.path.join(WORKLOADS, script), "--mode", "log", "--out", out, *extra],
                              capture_output=True, text=True, cwd=WORKLOADS, check=False)
        if proc.returncode != 0:
            sys.exit(f"{script} failed: {proc.stderr}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        t_sdk = result["t_open"] + result["t_log"] + result["t_flush"]
        print(json.dumps({"area": "sdk", "case": f"{name} log calls/s", "impl": "official",
                          "value": result["log_calls"] / t_sdk, "unit": "calls/s", "higher_is_better": True}))
    # Columnar: the official scripts' --mode columns with their default sizes (as SDKBenchmark+Columns.swift).
    for name, script in [("w1c", "w1_scalars.py"), ("w2c", "w2_points.py"), ("w3c", "w3_images.py")]:
        out = os.path.join(tmp, f"{name}.rrd")
        proc = subprocess.run([sys.executable, os.path.join(WORKLOADS, script), "--mode", "columns", "--out", out],
                              capture_output=True, text=True, cwd=WORKLOADS, check=False)
        if proc.returncode != 0:
            sys.exit(f"{script} failed: {proc.stderr}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        t_sdk = result["t_open"] + result["t_log"] + result["t_flush"]
        for case, value, unit, higher in [(f"{name} raw MB/s", result["raw_payload_bytes"] / t_sdk / 1e6, "MB/s", True),
                                          (f"{name} file MB", result["file_bytes"] / 1e6, "MB", False)]:
            print(json.dumps({"area": "sdk", "case": case, "impl": "official", "value": value, "unit": unit,
                              "higher_is_better": higher}))
