"""Time one simulation at every position of one slider, in CPython (a script, not a test).

For each value on the slider's grid (the other controls at their defaults) it
times the browser's entry point, ``sims.run_json``: the first call at that value
(what a reader's first move there costs, after the model's one-time set-up,
which is timed separately) and the best of three repeats (a value already
visited). Pyodide runs these numpy kernels about ten times slower: multiply
before comparing with the 50 ms budget of a control move.

    .venv/bin/python benchmarks/slider_timing.py density
    .venv/bin/python benchmarks/slider_timing.py classifier --control T
    .venv/bin/python benchmarks/slider_timing.py density --compute   # each frame computed, no table
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NEURAL_ODES_CACHE", str(ROOT / ".cache" / "trained"))  # as the build sets it
sys.path.insert(0, str(ROOT / "py"))

from neural_odes import sims  # noqa: E402


def grid(decl):
    n = int(round((decl.max - decl.min) / decl.step))
    return [round(decl.min + k * decl.step, 10) for k in range(n + 1)]


def ms(fn):
    t0 = time.perf_counter()
    fn()
    return 1e3 * (time.perf_counter() - t0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sim")
    parser.add_argument("--control", help="the slider to sweep (default: the first range control)")
    parser.add_argument("--compute", action="store_true",
                        help="density only: time computing each frame (what the table saves)")
    args = parser.parse_args()
    controls = sims.controls(args.sim)
    name = args.control or next(n for n, d in controls.items() if d.kind == "range")
    params = {n: d.default for n, d in controls.items()}
    call = lambda v: sims.run_json(args.sim, json.dumps({**params, name: v}))  # noqa: E731
    print(f"{args.sim}: set-up (first call at the defaults) {ms(lambda: call(params[name])):.1f} ms")
    rows = []
    for v in grid(controls[name]):
        if args.compute:
            from neural_odes.sims import density
            first = ms(lambda: density.compute_frame(v))
            again = min(ms(lambda: density.compute_frame(v)) for _ in range(2))
        else:
            first = ms(lambda: call(v))
            again = min(ms(lambda: call(v)) for _ in range(3))
        rows.append((v, first, again))
        print(f"{name} = {v:<6g} first {first:8.2f} ms   again {again:8.2f} ms", flush=True)
    firsts = [r[1] for r in rows]
    print(f"first visits: median {statistics.median(firsts):.2f} ms, max {max(firsts):.2f} ms "
          f"(at {name} = {rows[firsts.index(max(firsts))][0]:g}); {len(rows)} values")


if __name__ == "__main__":
    main()
