#!/usr/bin/env python3
"""Measures the viewer's frame times in headless Chromium (software GL) against a real
`rerun-swift serve`, for the cases in Docs/viewer.md. Prints a JSON summary.

Usage: measure.py [--scenes DIR]   (DIR holds make_scenes.py --perf output; made if missing)
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from harness import PYTHON, ROOT, Server, open_viewer, view_of  # noqa: E402


def stats(xs):
    xs = sorted(xs)
    if not xs:
        return None
    return {"n": len(xs), "median_ms": round(statistics.median(xs), 2), "p95_ms": round(xs[int(len(xs) * 0.95) - 1 if len(xs) > 1 else 0], 2), "max_ms": round(xs[-1], 2)}


# Runs `steps` animation frames, applying `action(i)` (JS) before each; returns per-frame wall times
# (rAF to rAF, so it includes the browser's compositing) and the viewer's own render times.
FRAME_LOOP = """
(async () => {
  const r = window.__rerun; const times = []; const before = r.frameTimes.length;
  let last = await new Promise(requestAnimationFrame);
  for (let i = 0; i < %(steps)d; i++) {
    %(action)s
    const now = await new Promise(requestAnimationFrame);
    times.push(now - last); last = now;
  }
  await r.idle(60000);
  return { wall: times, render: r.frameTimes.slice(before) };
})()
"""


def frame_loop(b, action, steps=60):
    return b.eval(FRAME_LOOP % {"steps": steps, "action": action}, timeout=180)


def main():
    scenes = sys.argv[sys.argv.index("--scenes") + 1] if "--scenes" in sys.argv else tempfile.mkdtemp(prefix="rerun-swift-perf-")
    if not os.path.exists(os.path.join(scenes, "perf_series.rrd")):
        subprocess.run([PYTHON, os.path.join(ROOT, "Tests", "Browser", "make_scenes.py"), scenes, "--perf"], check=True, timeout=600)
    out = {}

    with Server([os.path.join(scenes, "perf_points.rrd")]) as srv, Browser() as b:
        t0 = time.time()
        open_viewer(b, srv.url, timeout=180)
        b.wait_for("window.__rerun.views().some(v => v.kind === 'spatial3d')", timeout=120)
        b.eval("window.__rerun.idle(60000)", timeout=70)
        out["points_1M_open_s"] = round(time.time() - t0, 2)
        v = view_of(b, "spatial3d")
        res = frame_loop(b, f"window.__rerun.view({json.dumps(v['id'])}).camera.orbit(6, 0); window.__rerun.view({json.dumps(v['id'])}).cameraMoved();", 40)
        out["orbit_1M_points"] = {"wall": stats(res["wall"]), "render": stats(res["render"])}

    with Server([os.path.join(scenes, "perf_transforms.rrd")]) as srv, Browser() as b:
        open_viewer(b, srv.url, timeout=120)
        b.wait_for("window.__rerun.app.tree.length >= 200 && window.__rerun.app.timelineInfo()?.max === 99", timeout=120)
        b.eval("window.__rerun.idle(60000)", timeout=70)
        res = frame_loop(b, "window.__rerun.app.setTime(i % 100);", 100)
        out["scrub_100_entities_transforms"] = {"wall": stats(res["wall"]), "render": stats(res["render"])}
        lat = b.eval("""(async () => { const r = window.__rerun; const xs = [];
            for (let i = 0; i < 30; i++) { const t0 = performance.now(); await r.setTime((i * 37) % 100); xs.push(performance.now() - t0); }
            return xs; })()""", timeout=120)
        out["scrub_to_frame_latency"] = stats(lat)
        out["scrub_latency_internal"] = stats(b.eval("window.__rerun.scrubLatencies"))

    with Server([os.path.join(scenes, "perf_series.rrd")]) as srv, Browser() as b:
        t0 = time.time()
        open_viewer(b, srv.url, timeout=300)
        b.wait_for("window.__rerun.app.timelineInfo()?.max === 9999999 && window.__rerun.views().some(v => v.kind === 'timeseries')", timeout=300)
        b.eval("window.__rerun.idle(60000)", timeout=70)
        out["series_10M_open_s"] = round(time.time() - t0, 2)
        v = view_of(b, "timeseries")
        vid = json.dumps(v["id"])
        b.eval(f"(() => {{ const v = window.__rerun.view({vid}); v.axis = v.axis.zoom(4); v.userX = true; v.fetch(); }})()")
        b.eval("window.__rerun.idle(60000)", timeout=70)
        res = frame_loop(b, f"{{ const v = window.__rerun.view({vid}); v.axis = v.axis.pan(-8); v.fetch(); window.__rerun.app.requestRender(v); }}", 60)
        out["pan_10M_sample_plot"] = {"wall": stats(res["wall"]), "render": stats(res["render"])}
        out["plot_fetch_ms_last"] = b.eval(f"window.__rerun.view({vid}).fetchMs")

    with Server([os.path.join(scenes, "perf_entities.rrd")]) as srv, Browser() as b:
        t0 = time.time()
        open_viewer(b, srv.url, timeout=300)
        b.wait_for("window.__rerun.app.tree.length >= 10000 && window.__rerun.views().length > 0", timeout=300)
        b.eval("window.__rerun.idle(120000)", timeout=130)
        out["entities_10k_open_s"] = round(time.time() - t0, 2)
        res = frame_loop(b, "window.__rerun.app.requestRenderAll();", 20)
        out["entities_10k_frame"] = {"wall": stats(res["wall"]), "render": stats(res["render"])}

    with Server([os.path.join(scenes, "perf_image4k.rrd")]) as srv, Browser() as b:
        t0 = time.time()
        open_viewer(b, srv.url, timeout=120)
        b.wait_for("window.__rerun.views().some(v => v.kind === 'spatial2d')", timeout=120)
        b.eval("window.__rerun.idle(60000)", timeout=70)
        out["image_4k_open_s"] = round(time.time() - t0, 2)
        v = view_of(b, "spatial2d")
        res = frame_loop(b, f"{{ const v = window.__rerun.view({json.dumps(v['id'])}); v.view.x += 3; v.userMoved = true; window.__rerun.app.requestRender(v); }}", 40)
        out["pan_4k_image"] = {"wall": stats(res["wall"]), "render": stats(res["render"])}

    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
