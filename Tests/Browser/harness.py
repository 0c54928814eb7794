"""Shared pieces of the viewer's browser tests: the server under test, the page, pixel checks."""
import io
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BINARY = os.environ.get("RERUN_SWIFT", os.path.join(ROOT, ".build", "debug", "rerun-swift"))
PYTHON = os.environ.get("RERUN_SWIFT_PYTHON", os.path.join(ROOT, ".venv", "bin", "python"))


class TestFailure(AssertionError):
    pass


def check(cond, message):
    if not cond:
        raise TestFailure(message)


class Server:
    """`rerun-swift serve FILES…` on an ephemeral loopback port; serves the viewer from Viewer/."""

    def __init__(self, files, extra=(), timeout=60):
        self.dir = tempfile.mkdtemp(prefix="rerun-swift-browser-")
        port_file = os.path.join(self.dir, "port")
        self.log_path = os.path.join(self.dir, "server.log")
        self.log = open(self.log_path, "wb")
        cmd = [BINARY, "serve", *files, "--grpc-port", "0", "--web-port", "0", "--port-file", port_file,
               "--web-root", os.path.join(ROOT, "Viewer"), *extra]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + timeout
        self.port = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            if os.path.exists(port_file):
                text = open(port_file).read().strip()
                m = re.search(r'"port"\s*:\s*(\d+)', text) or re.fullmatch(r"(\d+)", text)
                if m:
                    self.port = int(m.group(1))
                    break
            time.sleep(0.05)
        if self.port is None:
            self.close()
            raise TestFailure(f"server did not start: {' '.join(cmd)}\n{open(self.log_path, errors='replace').read()[-2000:]}")
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


def open_viewer(browser, url, timeout=60):
    """Navigates and waits until the viewer has data and is idle."""
    browser.navigate(url)
    browser.wait_for("window.__rerun && window.__rerun.ready", timeout=timeout)
    browser.eval("window.__rerun.idle(30000)", timeout=35)


def screenshot(browser):
    return Image.open(io.BytesIO(browser.screenshot())).convert("RGB")


def view_of(browser, kind, origin=None):
    views = browser.eval("window.__rerun.views()")
    for v in views:
        if v["kind"] == kind and (origin is None or v["origin"] == origin):
            return v
    raise TestFailure(f"no {kind} view{f' at {origin}' if origin else ''}; views: {[(v['kind'], v['origin']) for v in views]}")


def canvas_origin(browser, view_id):
    """Page position of the view's main canvas (CSS px)."""
    return browser.eval(f"""(() => {{ const c = document.querySelector('[data-view="{view_id}"] canvas');
        const r = c.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }})()""")


def near_color(img, x, y, rgb, tol=60, radius=2):
    """Whether any pixel within `radius` of (x, y) is within `tol` (per channel) of `rgb`."""
    w, h = img.size
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            px, py = int(round(x)) + dx, int(round(y)) + dy
            if 0 <= px < w and 0 <= py < h:
                p = img.getpixel((px, py))
                if all(abs(p[i] - rgb[i]) <= tol for i in range(3)):
                    return True
    return False


def count_color(img, box, pred):
    """Number of pixels in box (x0, y0, x1, y1) whose RGB satisfies pred."""
    x0, y0, x1, y1 = [int(v) for v in box]
    a = np.asarray(img.crop((x0, y0, x1, y1)), dtype=np.int32).reshape(-1, 3)
    return int(np.count_nonzero(pred((a[:, 0], a[:, 1], a[:, 2]))))


def changed_pixels(a, b, box, tol=40):
    """Pixels in box whose color differs by more than tol (any channel) between two screenshots."""
    x0, y0, x1, y1 = [int(v) for v in box]
    pa = np.asarray(a.crop((x0, y0, x1, y1)), dtype=np.int32)
    pb = np.asarray(b.crop((x0, y0, x1, y1)), dtype=np.int32)
    return int(np.count_nonzero(np.abs(pa - pb).max(axis=2) > tol))


def reddish(p):
    return (p[0] > 150) & (p[1] < 90) & (p[2] < 90)


def greenish(p):
    return (p[1] > 150) & (p[0] < 90) & (p[2] < 90)


def run_tests(tests):
    """Runs test functions; prints one line each; returns the process exit code."""
    failed = 0
    for t in tests:
        start = time.time()
        try:
            t()
            print(f"ok   {t.__name__} ({time.time() - start:.1f} s)", flush=True)
        except Exception as e:  # report every failure, then exit non-zero
            failed += 1
            print(f"FAIL {t.__name__} ({time.time() - start:.1f} s): {type(e).__name__}: {e}", flush=True)
    print(f"{len(tests) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0
