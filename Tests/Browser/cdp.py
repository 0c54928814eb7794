"""A small Chromium driver over the DevTools protocol (headless, software GL), for the viewer's
browser tests. Every wait is bounded."""
import base64, json, os, shutil, subprocess, tempfile, time, urllib.request

import websocket

FLAGS = ["--headless=new", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
         "--ignore-gpu-blocklist", "--disable-gpu-vsync", "--hide-scrollbars", "--mute-audio",
         "--no-first-run", "--no-default-browser-check", "--disable-background-timer-throttling",
         "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"]


class BrowserError(Exception):
    pass


class Browser:
    """One headless Chromium with one page. Use as a context manager."""

    def __init__(self, width=1280, height=800, timeout=30):
        self.dir = tempfile.mkdtemp(prefix="rerun-swift-chromium-")
        self.proc = subprocess.Popen(
            [os.environ.get("CHROMIUM", "chromium"), *FLAGS, "--remote-debugging-port=0", f"--user-data-dir={self.dir}",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.dir, "DevToolsActivePort")
        deadline = time.time() + timeout
        port = None
        while time.time() < deadline:
            if os.path.exists(port_file):
                lines = open(port_file).read().split()
                if lines:
                    port = int(lines[0])
                    break
            time.sleep(0.05)
        if port is None:
            self.close()
            raise BrowserError("chromium did not start (no DevToolsActivePort)")
        targets = None
        while time.time() < deadline:
            try:
                targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2))
                if any(t["type"] == "page" for t in targets):
                    break
            except OSError:
                pass
            time.sleep(0.1)
        page = [t for t in (targets or []) if t["type"] == "page"]
        if not page:
            self.close()
            raise BrowserError("chromium has no page target")
        self.ws = websocket.create_connection(page[0]["webSocketDebuggerUrl"], timeout=timeout, suppress_origin=True)
        self.mid = 0
        self.console = []
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def call(self, method, timeout=30, **params):
        self.mid += 1
        mid = self.mid
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.time()))
            m = json.loads(self.ws.recv())
            if m.get("method") == "Runtime.consoleAPICalled":
                args = [a.get("value", a.get("description", "")) for a in m["params"]["args"]]
                self.console.append(f"{m['params']['type']}: {' '.join(map(str, args))}")
            elif m.get("method") == "Runtime.exceptionThrown":
                d = m["params"]["exceptionDetails"]
                self.console.append(f"exception: {d.get('exception', {}).get('description', d.get('text'))}")
            if m.get("id") == mid:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error']}")
                return m.get("result", {})
        raise BrowserError(f"{method}: no answer in {timeout} s")

    def navigate(self, url):
        self.call("Page.navigate", url=url)

    def eval(self, expression, timeout=30):
        """Evaluates JS (awaiting promises) and returns its JSON value; raises on exceptions."""
        r = self.call("Runtime.evaluate", timeout=timeout + 5, expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError(f"JS error: {d.get('exception', {}).get('description', d.get('text'))}")
        return r.get("result", {}).get("value")

    def wait_for(self, expression, timeout=20, interval=0.1):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            try:
                last = self.eval(expression)
                if last:
                    return last
            except BrowserError as e:
                last = str(e)
            time.sleep(interval)
        raise BrowserError(f"timed out waiting for {expression} (last {last!r}); console: {self.console[-10:]}")

    def screenshot(self, path=None, clip=None):
        params = {"format": "png"}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        data = base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])
        if path:
            open(path, "wb").write(data)
        return data

    def close(self):
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()
