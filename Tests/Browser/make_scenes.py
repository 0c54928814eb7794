"""Writes the browser tests' recordings with the official rerun-sdk (deterministic content).

  scene.rrd  — what the pixel assertions check (timeline `frame` 0…99):
     /world/points      Points3D: 4 points; frames < 50 red (255,0,0) around x=-1, ≥ 50 green (0,255,0) around x=+1
     /world             ViewCoordinates RIGHT_HAND_Z_UP (static)
     /camera/image      Image 64×48 RGB: left half red / right half blue; from frame 50 the left half is green
     /camera/image/box  Boxes2D centered (48, 24), half size (8, 8), yellow
     /signals/ramp      Scalars: value = frame (0…99)
     /signals/sq        Scalars: value = (frame mod 10)
     /logs              TextLog every 10 frames: "log line N" with levels INFO/WARN/ERROR cycling
     /notes             TextDocument markdown with an injection attempt (static)
  perf_points.rrd   — 1,000,000 colored points (static) for orbit frame times
  perf_transforms.rrd — 100 entities with Transform3D + Points3D over 100 frames (scrub frame times)
  perf_series.rrd   — one Scalars series with 10,000,000 samples (plot pan frame times)
  perf_entities.rrd — 10,000 entities (opens without freezing)
  perf_image4k.rrd  — one 3840×2160 RGB image

Usage: make_scenes.py OUTDIR [--perf]
"""
import os
import sys

import numpy as np
import rerun as rr


def rec_for(out, name):
    rec = rr.RecordingStream(application_id=f"browser_{name}", recording_id=f"rec_{name}")
    rec.save(os.path.join(out, f"{name}.rrd"))
    return rec


def scene(out):
    rec = rec_for(out, "scene")
    rec.log("/world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
    rec.log("/notes", rr.TextDocument("# Notes\n\n<script>document.title='pwned'</script> **bold** <img src=x onerror=\"document.title='pwned'\">",
                                       media_type=rr.MediaType.MARKDOWN), static=True)
    base = np.array([[0, -1, 0], [0, 1, 0], [0, 0, 1], [0, 0, -1]], dtype=np.float32) * 0.5
    levels = [rr.TextLogLevel.INFO, rr.TextLogLevel.WARN, rr.TextLogLevel.ERROR]
    for f in range(100):
        rec.set_time("frame", sequence=f)
        late = f >= 50
        pos = base + np.array([1.0 if late else -1.0, 0, 0], dtype=np.float32)
        rec.log("/world/points", rr.Points3D(pos, colors=[[0, 255, 0]] if late else [[255, 0, 0]], radii=0.15))
        img = np.zeros((48, 64, 3), dtype=np.uint8)
        img[:, :32] = [0, 255, 0] if late else [255, 0, 0]
        img[:, 32:] = [0, 0, 255]
        rec.log("/camera/image", rr.Image(img))
        rec.log("/camera/image/box", rr.Boxes2D(centers=[[48, 24]], half_sizes=[[8, 8]], colors=[[255, 255, 0]]))
        rec.log("/signals/ramp", rr.Scalars(float(f)))
        rec.log("/signals/sq", rr.Scalars(float(f % 10)))
        if f % 10 == 0:
            rec.log("/logs", rr.TextLog(f"log line {f // 10}", level=levels[(f // 10) % 3]))
    rec.flush()
    rec.disconnect()


def perf(out):
    rng = np.random.default_rng(7)
    rec = rec_for(out, "perf_points")
    n = 1_000_000
    pts = rng.normal(size=(n, 3)).astype(np.float32)
    colors = (rng.random((n, 3)) * 255).astype(np.uint8)
    rec.log("/cloud", rr.Points3D(pts, colors=colors, radii=0.01), static=True)
    rec.flush(); rec.disconnect()

    rec = rec_for(out, "perf_transforms")
    for f in range(100):
        rec.set_time("frame", sequence=f)
        for i in range(100):
            a = f * 0.05 + i
            rec.log(f"/world/obj{i}", rr.Transform3D(translation=[np.cos(a) * (1 + i * 0.05), np.sin(a) * (1 + i * 0.05), i * 0.02]))
            if f == 0:
                rec.log(f"/world/obj{i}/pts", rr.Points3D(rng.normal(size=(20, 3)).astype(np.float32) * 0.05, colors=[[200, 120, 40]]))
    rec.flush(); rec.disconnect()

    rec = rec_for(out, "perf_series")
    n = 10_000_000
    t = np.arange(n, dtype=np.int64)
    v = np.sin(t * 1e-5) + 0.1 * np.sin(t * 1e-2)
    step = 1_000_000
    for s in range(0, n, step):
        rr.send_columns("/signal", indexes=[rr.TimeColumn("frame", sequence=t[s:s + step])],
                        columns=rr.Scalars.columns(scalars=v[s:s + step]), recording=rec)
    rec.flush(); rec.disconnect()

    rec = rec_for(out, "perf_entities")
    rec.set_time("frame", sequence=0)
    for i in range(10_000):
        rec.log(f"/many/group{i // 100}/e{i}", rr.Points3D([[i % 100 * 0.1, i // 100 * 0.1, 0]]))
    rec.flush(); rec.disconnect()

    rec = rec_for(out, "perf_image4k")
    img = np.zeros((2160, 3840, 3), dtype=np.uint8)
    img[..., 0] = (np.arange(3840) * 255 // 3839).astype(np.uint8)[None, :]
    img[..., 1] = (np.arange(2160) * 255 // 2159).astype(np.uint8)[:, None]
    rec.set_time("frame", sequence=0)
    rec.log("/big", rr.Image(img))
    rec.flush(); rec.disconnect()


if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    scene(out)
    if "--perf" in sys.argv:
        perf(out)
