"""Writes the 3D view browser test's recording with the official rerun-sdk (deterministic content).

  scene3d.rrd (static, Z up):
     /world            ViewCoordinates RIGHT_HAND_Z_UP
     /world/solid      Boxes3D center (-2, 0, 0), half sizes (0.6, 0.6, 0.1), red (255, 0, 0), fill_mode Solid
     /world/wire       Boxes3D center (2, 0, 0), half sizes (0.6, 0.6, 0.1), green (0, 255, 0), default fill mode
     /world/strip      LineStrips3D (-2, 2, 0.5) → (2, 2, 0.5), blue (0, 128, 255), no radius (1-pixel hairline)
     /world/thick      LineStrips3D (-2, -2, 0.5) → (2, -2, 0.5), yellow (255, 255, 0), radius -3 (3 UI points)
     /world/arrow      Arrows3D origin (3, 3, 0), vector (0, 0, 0.6), magenta (255, 0, 255)
     /world/tri        Mesh3D one triangle at z = -1 around (0, 0), cyan (0, 255, 255)
     /world/glass      Boxes3D center (0, 3.5, 0), half sizes (0.6, 0.6, 0.1), blue (0, 0, 255), TransparentFillMajorWireframe
     /world/ball       Ellipsoids3D center (-3.5, -3.5, 0.5), half sizes (0.5, 0.5, 0.5), orange (255, 128, 0), Solid
     /world/ring       Ellipsoids3D center (3.5, -3.5, 0.5), half sizes (0.6, 0.6, 0.3), white (255, 255, 255), default fill mode

  cloud3d.rrd (static): /cloud Points3D, 150,000 points (more than the GPU pick pass takes, so
     hovering uses the CPU path): point 0 alone at CLOUD_TARGET, the rest in a blob around the origin.

Usage: scenes_3d.py OUTDIR
"""
import os
import sys

import numpy as np
import rerun as rr

SOLID = dict(center=[-2, 0, 0], half=[0.6, 0.6, 0.1], color=[255, 0, 0])
WIRE = dict(center=[2, 0, 0], half=[0.6, 0.6, 0.1], color=[0, 255, 0])
STRIP = dict(points=[[-2, 2, 0.5], [2, 2, 0.5]], color=[0, 128, 255])
THICK = dict(points=[[-2, -2, 0.5], [2, -2, 0.5]], color=[255, 255, 0], radius=-3.0)
ARROW = dict(origin=[3, 3, 0], vector=[0, 0, 0.6], color=[255, 0, 255])
GLASS = dict(center=[0, 3.5, 0], half=[0.6, 0.6, 0.1], color=[0, 0, 255])
BALL = dict(center=[-3.5, -3.5, 0.5], half=[0.5, 0.5, 0.5], color=[255, 128, 0])
RING = dict(center=[3.5, -3.5, 0.5], half=[0.6, 0.6, 0.3], color=[255, 255, 255])
TRI = dict(vertices=[[-0.5, -0.5, -1], [0.5, -0.5, -1], [0, 0.5, -1]], color=[0, 255, 255])


CLOUD_N = 150_000
CLOUD_TARGET = [4.0, 4.0, 1.0]


def cloud3d(out):
    rec = rr.RecordingStream(application_id="browser_3d_cloud", recording_id="rec_3d_cloud")
    rec.save(os.path.join(out, "cloud3d.rrd"))
    rng = np.random.default_rng(3)
    pts = (rng.normal(size=(CLOUD_N, 3)) * 0.5).astype(np.float32)
    pts[0] = CLOUD_TARGET
    rec.log("/cloud", rr.Points3D(pts, colors=[[200, 200, 60]], radii=-2.0), static=True)
    rec.flush()
    rec.disconnect()


def scene3d(out):
    rec = rr.RecordingStream(application_id="browser_3d", recording_id="rec_3d")
    rec.save(os.path.join(out, "scene3d.rrd"))
    rec.log("/world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
    rec.log("/world/solid", rr.Boxes3D(centers=[SOLID["center"]], half_sizes=[SOLID["half"]], colors=[SOLID["color"]],
                                       fill_mode=rr.components.FillMode.Solid), static=True)
    rec.log("/world/wire", rr.Boxes3D(centers=[WIRE["center"]], half_sizes=[WIRE["half"]], colors=[WIRE["color"]]), static=True)
    rec.log("/world/strip", rr.LineStrips3D([STRIP["points"]], colors=[STRIP["color"]]), static=True)
    rec.log("/world/thick", rr.LineStrips3D([THICK["points"]], colors=[THICK["color"]], radii=[THICK["radius"]]), static=True)
    rec.log("/world/arrow", rr.Arrows3D(origins=[ARROW["origin"]], vectors=[ARROW["vector"]], colors=[ARROW["color"]]), static=True)
    rec.log("/world/tri", rr.Mesh3D(vertex_positions=TRI["vertices"], triangle_indices=[[0, 1, 2]], albedo_factor=TRI["color"]), static=True)
    rec.log("/world/glass", rr.Boxes3D(centers=[GLASS["center"]], half_sizes=[GLASS["half"]], colors=[GLASS["color"]],
                                       fill_mode=rr.components.FillMode.TransparentFillMajorWireframe), static=True)
    rec.log("/world/ball", rr.Ellipsoids3D(centers=[BALL["center"]], half_sizes=[BALL["half"]], colors=[BALL["color"]],
                                           fill_mode=rr.components.FillMode.Solid), static=True)
    rec.log("/world/ring", rr.Ellipsoids3D(centers=[RING["center"]], half_sizes=[RING["half"]], colors=[RING["color"]]), static=True)
    rec.flush()
    rec.disconnect()


if __name__ == "__main__":
    os.makedirs(sys.argv[1], exist_ok=True)
    scene3d(sys.argv[1])
    cloud3d(sys.argv[1])
