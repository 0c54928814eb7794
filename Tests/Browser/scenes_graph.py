"""Writes the graph view's browser-test recording with the official rerun-sdk (deterministic).

  graph.rrd (timeline `frame`):
     /graph/fixed  GraphNodes with explicit positions, colors, radii 12, show_labels off (circles);
                   GraphEdges directed.
                   frame 0:  a (0, 0) red, b (200, 0) green, c (100, 150) blue; a→b, b→c
                   frame 10: + d (300, 150) yellow; + c→d
     /graph/free   GraphNodes without positions (force layout), labels, colors; GraphEdges undirected.
                   frame 0:  x "Xray", y "Yankee", z "Zulu" (one component: x–y, y–z),
                             u "Uniform", v "Victor" (another: u–v), v–ghost (an implicit node)
                   frame 10: + w "Whiskey"; + z–w and w–z (two parallel edges, drawn curved apart)

  graph_big.rrd: /big, 2000 nodes without positions (a binary tree, circles of radius 3), static.

Usage: scenes_graph.py OUTDIR
"""
import os
import sys

import rerun as rr

FIXED = {
    "a": ((0, 0), (255, 0, 0)),
    "b": ((200, 0), (0, 255, 0)),
    "c": ((100, 150), (0, 0, 255)),
    "d": ((300, 150), (255, 255, 0)),
}
FREE = {"x": ("Xray", (0, 220, 220)), "y": ("Yankee", (230, 0, 230)), "z": ("Zulu", (255, 150, 0)),
        "u": ("Uniform", (120, 200, 255)), "v": ("Victor", (180, 255, 120)), "w": ("Whiskey", (255, 120, 160))}


def log_fixed(rec, ids, edges):
    rec.log("/graph/fixed", rr.GraphNodes(ids, positions=[FIXED[i][0] for i in ids], colors=[FIXED[i][1] for i in ids],
                                          radii=12.0, show_labels=False),
            rr.GraphEdges(edges, graph_type="directed"))


def log_free(rec, ids, edges):
    rec.log("/graph/free", rr.GraphNodes(ids, labels=[FREE[i][0] for i in ids], colors=[FREE[i][1] for i in ids]),
            rr.GraphEdges(edges, graph_type="undirected"))


def main(out):
    rec = rr.RecordingStream(application_id="browser_graph", recording_id="rec_graph")
    rec.save(os.path.join(out, "graph.rrd"))
    rec.set_time("frame", sequence=0)
    log_fixed(rec, ["a", "b", "c"], [("a", "b"), ("b", "c")])
    log_free(rec, ["x", "y", "z", "u", "v"], [("x", "y"), ("y", "z"), ("u", "v"), ("v", "ghost")])
    rec.set_time("frame", sequence=10)
    log_fixed(rec, ["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "d")])
    log_free(rec, ["x", "y", "z", "u", "v", "w"], [("x", "y"), ("y", "z"), ("u", "v"), ("v", "ghost"), ("z", "w"), ("w", "z")])
    rec.flush()
    big = rr.RecordingStream(application_id="browser_graph_big", recording_id="rec_graph_big")
    big.save(os.path.join(out, "graph_big.rrd"))
    n = 2000
    big.log("/big", rr.GraphNodes([f"n{i}" for i in range(n)], colors=[(90, 170, 255)], radii=3.0, show_labels=False),
            rr.GraphEdges([(f"n{(i - 1) // 2}", f"n{i}") for i in range(1, n)]), static=True)
    big.flush()


if __name__ == "__main__":
    main(sys.argv[1])
