"""Writes the 2D-view browser test recording with the official rerun-sdk (static, deterministic).

  pinhole2d.rrd:
    /world                      ViewCoordinates RIGHT_HAND_Z_UP
    /world/cam                  Transform3D (translation CAM_T, rotation CAM_R: looks along world +Y)
                                + Pinhole (K: fx 120, fy 100, cx 90, cy 70; 200×150; RDF)
    /world/cam/image            Image 200×150, dark gray
    /world/cam/image/arrows     Arrows2D: 2 arrows (magenta, cyan), labels
    /world/cam/image/line{0,1,2} LineStrips2D at LINE_ROWS with radii LINE_RADII (unset, scene units, UI points)
    /world/flu                  Transform3D (translation FLU_T) + Pinhole camera_xyz=FLU (looks along world +X)
                                (K: f 80, 160×120, principal point centered)
    /world/flu/image            Image 160×120, dark gray
    /world/points               Points3D: POINTS (world), colors COLORS, radius RADIUS (scene units);
                                the last one is behind the /world/cam camera
    /world/line                 LineStrips3D: one orange strip crossing the /world/cam view
    /depth                      DepthImage 40×30 u16, meter 1000, depth_range [1000, 3000]: left half 500
                                (below the range), right half 3000 (its top), rows 0…4 zero (no data)

The pixel math the test checks against lives here too (pure numpy): `project_cam` and `project_flu`.

Usage: scenes_2d.py OUTDIR
"""
import os
import sys

import numpy as np

CAM_T = np.array([0.0, -5.0, 1.0])
# rows of the rotation world_from_camera: camera X (right) = world +X, Y (down) = world -Z, Z (forward) = world +Y
CAM_R = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, -1.0, 0.0]])
CAM_K = np.array([[120.0, 0.0, 90.0], [0.0, 100.0, 70.0], [0.0, 0.0, 1.0]])
CAM_RES = (200, 150)

FLU_T = np.array([-5.0, 0.0, 1.0])
FLU_K = np.array([[80.0, 0.0, 80.0], [0.0, 80.0, 60.0], [0.0, 0.0, 1.0]])
FLU_RES = (160, 120)

POINTS = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 1.5], [-1.0, 2.0, 0.0], [0.5, -10.0, 0.5]], dtype=np.float32)
COLORS = [(255, 40, 40), (40, 255, 40), (60, 60, 255), (255, 255, 0)]
RADIUS = 0.12
LINE = np.array([[-1.0, 1.0, 2.0], [1.0, 1.0, 2.0]], dtype=np.float32)
LINE_COLOR = (255, 140, 0)

DEPTH_SIZE = (40, 30)
DEPTH_RANGE = [1000.0, 3000.0]
# ends of the Turbo colormap (the DepthImage default)
TURBO_LOW, TURBO_HIGH = (48, 18, 59), (122, 4, 3)

ARROW_ORIGINS = np.array([[20.0, 20.0], [20.0, 130.0]], dtype=np.float32)
ARROW_VECTORS = np.array([[60.0, 0.0], [40.0, -40.0]], dtype=np.float32)
ARROW_COLORS = [(255, 0, 255), (0, 255, 255)]

# horizontal LineStrips2D from x 130 to 190 at these rows: radius unset (1 px), 2 scene units, 3 UI points
LINE_ROWS = [100.0, 112.0, 124.0]
LINE_RADII = [None, 2.0, -3.0]
LINE_COLORS = [(255, 128, 192), (128, 255, 192), (192, 128, 255)]


def project_cam(p):
    """Pixel (u, v) of a world point in /world/cam's image, or None behind the camera."""
    c = CAM_R.T @ (np.asarray(p, dtype=np.float64) - CAM_T)  # camera RDF coordinates
    if c[2] <= 0:
        return None
    q = CAM_K @ c
    return (q[0] / q[2], q[1] / q[2])


def naive_project_cam(p):
    """The projection without culling (where a point behind the camera would wrongly land)."""
    c = CAM_R.T @ (np.asarray(p, dtype=np.float64) - CAM_T)
    q = CAM_K @ c
    return (q[0] / q[2], q[1] / q[2])


def project_flu(p):
    """Pixel (u, v) of a world point in /world/flu's image (camera axes X fwd, Y left, Z up)."""
    f = np.asarray(p, dtype=np.float64) - FLU_T  # FLU camera coordinates (no rotation)
    rdf = np.array([-f[1], -f[2], f[0]])
    if rdf[2] <= 0:
        return None
    q = FLU_K @ rdf
    return (q[0] / q[2], q[1] / q[2])


def write(out):
    import rerun as rr
    rec = rr.RecordingStream(application_id="browser_views_2d", recording_id="rec_views_2d")
    rec.save(os.path.join(out, "pinhole2d.rrd"))
    rec.log("/world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
    rec.log("/world/cam", rr.Transform3D(translation=CAM_T, mat3x3=CAM_R), static=True)
    rec.log("/world/cam", rr.Pinhole(image_from_camera=CAM_K, resolution=list(CAM_RES)), static=True)
    rec.log("/world/cam/image", rr.Image(np.full((CAM_RES[1], CAM_RES[0], 3), 40, dtype=np.uint8)), static=True)
    rec.log("/world/cam/image/arrows", rr.Arrows2D(origins=ARROW_ORIGINS, vectors=ARROW_VECTORS, colors=ARROW_COLORS,
                                                   radii=1.0, labels=["first", "second"]), static=True)
    for i, (row, r, c) in enumerate(zip(LINE_ROWS, LINE_RADII, LINE_COLORS)):
        strip = rr.LineStrips2D([[[130.0, row], [190.0, row]]], colors=[c], radii=None if r is None else [rr.Radius.ui_points(-r) if r < 0 else r])
        rec.log(f"/world/cam/image/line{i}", strip, static=True)
    rec.log("/world/flu", rr.Transform3D(translation=FLU_T), static=True)
    rec.log("/world/flu", rr.Pinhole(image_from_camera=FLU_K, resolution=list(FLU_RES), camera_xyz=rr.ViewCoordinates.FLU), static=True)
    rec.log("/world/flu/image", rr.Image(np.full((FLU_RES[1], FLU_RES[0], 3), 40, dtype=np.uint8)), static=True)
    rec.log("/world/points", rr.Points3D(POINTS, colors=COLORS, radii=RADIUS), static=True)
    rec.log("/world/line", rr.LineStrips3D([LINE], colors=[LINE_COLOR]), static=True)
    depth = np.zeros((DEPTH_SIZE[1], DEPTH_SIZE[0]), dtype=np.uint16)
    depth[5:, :DEPTH_SIZE[0] // 2] = 500
    depth[5:, DEPTH_SIZE[0] // 2:] = 3000
    rec.log("/depth", rr.DepthImage(depth, meter=1000.0, depth_range=DEPTH_RANGE), static=True)
    rec.flush()
    rec.disconnect()


if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    write(sys.argv[1])
