"""Pairs our and the official implementation's benchmark figures and prints medians and ratios.

Input: JSON lines {"area", "case", "impl": "swift"|"official", "value", "unit", "higher_is_better"}.
"""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
meta = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    rows[(r["case"], r["impl"])].append(r["value"])
    meta[r["case"]] = (r["unit"], r.get("higher_is_better", True), r.get("official_name", "official"))

cases = sorted({c for c, _ in rows}, key=lambda c: list(meta).index(c))
print(f"{'case':<44} {'swift':>12} {'official':>12} {'unit':<8} {'ratio':>7}  (n)")
for case in cases:
    unit, higher, official = meta[case]
    ours = rows.get((case, "swift"), [])
    theirs = rows.get((case, "official"), [])
    mo = statistics.median(ours) if ours else float("nan")
    mt = statistics.median(theirs) if theirs else float("nan")
    if ours and theirs and mt > 0 and mo > 0:
        ratio = mo / mt if higher else mt / mo
        rs = f"{ratio:6.2f}x"
    else:
        rs = "   n/a"
    print(f"{case:<44} {mo:>12.3f} {mt:>12.3f} {unit:<8} {rs}  ({len(ours)}/{len(theirs)})  vs {official}")
print("ratio > 1: ours is better (faster / higher throughput)")
