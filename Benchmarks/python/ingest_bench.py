"""Ingest through gRPC: the official Python SDK (`rr.connect_grpc`) streams a workload into
(a) our `rerun-swift serve` and (b) the official `rerun --serve-grpc`, side by side, interleaved.

Per workload and server, each run:
  1. start the server on a free loopback port (ours: `serve --port P --web-port 0`, no --save;
     official: the native `rerun --serve-grpc --port P`), wait until it accepts TCP connections;
  2. run the workload generator with RRBENCH_GRPC=rerun+http://127.0.0.1:P/proxy (its JSON line
     gives t_sdk: init + logging calls + flush/disconnect);
  3. "server done" = the moment the server's CPU time (utime+stime, /proc/PID/stat) last grew,
     found by polling every 20 ms until it has not grown for 300 ms after the SDK exited. Both
     servers decode-and-keep (ours) or keep (official) everything before going idle;
  4. record t_done (SDK start → server done), the server's CPU seconds and its peak RSS (VmHWM).
Ratios are official / ours for time (> 1 = we are faster) and ours / official for RSS (< 1 = we
use less). Median over --runs.

Workloads (scaled by --scale; `full` = the ANCHORS.md sizes):
  w1l w2l w2c w3l w4l w5c w6l   (see Benchmarks/workloads/*.py and ../shared/bench/ANCHORS.md)

Usage: .venv/bin/python Benchmarks/python/ingest_bench.py [--ours PATH] [--runs 3] [--scale small|full]
       [--workloads w1l,w2l] [--json out.jsonl]
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
RERUN = ROOT / ".venv" / "lib" / "python3.11" / "site-packages" / "rerun_cli" / "rerun"
WORKLOAD_DIRS = [ROOT / "Benchmarks" / "workloads", ROOT.parent / "shared" / "bench"]

# name -> (script, mode, small args, full args)
WORKLOADS = {
    "w1l": ("w1_scalars.py", "log", ["--n", "20000"], []),
    "w2l": ("w2_points.py", "log", ["--frames", "20", "--points", "50000"], []),
    "w2c": ("w2_points.py", "columns", ["--frames", "20", "--points", "50000"], []),
    "w3l": ("w3_images.py", "log", ["--n", "50"], []),
    "w4l": ("w4_entities.py", "log", ["--entities", "2000", "--steps", "5"], []),
    "w5c": ("w5_textlogs.py", "columns", ["--n", "100000", "--batch", "10000"], []),
    "w6l": ("w6_transforms.py", "log", ["--steps", "500"], []),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"server not listening on {port} after {timeout}s")


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def peak_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def find_script(name: str) -> Path:
    for d in WORKLOAD_DIRS:
        if (d / name).exists():
            return d / name
    raise FileNotFoundError(name)


def start_server(kind: str, ours: str, port: int, log) -> subprocess.Popen:
    env = dict(os.environ, RERUN_ANALYTICS="false")
    if kind == "ours":
        cmd = [ours, "serve", "--port", str(port), "--web-port", "0", "--bind", "127.0.0.1"]
    else:
        cmd = [str(RERUN), "--serve-grpc", "--port", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env)
    wait_listening(port, proc)
    return proc


def run_once(kind: str, workload: str, scale: str, ours: str) -> dict:
    script, mode, small, full = WORKLOADS[workload]
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = open(Path(tmp) / "server.log", "w")
        server = start_server(kind, ours, port, log)
        try:
            env = dict(os.environ, RRBENCH_GRPC=f"rerun+http://127.0.0.1:{port}/proxy", RERUN_ANALYTICS="false")
            args = [str(VENV_PYTHON), str(find_script(script)), "--out", str(Path(tmp) / "unused.rrd"), "--mode", mode]
            args += small if scale == "small" else full
            t0 = time.monotonic()
            sdk = subprocess.run(args, env=env, capture_output=True, text=True)
            t_sdk_exit = time.monotonic() - t0
            if sdk.returncode != 0:
                raise RuntimeError(f"{workload}: SDK failed:\n{sdk.stderr[-2000:]}")
            result = json.loads(sdk.stdout.strip().splitlines()[-1])
            # Wait for the server to go idle: CPU time unchanged for 300 ms.
            last_cpu, last_change = cpu_seconds(server.pid), time.monotonic()
            while time.monotonic() - last_change < 0.3:
                time.sleep(0.02)
                cpu = cpu_seconds(server.pid)
                if cpu != last_cpu:
                    last_cpu, last_change = cpu, time.monotonic()
            t_done = max(last_change - t0, t_sdk_exit)
            return {
                "server": kind, "workload": workload, "scale": scale,
                "t_sdk": result["t_sdk"], "t_sdk_process": round(t_sdk_exit, 3), "t_done": round(t_done, 3),
                "server_cpu_s": round(last_cpu, 3), "server_peak_rss_mib": round(peak_rss_mib(server.pid), 1),
            }
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    builds = [b for b in (ROOT / ".build" / "release" / "rerun-swift", ROOT / ".build" / "debug" / "rerun-swift") if b.exists()]
    default_ours = max(builds, key=lambda b: b.stat().st_mtime) if builds else "rerun-swift"
    p.add_argument("--ours", default=str(default_ours), help="the rerun-swift binary (default: the newer of the release and debug builds)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--scale", choices=["small", "full"], default="small")
    p.add_argument("--workloads", default=",".join(WORKLOADS))
    p.add_argument("--json", default=None, help="append every run as a JSON line to this file")
    args = p.parse_args()
    # A private copy, so a concurrent `swift build` cannot replace the binary mid-run.
    copy_dir = tempfile.mkdtemp(prefix="ingest-bench-")
    ours = os.path.join(copy_dir, "rerun-swift")
    shutil.copy2(args.ours, ours)
    print(f"ours: {args.ours}\nofficial: {RERUN}", file=sys.stderr)
    rows = []
    for w in args.workloads.split(","):
        runs = {"ours": [], "official": []}
        for i in range(args.runs):
            for kind in (["ours", "official"] if i % 2 == 0 else ["official", "ours"]):  # interleaved
                r = run_once(kind, w, args.scale, ours)
                runs[kind].append(r)
                if args.json:
                    with open(args.json, "a") as f:
                        f.write(json.dumps(r) + "\n")
        med = {k: {m: statistics.median(r[m] for r in v) for m in ("t_sdk", "t_done", "server_cpu_s", "server_peak_rss_mib")}
               for k, v in runs.items()}
        rows.append((w, med))
    shutil.rmtree(copy_dir, ignore_errors=True)
    print("| workload | t_done ours s | t_done official s | speed ratio (official/ours) | server CPU ours s | official s "
          "| peak RSS ours MiB | official MiB | RSS ratio (ours/official) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w, m in rows:
        o, r = m["ours"], m["official"]
        print(f"| {w} | {o['t_done']:.3f} | {r['t_done']:.3f} | {r['t_done'] / o['t_done']:.2f} | {o['server_cpu_s']:.2f} "
              f"| {r['server_cpu_s']:.2f} | {o['server_peak_rss_mib']:.0f} | {r['server_peak_rss_mib']:.0f} "
              f"| {o['server_peak_rss_mib'] / r['server_peak_rss_mib']:.2f} |")


if __name__ == "__main__":
    main()
