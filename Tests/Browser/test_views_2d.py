#!/usr/bin/env python3
"""Browser tests of the 2D view: 3D points projected through a Pinhole, Arrows2D, overlay
hover/selection, and line widths (Rerun's radius conventions), against a real `rerun-swift serve`.

Usage: test_views_2d.py [--screenshots DIR] [test_name …]   (DIR: where to write 2d_*.png)
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from harness import PYTHON, ROOT, Server, canvas_origin, check, near_color, open_viewer, run_tests, screenshot  # noqa: E402
import scenes_2d as S  # noqa: E402

SHOTS = None
WORK = tempfile.mkdtemp(prefix="rerun-swift-browser-2d-")
CAM = "spatial2d:/world/cam"
FLU = "spatial2d:/world/flu"
WIDTH, HEIGHT = 1600, 900


def scene_file():
    path = os.path.join(WORK, "pinhole2d.rrd")
    if not os.path.exists(path):
        subprocess.run([PYTHON, os.path.join(ROOT, "Tests", "Browser", "scenes_2d.py"), WORK], check=True, timeout=120)
    return path


def save(img, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        img.save(os.path.join(SHOTS, name))


def page_xy(b, vid, u, v):
    """Page CSS position of image coordinates (u, v) in a 2D view."""
    ox, oy, _, _ = canvas_origin(b, vid)
    x, y = b.eval(f"window.__rerun.view({json.dumps(vid)}).toCanvas({u}, {v})")
    return ox + x, oy + y


def scale_of(b, vid):
    return b.eval(f"window.__rerun.view({json.dumps(vid)}).view.scale")


def opened(srv, b):
    open_viewer(b, srv.url)
    ids = [v["id"] for v in b.eval("window.__rerun.views()")]
    check(CAM in ids and FLU in ids, f"no 2D views of both pinholes: {ids}")
    ents = b.eval(f"window.__rerun.view({json.dumps(CAM)}).entities()")
    check("/world/points" in ents and "/world/line" in ents, f"the pinhole's 2D view does not include the 3D space's content: {ents}")


def move(b, x, y):
    b.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="none")


def click(b, x, y):
    for t in ("mousePressed", "mouseReleased"):
        b.call("Input.dispatchMouseEvent", type=t, x=x, y=y, button="left", clickCount=1)
        time.sleep(0.05)


def test_projected_points():
    with Server([scene_file()]) as srv, Browser(width=WIDTH, height=HEIGHT) as b:
        opened(srv, b)
        img = screenshot(b)
        save(img, "2d_pinhole_projection.png")
        for vid, project in ((CAM, S.project_cam), (FLU, S.project_flu)):
            w, h = S.CAM_RES if vid == CAM else S.FLU_RES
            for p, rgb in zip(S.POINTS, S.COLORS):
                uv = project(p)
                if uv is None or not (0 <= uv[0] < w and 0 <= uv[1] < h):
                    continue
                x, y = page_xy(b, vid, *uv)
                check(near_color(img, x, y, rgb, tol=50, radius=1),
                      f"{vid}: no {rgb} pixel at the projection of {list(p)} → image {uv[0]:.1f}, {uv[1]:.1f} (page {x:.0f}, {y:.0f}); got {img.getpixel((int(x), int(y)))}")
        # the point behind the camera is culled: nothing yellow where a naive projection would land
        u, v = S.naive_project_cam(S.POINTS[3])
        check(0 <= u < S.CAM_RES[0] and 0 <= v < S.CAM_RES[1], "test setup: the naive projection should fall inside the image")
        x, y = page_xy(b, CAM, u, v)
        check(not near_color(img, x, y, S.COLORS[3], tol=80, radius=6), f"the point behind the camera was drawn at image ({u:.0f}, {v:.0f})")
        # the 3D line projects to a horizontal segment
        a, c = S.project_cam(S.LINE[0]), S.project_cam(S.LINE[1])
        for t in (0.25, 0.5, 0.75):
            x, y = page_xy(b, CAM, a[0] + (c[0] - a[0]) * t, a[1] + (c[1] - a[1]) * t)
            check(near_color(img, x, y, S.LINE_COLOR, tol=70, radius=1), f"no projected 3D line pixel at t = {t} (page {x:.0f}, {y:.0f})")
        check(not [c for c in b.console if c.startswith("exception") or "render failed" in c], f"page errors: {b.console[-5:]}")


def test_arrows():
    with Server([scene_file()]) as srv, Browser(width=WIDTH, height=HEIGHT) as b:
        opened(srv, b)
        img = screenshot(b)
        for (o, v, rgb) in zip(S.ARROW_ORIGINS, S.ARROW_VECTORS, S.ARROW_COLORS):
            for t in (0.1, 0.5, 0.98):  # along the shaft and inside the head near the tip
                x, y = page_xy(b, CAM, o[0] + v[0] * t, o[1] + v[1] * t)
                check(near_color(img, x, y, rgb, tol=60, radius=1), f"arrow {list(o)}→{list(o + v)}: no {rgb} at t = {t} (page {x:.0f}, {y:.0f}); got {img.getpixel((int(x), int(y)))}")
            # the head is wider than the shaft: beside the shaft near the tip the color shows, at mid-shaft it does not
            s = scale_of(b, CAM)
            length = float(np.hypot(*v)) * s  # px
            w = 2 * 1.0 * s  # radius 1 scene unit
            head = max(8, 4 * w)
            d = v / np.hypot(*v)
            n = np.array([-d[1], d[0]])
            for side in (1, -1):
                hx, hy = page_xy(b, CAM, *(o + v - d * (0.6 * head / s) + side * n * (0.85 * w / s)))
                check(near_color(img, hx, hy, rgb, tol=60, radius=0), f"arrow {list(o)}: no head beside the tip (page {hx:.0f}, {hy:.0f})")
                mx, my = page_xy(b, CAM, *(o + v * 0.5 + side * n * (0.85 * w / s)))
                check(not near_color(img, mx, my, rgb, tol=60, radius=0), f"arrow {list(o)}: the shaft is wider than {w:.1f} px")
            check(length > head, "test setup: arrows must be longer than their heads")
            # nothing beyond the tip
            bx, by = page_xy(b, CAM, *(o + v * 1.0 + v / np.hypot(*v) * (6 / s)))
            check(not near_color(img, bx, by, rgb, tol=60, radius=1), f"arrow {list(o)} drawn beyond its tip")


def test_hover_and_select():
    with Server([scene_file()]) as srv, Browser(width=WIDTH, height=HEIGHT) as b:
        opened(srv, b)
        targets = [
            ("/world/cam/image/arrows", 1, S.ARROW_ORIGINS[1] + S.ARROW_VECTORS[1] * 0.5),
            ("/world/points", 1, S.project_cam(S.POINTS[1])),
            ("/world/line", 0, S.project_cam((S.LINE[0] + S.LINE[1]) / 2)),
            ("/world/cam/image/line1", 0, (160.0, S.LINE_ROWS[1])),
        ]
        hover = f"document.querySelector('[data-view=\"{CAM}\"] .hover').textContent"
        for path, index, (u, v) in targets:
            x, y = page_xy(b, CAM, u, v)
            # (hover picks are throttled: a second move on the target makes sure one lands)
            for (dx, dy) in ((-20, -20), (0, 0), (1, 0)):
                move(b, x + dx, y + dy)
                time.sleep(0.05)
            want = f"{path} #{index}"
            try:
                b.wait_for(f"{hover}.startsWith({json.dumps(want)})", timeout=5)
            except Exception:
                check(False, f"hovering image ({u:.1f}, {v:.1f}) shows {b.eval(hover)!r}, expected it to start with {want!r}")
            if path == "/world/points":
                save(screenshot(b), "2d_hover.png")
            click(b, x, y)
            b.eval("window.__rerun.idle()")
            title = b.eval("document.querySelector('aside.right h3').textContent")
            check(title == want, f"clicking {want} selected {title!r}")
        # hovering empty image space shows only the pixel
        x, y = page_xy(b, CAM, 150, 20)
        move(b, x, y)
        time.sleep(0.1)
        move(b, x + 1, y)
        b.wait_for(f"{hover}.startsWith('(150, 20)') || {hover}.startsWith('(151, 20)')", timeout=5)


def line_thickness(img, x, y, rgb, tol=70, span=30):
    """Number of pixels in column x within ±span rows of y that are near `rgb`."""
    n = 0
    for dy in range(-span, span + 1):
        p = img.getpixel((int(round(x)), int(round(y)) + dy))
        n += all(abs(p[i] - rgb[i]) <= tol for i in range(3))
    return n


def test_line_widths():
    with Server([scene_file()]) as srv, Browser(width=WIDTH, height=HEIGHT) as b:
        opened(srv, b)
        results = []
        for zoom in (1, 2):
            if zoom == 2:
                x, y = page_xy(b, CAM, 160, S.LINE_ROWS[1])
                b.call("Input.dispatchMouseEvent", type="mouseWheel", x=x, y=y, deltaX=0, deltaY=-math.log(2) / 0.0015)
                b.eval("window.__rerun.idle()")
                time.sleep(0.2)
            img = screenshot(b)
            if zoom == 2:
                save(img, "2d_line_widths_zoomed.png")
            s = scale_of(b, CAM)
            got = []
            for row, r, rgb in zip(S.LINE_ROWS, S.LINE_RADII, S.LINE_COLORS):
                x, y = page_xy(b, CAM, 160, row)
                got.append(line_thickness(img, x, y, rgb))
            results.append((s, got))
            unset, scene, ui = got
            check(1 <= unset <= 2, f"zoom {zoom}: a line without radius is {unset} px thick, expected 1")
            check(abs(scene - 4 * s) <= 2, f"zoom {zoom}: a 2-unit-radius line is {scene} px thick at scale {s:.2f}, expected {4 * s:.1f}")
            check(abs(ui - 6) <= 2, f"zoom {zoom}: a 3-UI-point-radius line is {ui} px thick, expected 6")
        check(results[1][0] > results[0][0] * 1.5, f"the wheel did not zoom: scales {results[0][0]:.2f} → {results[1][0]:.2f}")


def test_depth_image():
    with Server([scene_file()]) as srv, Browser(width=WIDTH, height=HEIGHT) as b:
        opened(srv, b)
        vid = "spatial2d:/depth"
        check(vid in [v["id"] for v in b.eval("window.__rerun.views()")], "no 2D view of the depth image")
        img = screenshot(b)
        save(img, "2d_depth.png")
        w, h = S.DEPTH_SIZE
        for (u, v, rgb, what) in [(5, 20, S.TURBO_LOW, "below depth_range"), (w - 5, 20, S.TURBO_HIGH, "at the top of depth_range")]:
            x, y = page_xy(b, vid, u + 0.5, v + 0.5)
            check(near_color(img, x, y, rgb, tol=12, radius=0), f"depth pixel ({u}, {v}) {what}: {img.getpixel((int(x), int(y)))}, expected Turbo {rgb}")
        x, y = page_xy(b, vid, w - 4.5, 20.5)
        move(b, x, y)
        hover = f"document.querySelector('[data-view=\"{vid}\"] .hover').textContent"
        b.wait_for(f"{hover}.includes('depth 3.000 m')", timeout=5)


if __name__ == "__main__":
    if "--screenshots" in sys.argv:
        SHOTS = os.path.abspath(sys.argv[sys.argv.index("--screenshots") + 1])
    only = [a for a in sys.argv[1:] if a.startswith("test_")]
    tests = [test_projected_points, test_arrows, test_hover_and_select, test_line_widths, test_depth_image]
    sys.exit(run_tests([t for t in tests if not only or t.__name__ in only]))
