#!/usr/bin/env python3
"""Browser tests of the web viewer against a real `rerun-swift serve` (headless Chromium).

Usage: test_viewer.py [--screenshots DIR]   (DIR: where to write the reference screenshots)
"""
import glob
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from harness import (PYTHON, ROOT, Server, check, count_color, greenish, near_color, open_viewer,  # noqa: E402
                     reddish, run_tests, screenshot, view_of, canvas_origin, changed_pixels)
import subprocess  # noqa: E402

SHOTS = None
WORK = tempfile.mkdtemp(prefix="rerun-swift-browser-scenes-")


def scene_file():
    path = os.path.join(WORK, "scene.rrd")
    if not os.path.exists(path):
        subprocess.run([PYTHON, os.path.join(ROOT, "Tests", "Browser", "make_scenes.py"), WORK], check=True, timeout=120)
    return path


def save(img, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        img.save(os.path.join(SHOTS, name))


POINT_BASE = [[0, -0.5, 0], [0, 0.5, 0], [0, 0, 0.5], [0, 0, -0.5]]


def point_pixels(b, view, frame):
    x = 1.0 if frame >= 50 else -1.0
    ox, oy, _, _ = canvas_origin(b, view["id"])
    out = []
    for p in POINT_BASE:
        q = b.eval(f"window.__rerun.view({json.dumps(view['id'])}).projectToCanvas({json.dumps([p[0] + x, p[1], p[2]])})")
        check(q is not None, f"point {p} does not project")
        out.append((ox + q[0], oy + q[1]))
    return out


def check_3d(b, img, frame):
    v = view_of(b, "spatial3d", "/world")
    want, other = (greenish, reddish) if frame >= 50 else (reddish, greenish)
    rgb = (0, 255, 0) if frame >= 50 else (255, 0, 0)
    for (x, y) in point_pixels(b, v, frame):
        check(near_color(img, x, y, rgb, tol=90, radius=3), f"3D frame {frame}: no {rgb} pixel near the projected point ({x:.0f}, {y:.0f}); got {img.getpixel((int(x), int(y)))}")
    r = v["rect"]
    box = (r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"])
    check(count_color(img, box, want) > 20, f"3D frame {frame}: too few pixels of the logged color")
    check(count_color(img, box, other) < 5, f"3D frame {frame}: pixels of the other time's color remain")


def check_2d(b, img, frame):
    v = view_of(b, "spatial2d")
    ox, oy, _, _ = canvas_origin(b, v["id"])
    at = lambda ix, iy: b.eval(f"window.__rerun.view({json.dumps(v['id'])}).toCanvas({ix}, {iy})")
    left = (0, 255, 0) if frame >= 50 else (255, 0, 0)
    for (ix, iy, rgb, what) in [(8, 8, left, "left half"), (16, 40, left, "left half"), (56, 8, (0, 0, 255), "right half"), (60, 44, (0, 0, 255), "right half")]:
        x, y = at(ix + 0.5, iy + 0.5)
        p = img.getpixel((int(ox + x), int(oy + y)))
        check(all(abs(p[i] - rgb[i]) < 40 for i in range(3)), f"2D frame {frame}: {what} pixel ({ix},{iy}) is {p}, expected {rgb}")
    # the yellow box outline: left edge at x = 40, from y = 16 to 32
    x, y = at(40, 24)
    check(near_color(img, ox + x, oy + y, (255, 255, 0), tol=60, radius=2), f"2D: no yellow box edge at image (40, 24)")


def check_plot(b, img, frame):
    v = view_of(b, "timeseries", "/signals")
    vid = json.dumps(v["id"])
    series = b.eval(f"window.__rerun.view({vid}).series.map(s => [s.entity, s.color, s.values.length])")
    ramp = [s for s in series if s[0] == "/signals/ramp"]
    check(ramp and ramp[0][2] > 10, f"plot: ramp series missing or empty: {series}")
    color = ramp[0][1]
    rgb = [int(c) for c in color[color.index("(") + 1:color.index(")")].split(",")[:3]]
    ox, oy, _, _ = canvas_origin(b, v["id"])
    for t in (10, 35, 60, 75):  # (the legend covers the top right corner)
        x, y = b.eval(f"window.__rerun.view({vid}).toCanvas({t}, {t})")
        check(near_color(img, ox + x, oy + y, rgb, tol=50, radius=2), f"plot: the ramp does not pass through row {oy + y:.0f} at column {ox + x:.0f} (t = {t}); color {rgb}")
    # the time cursor column
    x, _ = b.eval(f"window.__rerun.view({vid}).toCanvas({frame}, 0)")
    _, y = b.eval(f"window.__rerun.view({vid}).toCanvas({frame}, 50)")
    check(near_color(img, ox + x, oy + y, (232, 197, 71), tol=40, radius=1), f"plot: no time cursor at t = {frame}")


def check_log(b, frame):
    rows = b.eval("[...document.querySelectorAll('.logrow')].map(r => [r.dataset.level, r.querySelector('.x').textContent])")
    n = frame // 10 + 1
    want = [[["INFO", "WARN", "ERROR"][i % 3], f"log line {i}"] for i in range(n)]
    check(rows == want, f"text log at frame {frame}: {rows}, expected {want}")


def test_scene():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        kinds = sorted(v["kind"] for v in b.eval("window.__rerun.views()"))
        for k in ["spatial3d", "spatial2d", "timeseries", "textlog", "textdoc"]:
            check(k in kinds, f"no {k} view in {kinds}")
        for frame in (20, 70):
            b.eval(f"window.__rerun.setTime({frame})", timeout=30)
            time.sleep(0.2)
            b.eval("window.__rerun.idle()")
            img = screenshot(b)
            save(img, f"scene_frame{frame}.png")
            check_3d(b, img, frame)
            check_2d(b, img, frame)
            check_plot(b, img, frame)
            check_log(b, frame)
        check(not [c for c in b.console if c.startswith("exception")], f"page exceptions: {b.console}")


def test_markup_is_never_injected():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        check(b.eval("document.title") != "pwned", "a logged <script> ran")
        doc = b.eval("(() => { const d = document.querySelector('.doc'); return d ? [d.textContent, d.querySelectorAll('script, img').length, d.querySelectorAll('strong').length] : null })()")
        check(doc is not None, "no text document view")
        check("<script>" in doc[0] and doc[1] == 0, f"markup from logged text became elements: {doc}")
        check(doc[2] == 1, "markdown **bold** was not rendered")


def test_selection_and_token():
    with Server([scene_file()], extra=["--token", "s3cret"]) as srv, Browser() as b:
        open_viewer(b, srv.url + "?token=s3cret")
        b.eval("window.__rerun.setTime(60)", timeout=30)
        b.eval("document.querySelector('.tree .node[data-path=\"/world/points\"] .name').click()")
        b.eval("window.__rerun.idle()")
        rows = b.eval("[...document.querySelectorAll('aside.right table.values tr')].map(r => [r.cells[0].textContent, r.cells[1].textContent])")
        vals = dict(rows)
        check("Points3D:positions" in vals, f"selection panel rows: {rows}")
        check(vals["Points3D:positions"].startswith("[1, -0.5"), f"positions at frame 60: {vals['Points3D:positions']}")
        check(vals.get("Points3D:colors") == str(0x00FF00FF), f"colors at frame 60 (green, 0x00FF00FF): {vals.get('Points3D:colors')}")
        # picking: click a projected point in the 3D view → that entity and instance are selected
        v = view_of(b, "spatial3d", "/world")
        x, y = point_pixels(b, v, 60)[2]
        for t in ("mouseMoved", "mousePressed", "mouseReleased"):
            b.call("Input.dispatchMouseEvent", type=t, x=x, y=y, button="left" if t != "mouseMoved" else "none", clickCount=1)
            time.sleep(0.1)
        b.eval("window.__rerun.idle()")
        title = b.eval("document.querySelector('aside.right h3').textContent")
        check(title == "/world/points #2", f"picking selected {title!r}, expected '/world/points #2'")
        vals = dict(b.eval("[...document.querySelectorAll('aside.right table.values tr')].map(r => [r.cells[0].textContent, r.cells[1].textContent])"))
        check(vals["Points3D:positions"] == "[1, 0, 0.5]", f"picked instance value: {vals['Points3D:positions']}")
    with Server([scene_file()], extra=["--token", "s3cret"]) as srv, Browser() as b:
        b.navigate(srv.url + "?token=wrong")
        time.sleep(1.5)
        check(not b.eval("!!(window.__rerun && window.__rerun.ready)"), "the viewer got data with a wrong token")


def key(b, k, code, vk):
    b.call("Input.dispatchKeyEvent", type="keyDown", key=k, code=code, windowsVirtualKeyCode=vk, text=k if k == " " else "")
    b.call("Input.dispatchKeyEvent", type="keyUp", key=k, code=code, windowsVirtualKeyCode=vk)


def test_playback_and_keys():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        b.eval("window.__rerun.setTime(5)", timeout=30)
        key(b, "ArrowRight", "ArrowRight", 39)
        check(b.eval("window.__rerun.app.time") == 6, "→ did not step the cursor")
        key(b, " ", "Space", 32)
        # Playback advances the cursor (how fast depends on the page's frame rate, which software
        # GL on a loaded machine throttles: wait for progress rather than timing it).
        b.wait_for("window.__rerun.app.time >= 12", timeout=20)
        key(b, " ", "Space", 32)
        t = b.eval("window.__rerun.app.time")
        check(t >= 12 and not b.eval("window.__rerun.app.timePanel.playing"), f"playback: time {t}, still playing after space")
        time.sleep(0.5)
        check(b.eval("window.__rerun.app.time") == t, "the cursor moved after pausing")
        b.eval("window.__rerun.idle()")
        check_log(b, t)


def test_dataframe_view():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        b.eval("(() => { const s = document.querySelector('header select[title=\"add a view\"]'); s.value = 'dataframe'; s.dispatchEvent(new Event('change')); })()")
        b.wait_for("document.querySelectorAll('.dfrow').length > 5", timeout=20)
        status = b.eval("document.querySelector('.pane.dataframe .toolbar .muted').textContent")
        header = b.eval("[...document.querySelectorAll('.dfheader div')].map(d => d.textContent)")
        check(status.endswith("rows") and int(status.split()[0]) >= 100, f"dataframe status {status!r}")
        check("frame" in header and "/signals/ramp:Scalars:scalars" in header, f"dataframe columns {header}")
        fi, ri = header.index("frame"), header.index("/signals/ramp:Scalars:scalars")
        first = b.eval("[...document.querySelector('.dfrow').children].map(d => d.textContent)")
        check(first[fi] == "0" and first[ri] in ("[0]", "0"), f"first row frame/ramp: {first[fi]!r}, {first[ri]!r}")


def test_layout_edit_persists():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        n = len(b.eval("window.__rerun.views()"))
        b.eval("document.querySelector('.leaf button[title=\"split right\"]').click()")
        b.eval("window.__rerun.idle()")
        check(len(b.eval("window.__rerun.views()")) == n + 1, "split did not add a view")
        b.eval("document.querySelectorAll('.leaf button[title=\"close\"]')[1].click()")
        b.eval("window.__rerun.idle()")
        ids = sorted(v["id"] for v in b.eval("window.__rerun.views()"))
        b.navigate(srv.url)
        b.wait_for("window.__rerun && window.__rerun.ready", timeout=30)
        b.eval("window.__rerun.idle()")
        check(sorted(v["id"] for v in b.eval("window.__rerun.views()")) == ids, "the edited layout was not restored after a reload")
        b.eval("[...document.querySelectorAll('header button')].find(x => x.textContent === 'reset layout').click()")
        b.eval("window.__rerun.idle()")
        check(len(b.eval("window.__rerun.views()")) == n, "reset layout did not restore the automatic layout")


def test_reconnect():
    with Server([scene_file()]) as srv, Browser() as b:
        open_viewer(b, srv.url)
        b.eval("window.__rerun.drop()")
        b.wait_for("window.__rerun.app.conn.stats.reconnects >= 1 && window.__rerun.status === 'connected'", timeout=15)
        b.eval("window.__rerun.setTime(70)", timeout=30)
        img = screenshot(b)
        check_2d(b, img, 70)


def test_demo():
    demo = os.path.join(WORK, "demo.rrd")
    from harness import BINARY
    subprocess.run([BINARY, "demo", "--save", demo], check=True, timeout=300, stdout=subprocess.DEVNULL)
    with Server([demo]) as srv, Browser(width=1440, height=900) as b:
        open_viewer(b, srv.url)
        kinds = {v["kind"] for v in b.eval("window.__rerun.views()")}
        for k in ["spatial3d", "spatial2d", "timeseries", "textlog"]:
            check(k in kinds, f"demo: no {k} view in {kinds}")
        v3 = view_of(b, "spatial3d")
        r = v3["rect"]
        box = (int(r["x"]), int(r["y"]), int(r["x"] + r["width"]), int(r["y"] + r["height"]))
        b.eval("window.__rerun.setTime(40)", timeout=30)
        a = screenshot(b)
        save(a, "demo.png")
        b.eval("window.__rerun.setTime(200)", timeout=30)
        c = screenshot(b)
        diff = changed_pixels(a, c, box)
        check(diff > 200, f"demo: scrubbing from frame 40 to 200 changed only {diff} pixels of the 3D view")
        rows = b.eval("document.querySelectorAll('.logrow').length")
        check(rows > 0, "demo: the text log is empty")
        check(not [x for x in b.console if x.startswith("exception") or "render failed" in x], f"demo: page errors {b.console[-5:]}")


LIVE_SDK = """
import sys, time
import rerun as rr
rec = rr.RecordingStream("browser_live", recording_id="live")
rec.connect_grpc(f"rerun+http://127.0.0.1:{sys.argv[1]}/proxy")
for i in range(int(sys.argv[2]), int(sys.argv[3])):
    rec.set_time("frame", sequence=i)
    rec.log("/live/value", rr.Scalars(float(i)))
    rec.log("/live/log", rr.TextLog(f"tick {i}"))
    rec.flush()
    time.sleep(0.02)
rec.flush()
rec.disconnect()
"""


def test_live_follow():
    with Server([]) as srv, Browser() as b:
        b.navigate(srv.url)
        b.wait_for("window.__rerun && window.__rerun.status === 'connected'", timeout=20)
        check(b.eval("!!document.querySelector('.viewport .empty')"), "no empty-state message before data arrives")
        subprocess.run([PYTHON, "-c", LIVE_SDK, str(srv.port), "0", "30"], check=True, timeout=120)
        b.wait_for("window.__rerun.ready && window.__rerun.app.timelineInfo()?.max === 29", timeout=30)
        b.eval("window.__rerun.idle()")
        check(b.eval("window.__rerun.app.time") == 29, "follow mode did not move the cursor to the newest data")
        subprocess.run([PYTHON, "-c", LIVE_SDK, str(srv.port), "30", "60"], check=True, timeout=120)
        b.wait_for("window.__rerun.app.time === 59", timeout=30)
        b.eval("window.__rerun.idle()")
        rows = b.eval("[...document.querySelectorAll('.logrow .x')].map(x => x.textContent)")
        check(rows and rows[-1] == "tick 59", f"text log did not follow the live tail: {rows[-3:]}")


def test_fixtures_open():
    files = sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "rrd", "*.rrd")))
    check(files, "no fixtures found")
    problems = []
    for f in files:
        name = os.path.basename(f)
        with Server([f]) as srv, Browser(width=1100, height=700) as b:
            try:
                open_viewer(b, srv.url)
                views = b.eval("window.__rerun.views()")
                if not views:
                    problems.append(f"{name}: no views")
                errs = [c for c in b.console if c.startswith("exception") or "render failed" in c]
                if errs:
                    problems.append(f"{name}: {errs[:3]}")
                save(screenshot(b), f"fixture_{name[:-4]}.png")
            except Exception as e:
                problems.append(f"{name}: {e}")
    check(not problems, "; ".join(problems))


if __name__ == "__main__":
    if "--screenshots" in sys.argv:
        SHOTS = os.path.abspath(sys.argv[sys.argv.index("--screenshots") + 1])
    only = [a for a in sys.argv[1:] if a.startswith("test_")]
    tests = [test_scene, test_markup_is_never_injected, test_selection_and_token, test_playback_and_keys, test_dataframe_view, test_layout_edit_persists, test_reconnect, test_live_follow, test_demo, test_fixtures_open]
    sys.exit(run_tests([t for t in tests if not only or t.__name__ in only]))
