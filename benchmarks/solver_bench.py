"""Benchmark: our Dormand–Prince against scipy's ``solve_ivp(method="RK45")``.

Both run the same problems at the same rtol = atol. Runs are interleaved (ours,
scipy, ours, scipy, ...) and medians are taken, so a burst of load on the machine
hits both alike. For every problem and tolerance it prints

* ``time``      wall-time ratio scipy / ours (above 1: ours is faster);
* ``cpu``       the same ratio from process CPU time, which a busy machine
                disturbs much less than wall time;
* ``nfe``       NFE ratio ours / scipy;
* ``err``       error ratio ours / scipy, errors measured at ``t1`` against a
                tight reference (scipy DOP853, rtol = atol = 1e-13);
* ``ovh/step``  per-step overhead, i.e. time spent outside ``f`` divided by the
                number of accepted steps, for ours and for scipy. In every
                interleaved run each solver runs once more with ``f`` wrapped
                in a timer (the same wrapper for both), and overhead = that
                run's wall time minus the time measured inside ``f``; the
                median over runs is reported. The wrapper's own cost (two
                clock reads per call) falls partly outside ``f`` and so counts
                against both solvers alike. Timing ``f`` alone in a separate
                loop instead would undercount it: in a tight loop over one
                state ``f`` runs about 5% faster than inside a solve, and that
                difference would be billed to the solver.

Goals: time ratio >= 0.95, overhead ours <= 0.5 x scipy's, NFE ratio <= 1.05,
error ratio <= 1.5, at every tolerance.

Run:  .venv/bin/python benchmarks/solver_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # same for both; tiny arrays

import numpy as np  # noqa: E402
from scipy.integrate import solve_ivp  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "py"))
from neural_odes.fields import swirl  # noqa: E402
from neural_odes.solvers import solve_ivp_adaptive  # noqa: E402


def van_der_pol(t, y):
    return np.array([y[1], 2.0 * (1.0 - y[0] * y[0]) * y[1] - y[0]])


def make_linear(d, seed=0):
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((d, d)) / np.sqrt(d)
    A = M - M.T - 0.2 * np.eye(d)  # rotation-dominated, gently damped

    def f(t, y):
        return A @ y

    return f, rng.standard_normal(d)


_L96 = 8
_NEXT = (np.arange(_L96) + 1) % _L96
_PREV = (np.arange(_L96) - 1) % _L96
_PREV2 = (np.arange(_L96) - 2) % _L96


def lorenz96(t, y, F=8.0):
    """Lorenz-96 with 8 sites (chaotic for F = 8)."""
    return (y[_NEXT] - y[_PREV2]) * y[_PREV] - y + F


def batch_problem(n=500, seed=1):
    z0 = np.random.default_rng(seed).uniform(-2.0, 2.0, (n, 2))

    def flat(t, y):
        return swirl(t, y.reshape(n, 2)).reshape(-1)

    return swirl, flat, z0


def problems():
    lin16, y16 = make_linear(16)
    lin64, y64 = make_linear(64)
    l96_0 = 8.0 + 0.01 * np.sin(np.arange(8))
    swirl_f, swirl_flat, z0 = batch_problem()
    # name, our f, our y0, scipy's f (flat state), scipy's y0, t_span
    return [
        ("vdp d=2", van_der_pol, np.array([2.0, 0.0]), van_der_pol, np.array([2.0, 0.0]), (0.0, 10.0)),
        ("lorenz96 d=8", lorenz96, l96_0, lorenz96, l96_0, (0.0, 2.0)),
        ("linear d=16", lin16, y16, lin16, y16, (0.0, 10.0)),
        ("linear d=64", lin64, y64, lin64, y64, (0.0, 10.0)),
        ("batch 500x2", swirl_f, z0, swirl_flat, z0.reshape(-1), (0.0, 5.0)),
    ]


def timing_wrapper(f):
    """``f`` wrapped to add its own wall time to ``spent[0]`` at every call."""
    clock = time.perf_counter
    spent = [0.0]

    def wrapped(t, y):
        start = clock()
        out = f(t, y)
        spent[0] += clock() - start
        return out

    return wrapped, spent


def overhead(solve, f):
    """Wall time of ``solve(f)`` outside ``f``, with ``f`` timed in place."""
    wrapped, spent = timing_wrapper(f)
    start = time.perf_counter()
    solve(wrapped)
    return time.perf_counter() - start - spent[0]


def timed(fn):
    """Run fn(); return (result, wall seconds, CPU seconds)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def run(runs, tolerances, only=None):
    header = (f"{'problem':<14} {'tol':>6} | {'time':>6} {'cpu':>5} {'nfe':>6} {'err':>6} | "
              f"{'ovh/step ours':>13} {'scipy':>8} {'ratio':>6} | "
              f"{'NFE ours':>8} {'scipy':>7} | {'err ours':>9} {'scipy':>9}")
    print(header)
    print("-" * len(header))
    verdicts = []
    for name, f, y0, fs, ys0, t_span in problems():
        if only and not any(word in name for word in only):
            continue
        ref = solve_ivp(fs, t_span, ys0, method="DOP853", rtol=1e-13, atol=1e-13).y[:, -1]
        for tol in tolerances:
            t_ours, t_scipy, c_ours, c_scipy, o_ours, o_scipy = [], [], [], [], [], []
            ours_solve = lambda g: solve_ivp_adaptive(g, t_span, y0, rtol=tol, atol=tol)
            scipy_solve = lambda g: solve_ivp(g, t_span, ys0, method="RK45", rtol=tol, atol=tol)
            for _ in range(runs):
                ours, wall, cpu = timed(lambda: ours_solve(f))
                t_ours.append(wall)
                c_ours.append(cpu)
                theirs, wall, cpu = timed(lambda: scipy_solve(fs))
                t_scipy.append(wall)
                c_scipy.append(cpu)
                o_ours.append(overhead(ours_solve, f))
                o_scipy.append(overhead(scipy_solve, fs))
            mo, ms = statistics.median(t_ours), statistics.median(t_scipy)
            cpu_ratio = statistics.median(c_scipy) / statistics.median(c_ours)
            steps_o, steps_s = ours.n_accepted, len(theirs.t) - 1
            ovh_o = max(0.0, statistics.median(o_ours)) / steps_o
            ovh_s = max(0.0, statistics.median(o_scipy)) / steps_s
            err_o = float(np.max(np.abs(ours.y[-1].reshape(-1) - ref)))
            err_s = float(np.max(np.abs(theirs.y[:, -1] - ref)))
            time_ratio = ms / mo
            nfe_ratio = ours.nfe / theirs.nfev
            err_ratio = err_o / err_s if err_s > 0 else (1.0 if err_o == 0 else np.inf)
            ovh_ratio = ovh_o / ovh_s
            ok = time_ratio >= 0.95 and ovh_ratio <= 0.5 and nfe_ratio <= 1.05 and err_ratio <= 1.5
            verdicts.append(ok)
            print(f"{name:<14} {tol:>6.0e} | {time_ratio:>6.2f} {cpu_ratio:>5.2f} {nfe_ratio:>6.3f} {err_ratio:>6.3f} | "
                  f"{ovh_o * 1e6:>10.1f} us {ovh_s * 1e6:>5.1f} us {ovh_ratio:>6.2f} | "
                  f"{ours.nfe:>8d} {theirs.nfev:>7d} | {err_o:>9.2e} {err_s:>9.2e}"
                  f"{'' if ok else '  <-- goal missed'}")
    print()
    print(f"goals met in {sum(verdicts)} of {len(verdicts)} rows "
          f"(time >= 0.95, overhead ratio <= 0.5, nfe <= 1.05, err <= 1.5)")
    return all(verdicts)


def one_step_overheads(runs, only=None):
    """Overhead outside f of a solve that takes a single step.

    This is the cost of a call (checks, set-up, initial step, the result)
    plus one step. Divided over only a few steps, as at loose tolerances, it
    dominates the per-step column above.
    """
    tol = 1e-3
    print(f"\noverhead outside f of a solve that takes one step (rtol = atol = {tol:g}):")
    for name, f, y0, fs, ys0, t_span in problems():
        if only and not any(word in name for word in only):
            continue
        span = (t_span[0], t_span[0] + 1e-3)
        ours_solve = lambda g: solve_ivp_adaptive(g, span, y0, rtol=tol, atol=tol)
        scipy_solve = lambda g: solve_ivp(g, span, ys0, method="RK45", rtol=tol, atol=tol)
        steps = (ours_solve(f).n_accepted, len(scipy_solve(fs).t) - 1)
        if steps != (1, 1):
            print(f"{name:<14} skipped: the short span took {steps} steps")
            continue
        o_ours, o_scipy = [], []
        for _ in range(runs):
            o_ours.append(overhead(ours_solve, f))
            o_scipy.append(overhead(scipy_solve, fs))
        mo, ms = statistics.median(o_ours), statistics.median(o_scipy)
        print(f"{name:<14} ours {mo * 1e6:>6.1f} us   scipy {ms * 1e6:>6.1f} us   ratio {mo / ms:.2f}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs per solver (>= 5)")
    parser.add_argument("--tol", type=float, nargs="*", default=[1e-3, 1e-6, 1e-9])
    parser.add_argument("--only", nargs="*", help="run only problems whose name contains one of these")
    args = parser.parse_args(argv)
    import numpy, scipy  # noqa: E401

    print(f"numpy {numpy.__version__}, scipy {scipy.__version__}, "
          f"python {sys.version.split()[0]}, runs={max(5, args.runs)} (medians)\n")
    ok = run(max(5, args.runs), args.tol, args.only)
    one_step_overheads(max(5, args.runs), args.only)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
