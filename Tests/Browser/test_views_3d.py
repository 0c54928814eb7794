#!/usr/bin/env python3
"""Browser tests of the 3D view (headless Chromium against a real `rerun-swift serve`): box fill
modes, line widths (hairline and UI-point radii), picking of lines, boxes, arrows, ellipsoids,
meshes (GPU pick pass) and of clouds too big for it (CPU path), hover highlight, selection.

Usage: test_views_3d.py [--screenshots DIR] [test_name …]   (DIR: where to write Docs/screenshots/3d_*.png)
"""
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from harness import PYTHON, ROOT, Server, canvas_origin, check, open_viewer, run_tests, screenshot, view_of  # noqa: E402
import scenes_3d as S  # noqa: E402  (the scene's geometry, shared with the writer)

SHOTS = None
WORK = tempfile.mkdtemp(prefix="rerun-swift-browser-3d-")


def scene_file(name="scene3d.rrd"):
    path = os.path.join(WORK, name)
    if not os.path.exists(path):
        subprocess.run([PYTHON, os.path.join(ROOT, "Tests", "Browser", "scenes_3d.py"), WORK], check=True, timeout=120)
    return path


def save(img, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        img.save(os.path.join(SHOTS, name))


class View3D:
    """The scene's 3D view in one browser: projection of world points to page pixels, hover, click."""

    def __init__(self, b):
        self.b = b
        self.v = view_of(b, "spatial3d")
        self.id = json.dumps(self.v["id"])
        self.ox, self.oy, _, _ = canvas_origin(b, self.v["id"])

    def page(self, world):
        q = self.b.eval(f"window.__rerun.view({self.id}).projectToCanvas({json.dumps(world)})")
        check(q is not None, f"{world} does not project")
        return (self.ox + q[0], self.oy + q[1])

    def move(self, x, y):
        self.b.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y, button="none")
        time.sleep(0.08)  # hover picking is throttled to one pick per 50 ms
        self.b.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + 0.5, y=y, button="none")
        self.b.eval("window.__rerun.idle()")

    def hovered(self):
        return self.b.eval(f"window.__rerun.view({self.id}).hoverText()")

    def click(self, x, y):
        for t in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.b.call("Input.dispatchMouseEvent", type=t, x=x, y=y, button="left" if t != "mouseMoved" else "none", clickCount=1)
            time.sleep(0.06)
        self.b.eval("window.__rerun.idle()")
        return self.b.eval("document.querySelector('aside.right h3')?.textContent ?? null")


def lerp(a, b, t):
    return tuple(a[i] + (b[i] - a[i]) * t for i in range(len(a)))


def close(p, rgb, tol):
    return all(abs(p[i] - rgb[i]) <= tol for i in range(3))


def open_scene(b, srv):
    open_viewer(b, srv.url)
    b.wait_for("window.__rerun.views().some(v => v.kind === 'spatial3d')", timeout=20)
    b.eval("window.__rerun.idle()")
    return View3D(b)


def test_box_fill_modes():
    with Server([scene_file()]) as srv, Browser() as b:
        v = open_scene(b, srv)
        img = screenshot(b)
        save(img, "3d_fill_modes_and_lines.png")
        # the solid box's projected center is filled with (shaded) red
        x, y = v.page(S.SOLID["center"])
        p = img.getpixel((int(x), int(y)))
        check(p[0] > 60 and p[1] < 30 and p[2] < 30, f"solid box center ({x:.0f}, {y:.0f}) is {p}, expected a shade of red")
        # the wireframe box: its center (and surroundings) are not green, but its edges are
        x, y = v.page(S.WIRE["center"])
        greens = sum(1 for dx in range(-4, 5) for dy in range(-4, 5) if close(img.getpixel((int(x) + dx, int(y) + dy)), (0, 255, 0), 60))
        check(greens == 0, f"wireframe box center ({x:.0f}, {y:.0f}) has {greens} green pixels near it")
        c, h = S.WIRE["center"], S.WIRE["half"]
        edge_mid = [c[0] + h[0], c[1], c[2] + h[2]]  # the middle of a top edge
        ex, ey = v.page(edge_mid)
        check(any(close(img.getpixel((int(ex) + dx, int(ey) + dy)), (0, 255, 0), 60) for dx in range(-2, 3) for dy in range(-2, 3)),
              f"no green wireframe edge at ({ex:.0f}, {ey:.0f})")
        # transparent fill: the center is a blend of blue and the background, the edges are full blue
        x, y = v.page(S.GLASS["center"])
        p = img.getpixel((int(x), int(y)))
        check(p[2] > p[1] + 20 and p[2] > p[0] + 20 and p[2] < 200, f"transparent box center ({x:.0f}, {y:.0f}) is {p}, expected a see-through blue")
        c, h = S.GLASS["center"], S.GLASS["half"]
        ex, ey = v.page([c[0] + h[0], c[1], c[2] + h[2]])
        check(any(close(img.getpixel((int(ex) + dx, int(ey) + dy)), (0, 0, 255), 40) for dx in range(-2, 3) for dy in range(-2, 3)),
              f"no blue edge on the transparent box at ({ex:.0f}, {ey:.0f})")
        # ellipsoids: a solid one is filled (shaded orange), a wireframe one is empty inside
        x, y = v.page(S.BALL["center"])
        p = img.getpixel((int(x), int(y)))
        check(p[0] > 100 and 25 < p[1] < p[0] and p[2] < 30, f"solid ellipsoid center ({x:.0f}, {y:.0f}) is {p}, expected a shade of orange")
        x, y = v.page(S.RING["center"])
        whites = sum(1 for dx in range(-3, 4) for dy in range(-3, 4) if close(img.getpixel((int(x) + dx, int(y) + dy)), (255, 255, 255), 40))
        check(whites == 0, f"wireframe ellipsoid center ({x:.0f}, {y:.0f}) has {whites} white pixels near it")
        c, h = S.RING["center"], S.RING["half"]
        ex, ey = v.page([c[0] + h[0], c[1], c[2]])  # on the equator ring
        check(any(close(img.getpixel((int(ex) + dx, int(ey) + dy)), (255, 255, 255), 40) for dx in range(-2, 3) for dy in range(-2, 3)),
              f"no white ellipse at ({ex:.0f}, {ey:.0f})")
        check(not [c for c in b.console if c.startswith("exception") or "render failed" in c], f"page errors: {b.console[-5:]}")


def test_line_widths():
    with Server([scene_file()]) as srv, Browser() as b:
        v = open_scene(b, srv)
        img = screenshot(b)
        # a strip without radius draws a visible 1-pixel line of its color along its projection
        a, c = v.page(S.STRIP["points"][0]), v.page(S.STRIP["points"][1])
        missing = []
        for k in range(1, 20):
            x, y = lerp(a, c, k / 20)
            if not any(close(img.getpixel((int(round(x)) + dx, int(round(y)) + dy)), S.STRIP["color"], 50) for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
                missing.append((round(x), round(y)))
        check(not missing, f"hairline strip has no pixels of its color at {missing}")
        # ... and it is thin: at its middle, at most 2 pixels of its color in a vertical run
        x, y = lerp(a, c, 0.5)
        run = sum(1 for dy in range(-8, 9) if close(img.getpixel((int(round(x)), int(round(y)) + dy)), S.STRIP["color"], 50))
        check(1 <= run <= 2, f"hairline strip is {run} pixels thick at its middle")
        # a radius of -3 (UI points) is 6 pixels wide whatever the zoom
        def thick_run():
            img = screenshot(b)
            a, c = v.page(S.THICK["points"][0]), v.page(S.THICK["points"][1])
            x, y = lerp(a, c, 0.5)
            # the line is nearly horizontal on screen: count its color across it vertically
            return sum(1 for dy in range(-12, 13) if close(img.getpixel((int(round(x)), int(round(y)) + dy)), S.THICK["color"], 60))
        run = thick_run()
        check(5 <= run <= 8, f"radius -3 line is {run} pixels thick (expected about 6)")
        b.eval(f"(() => {{ const w = window.__rerun.view({v.id}); w.camera.zoom(1.6); w.userMoved = true; window.__rerun.app.requestRender(w); }})()")
        b.eval("window.__rerun.idle()")
        run2 = thick_run()
        check(5 <= run2 <= 8, f"after zooming out, the radius -3 line is {run2} pixels thick (expected about 6 still)")


def test_hover_and_select():
    with Server([scene_file()]) as srv, Browser() as b:
        v = open_scene(b, srv)
        # a hairline strip: hovering its middle names it
        x, y = lerp(v.page(S.STRIP["points"][0]), v.page(S.STRIP["points"][1]), 0.4)
        v.move(x, y)
        check(v.hovered() == "/world/strip #0", f"hovering the strip shows {v.hovered()!r}")
        # the hovered strip is drawn lightened (away from the cursor, where the hover ring is not)
        img = screenshot(b)
        hx, hy = lerp(v.page(S.STRIP["points"][0]), v.page(S.STRIP["points"][1]), 0.8)
        around = [img.getpixel((int(round(hx)) + dx, int(round(hy)) + dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        check(not any(close(p, S.STRIP["color"], 30) for p in around) and any(p[0] > 100 and p[2] > 200 for p in around),
              f"the hovered strip is not highlighted near ({hx:.0f}, {hy:.0f}): {around}")
        # an edge of the wireframe box
        c, h = S.WIRE["center"], S.WIRE["half"]
        x, y = v.page([c[0] + h[0], c[1], c[2] + h[2]])
        v.move(x, y)
        check(v.hovered() == "/world/wire #0", f"hovering the wireframe box edge shows {v.hovered()!r}")
        # inside the wireframe box there is nothing to hover
        x, y = v.page(S.WIRE["center"])
        v.move(x, y)
        check(v.hovered() is None, f"hovering the empty inside of the wireframe box shows {v.hovered()!r}")
        # the solid box's face
        x, y = v.page(S.SOLID["center"])
        v.move(x, y)
        check(v.hovered() == "/world/solid #0", f"hovering the solid box shows {v.hovered()!r}")
        img = screenshot(b)
        save(img, "3d_hover_box.png")
        # the arrow's shaft and the mesh
        x, y = lerp(v.page(S.ARROW["origin"]), v.page([S.ARROW["origin"][i] + S.ARROW["vector"][i] for i in range(3)]), 0.4)
        v.move(x, y)
        check(v.hovered() == "/world/arrow #0", f"hovering the arrow shows {v.hovered()!r}")
        tri = S.TRI["vertices"]
        x, y = v.page([sum(p[i] for p in tri) / 3 for i in range(3)])
        v.move(x, y)
        check(v.hovered() == "/world/tri", f"hovering the mesh shows {v.hovered()!r}")
        x, y = v.page(S.BALL["center"])
        v.move(x, y)
        check(v.hovered() == "/world/ball #0", f"hovering the solid ellipsoid shows {v.hovered()!r}")
        # clicking selects through the app's selection (entity + instance)
        x, y = lerp(v.page(S.THICK["points"][0]), v.page(S.THICK["points"][1]), 0.6)
        title = v.click(x, y)
        check(title == "/world/thick #0", f"clicking the thick strip selected {title!r}")
        x, y = v.page(S.SOLID["center"])
        title = v.click(x, y)
        check(title == "/world/solid #0", f"clicking the solid box selected {title!r}")
        check(not [c for c in b.console if c.startswith("exception") or "render failed" in c], f"page errors: {b.console[-5:]}")


def test_big_cloud_hover():
    # clouds too big for the GPU pick pass are picked on the CPU: same hover text and selection
    with Server([scene_file("cloud3d.rrd")]) as srv, Browser() as b:
        v = open_scene(b, srv)
        x, y = v.page(S.CLOUD_TARGET)
        v.move(x, y)
        check(v.hovered() == "/cloud #0", f"hovering the isolated point of the big cloud shows {v.hovered()!r}")
        title = v.click(x, y)
        check(title == "/cloud #0", f"clicking the isolated point selected {title!r}")
        v.move(x + 40, y + 40)
        check(v.hovered() is None, f"hovering empty space next to the cloud shows {v.hovered()!r}")


if __name__ == "__main__":
    if "--screenshots" in sys.argv:
        SHOTS = os.path.abspath(sys.argv[sys.argv.index("--screenshots") + 1])
    only = [a for a in sys.argv[1:] if a.startswith("test_")]
    tests = [test_box_fill_modes, test_line_widths, test_hover_and_select, test_big_cloud_hover]
    sys.exit(run_tests([t for t in tests if not only or t.__name__ in only]))
