import Foundation
import RerunTestSupport
import Testing

/// `rerun-swift demo --save` writes the demo scene (`RerunDemo.DemoScene`); the official tools
/// verify the file, and the official reader finds every entity, both timelines and the
/// deterministic values `DemoScene`'s documentation promises (recomputed independently in Python).
@Suite struct DemoSceneTests {
    @Test func demoSceneFileIsVerifiedAndReadBackByTheOfficialSDK() throws {
        let dir = try Oracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("demo.rrd").path
        let frames = 75  // covers every kind of log line (INFO, WARN at 20, ERROR at 70)
        let run = try Oracle.runCapturingStatus(
            executable: Oracle.rerunSwiftExecutable(), arguments: ["demo", "--frames", "\(frames)", "--save", path])
        #expect(run.status == 0, "\(run.output)")
        let verify = try Oracle.runRerun(["rrd", "verify", path])
        #expect(verify.status == 0, "\(verify.output)")
        let checked = try Oracle.runPython(Self.checkScript, arguments: [path, "\(frames)"])
        #expect(String(decoding: checked, as: UTF8.self).hasPrefix("OK"))
    }

    @Test func demoRejectsNegativeFrameCounts() throws {
        let run = try Oracle.runCapturingStatus(executable: Oracle.rerunSwiftExecutable(), arguments: ["demo", "--frames=-3", "--save", "/dev/null"])
        #expect(run.status != 0)
        #expect(run.output.contains("--frames must be 0 or more"), "\(run.output)")
    }

    /// Reads the file with the official `RrdReader` and checks the documented facts; raises
    /// (exits non-zero, naming the fact) on the first mismatch.
    static let checkScript = #"""
import sys, math, rerun as rr, pyarrow as pa, numpy as np
path, frames = sys.argv[1], int(sys.argv[2])
temporal, static, times, entities = {}, {}, {}, set()
reader = rr.chunk.RrdReader(path)
try:
    store = reader.store()
except RuntimeError:  # no footer (a relayed stream): read it eagerly
    store = reader.stream().collect()
for c in store.stream():
    b = c.to_record_batch()
    names, e = b.schema.names, str(c.entity_path)
    entities.add(e)
    comps = [n for n in names if ":" in n]
    if "frame" in names:
        fr = b.column("frame").to_pylist()
        if "time" in names:
            for f, t in zip(fr, b.column("time").cast(pa.int64()).to_pylist()):
                assert times.setdefault(f, t) == t, f"frame {f}: two times"
        for n in comps:
            d = temporal.setdefault((e, n), {})
            for f, v in zip(fr, b.column(n).to_pylist()):
                if v is not None:
                    d[f] = v
    else:
        for n in comps:
            for v in b.column(n).to_pylist():
                if v is not None:
                    static[(e, n)] = v

def check(cond, what):
    if not cond:
        raise AssertionError(what)

def close(a, b, tol, what):
    check(abs(a - b) <= tol, f"{what}: {a} != {b}")

expected_entities = {"/world", "/world/terrain", "/world/robot", "/world/robot/link1", "/world/robot/link1/link2",
    "/world/robot/link1/link2/link3", "/world/robot/link1/link2/link3/gripper", "/world/trail", "/world/robot_skeleton/bones", "/world/robot_skeleton/joints", "/world/camera",
    "/world/camera/image", "/world/camera/image/target", "/world/camera/image/gripper", "/segmentation",
    "/signals/sin", "/signals/cos", "/signals/noise", "/logs", "/readme", "/bars"}
check(expected_entities <= entities, f"missing entities {sorted(expected_entities - entities)}")
all_frames = list(range(frames))

# Timelines: frame f at time f * 1e9 // 30 ns.
check(sorted(times) == all_frames, f"frames {sorted(times)[:5]}…")
for f in all_frames:
    check(times[f] == f * 10**9 // 30, f"time at frame {f}: {times[f]}")

# Signals.
M = (1 << 64) - 1
def unit(seed, i):
    z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & M
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return ((z ^ (z >> 31)) >> 11) * 2.0**-53
series = {"sin": lambda f: math.sin(f / 10), "cos": lambda f: math.cos(f / 10),
          "noise": lambda f: 0.5 * math.sin(f / 25) + 0.4 * (unit(42, f) - 0.5)}
for name, fn in series.items():
    got = temporal[(f"/signals/{name}", "Scalars:scalars")]
    check(sorted(got) == all_frames, f"{name} frames")
    for f in all_frames:
        close(got[f][0], fn(f), 1e-12, f"/signals/{name} at {f}")
check(static[("/signals/sin", "SeriesLines:names")] == ["sin"], "sin series name")
check(static[("/signals/sin", "SeriesLines:colors")] == [(230 << 24) | (60 << 16) | (60 << 8) | 255], "sin color")
check(static[("/signals/noise", "SeriesPoints:markers")] == [1], "noise marker")

# Camera image and segmentation.
def image(f):
    x = np.arange(160)[None, :].repeat(120, 0)
    y = np.arange(120)[:, None].repeat(160, 1)
    img = np.stack([255 * x // 159, 255 * y // 119, np.full_like(x, 96)], -1)
    left = (4 * f) % 128
    sq = (x >= left) & (x < left + 32) & (y >= 44) & (y < 76)
    img[sq] = (255, 255, 255)
    seg = np.where(sq, 1, np.where(y >= 100, 2, 0))
    for xs, ys, color in [(x < 20, y < 20, (255, 0, 0)), (x >= 140, y < 20, (0, 255, 0)),
                          (x < 20, y >= 100, (0, 0, 255)), (x >= 140, y >= 100, (255, 255, 0))]:
        img[xs & ys] = color
    return img.astype(np.uint8), seg.astype(np.uint8)
buffers = temporal[("/world/camera/image", "Image:buffer")]
segs = temporal[("/segmentation", "SegmentationImage:buffer")]
check(sorted(buffers) == all_frames and sorted(segs) == all_frames, "image frames")
fmt = temporal[("/world/camera/image", "Image:format")][0][0]
check(fmt["width"] == 160 and fmt["height"] == 120, f"image format {fmt}")
for f in sorted({0, 10, frames // 2, frames - 1}):
    want, want_seg = image(f)
    got = np.array(buffers[f][0], dtype=np.uint8).reshape(120, 160, 3)
    check((got == want).all(), f"image at frame {f} differs at {np.argwhere(got != want)[:3].tolist()}")
    got_seg = np.array(segs[f][0], dtype=np.uint8).reshape(120, 160)
    check((got_seg == want_seg).all(), f"segmentation at frame {f}")
img0 = np.array(buffers[0][0], dtype=np.uint8).reshape(120, 160, 3)
check(tuple(img0[0, 0]) == (255, 0, 0), "pixel (0, 0) at frame 0")
check(tuple(img0[20, 40]) == (64, 42, 96), "pixel (40, 20) at frame 0")
check((img0[44:76, 0:32] == 255).all() and (img0[44:76, 32] != 255).any(), "square at frame 0")
pin = static[("/world/camera/image", "Pinhole:image_from_camera")][0]
check(list(pin) == [100, 0, 0, 0, 100, 0, 80, 60, 1], f"pinhole {pin}")
check(list(static[("/world/camera/image", "Pinhole:resolution")][0]) == [160, 120], "resolution")
check(list(static[("/world/camera", "Transform3D:translation")][0]) == [5, 0, 1.2000000476837158], "camera position")
check(list(static[("/world/camera", "Transform3D:mat3x3")][0]) == [0, 1, 0, 0, 0, -1, -1, 0, 0], "camera rotation")
classes = static[("/segmentation", "AnnotationContext:context")][0]
check([m["class_id"] for m in classes] == [0, 1, 2], f"classes {classes}")

# Robot arm: joint angles, forward kinematics, projection into the image, trail.
def angles(f):
    return 0.03 * f, -0.6 + 0.4 * math.sin(f / 20), 0.8 * math.sin(f / 13)
def gripper(f):
    yaw, shoulder, elbow = angles(f)
    x, z = 0.9 + 0.6 * math.cos(elbow), -0.6 * math.sin(elbow)
    x, z = x * math.cos(shoulder) + z * math.sin(shoulder), -x * math.sin(shoulder) + z * math.cos(shoulder) + 1.0
    return np.array([x * math.cos(yaw), x * math.sin(yaw), z + 0.2])
for joint, index in [("/world/robot/link1", 0), ("/world/robot/link1/link2", 1), ("/world/robot/link1/link2/link3", 2)]:
    rot = temporal[(joint, "Transform3D:rotation_axis_angle")]
    check(sorted(rot) == all_frames, f"{joint} frames")
    for f in all_frames:
        close(rot[f][0]["angle"], angles(f)[index], 1e-5, f"{joint} angle at {f}")
check(static[("/world/robot/link1/link2/link3/gripper", "Transform3D:translation")][0] == [0.6000000238418579, 0, 0], "gripper offset")
points = temporal[("/world/camera/image/gripper", "Points2D:positions")]
trail = temporal[("/world/trail", "LineStrips3D:strips")]
for f in all_frames:
    d = gripper(f) - np.array([5, 0, 1.2])
    u, v = 100 * d[1] / -d[0] + 80, 100 * -d[2] / -d[0] + 60
    close(points[f][0][0], u, 1e-3, f"gripper u at {f}")
    close(points[f][0][1], v, 1e-3, f"gripper v at {f}")
    bones = temporal[("/world/robot_skeleton/bones", "LineStrips3D:strips")][f][0]
    check(len(bones) == 4 and np.allclose(bones[-1], gripper(f), atol=1e-5), f"skeleton at {f}: {bones}")
    check(np.allclose(bones[0], [0, 0, 0.2], atol=1e-6), f"yaw joint at {f}: {bones[0]}")
    strip = trail[f][0]
    check(len(strip) == min(f + 1, 30), f"trail length at {f}")
    check(np.allclose(strip[-1], gripper(f), atol=1e-5), f"trail end at {f}: {strip[-1]} vs {gripper(f)}")

# Terrain.
pos = np.array(static[("/world/terrain", "Points3D:positions")])
check(pos.shape == (3600, 3), f"terrain shape {pos.shape}")
check(np.allclose(pos.min(0)[:2], [-3, -3]) and np.allclose(pos.max(0)[:2], [3, 3]), "terrain x/y extent")
check(pos[:, 2].min() >= -0.5 - 1e-6 and pos[:, 2].max() <= -0.1 + 1e-6, "terrain z extent")
z0 = -0.3 + 0.2 * math.sin(-4.5) * math.cos(-4.5)
close(pos[0][2], z0, 1e-6, "terrain point 0")
t = (z0 + 0.5) / 0.4
c0 = static[("/world/terrain", "Points3D:colors")][0]
check(c0 == (round(255 * t) << 24) | (round(120 + 60 * t) << 16) | (round(255 * (1 - t)) << 8) | 255, f"terrain color 0: {c0:08x}")

# Text.
logs = temporal[("/logs", "TextLog:text")]
levels = temporal[("/logs", "TextLog:level")]
check(sorted(logs) == [f for f in all_frames if f % 10 == 0], f"log frames {sorted(logs)}")
for f in logs:
    want = "ERROR" if f % 100 == 70 else "WARN" if f % 50 == 20 else "INFO"
    check(levels[f] == [want], f"level at {f}: {levels[f]}")
    text = logs[f][0]
    if want == "INFO":
        g = gripper(f)
        check(text.startswith(f"frame {f}: gripper at (") and f"{g[2]:.2f}" in text, f"log at {f}: {text}")
    else:
        check(text == f"frame {f}: " + ("simulated sensor dropout" if want == "ERROR" else "elbow joint near its limit"), text)
doc = static[("/readme", "TextDocument:text")]
check(doc[0].startswith("# rerun-swift demo"), "document")
check(static[("/readme", "TextDocument:media_type")] == ["text/markdown"], "document media type")
bars = temporal[("/bars", "BarChart:values")]
check(sorted(bars) == all_frames, "bar frames")
check(list(bars[0][0]["shape"]) == [8], f"bar shape {bars[0][0]}")
check(static[("/world", "ViewCoordinates:xyz")] == [[3, 5, 1]], f"view coordinates {static[('/world', 'ViewCoordinates:xyz')]}")
print("OK", len(entities), "entities")
"""#
}
