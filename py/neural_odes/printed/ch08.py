"""Chapter 8's printed numbers: the trade-off curve of the trained classifier,
the 1-D / augmented flows of h -> -h, and the residual layer that reverses h."""

import math

import numpy as np

from ..formatting import fixed, significant
from ..sims import augment as aug
from ..sims.tradeoff import FIXED_STEPS, N_POINTS, adaptive_point, curve, fixed_point, rk4_curve, tolerance


def _log_error_at(nfe, errors, at):
    """log10 of the error of a curve at cost ``at``, interpolated linearly in
    (log NFE, log10 error); where the curve has several points at one NFE, the
    smallest error counts."""
    best = {}
    for n, e in zip(nfe, errors):
        best[int(n)] = min(best.get(int(n), math.inf), float(e))
    ns = sorted(best)
    return float(np.interp(np.log(at), np.log(ns), np.log10([best[n] for n in ns])))


def rk4_ratio():
    """Geometric mean of error(n steps) / error(2n steps) over the doublings of
    the RK4 curve (16 for a fourth-order method in its asymptotic range)."""
    rk = dict(zip(rk4_curve()["steps"].tolist(), rk4_curve()["error"].tolist()))
    ratios = [rk[n] / rk[2 * n] for n in rk if 2 * n in rk and n >= 16]
    return float(np.exp(np.mean(np.log(ratios))))


def crossover_nfe():
    """The cost (NFE) at which the adaptive curve catches up with the fixed-step
    RK4 curve: below it, fixed RK4 steps give the smaller error for the same
    number of evaluations. Both curves are interpolated linearly in (log NFE,
    log10 error); the crossing is searched on a fine grid of costs covered by
    both curves."""
    c, rk = curve(), rk4_curve()
    lo, hi = max(min(c["nfe"]), min(rk["nfe"])), min(max(c["nfe"]), max(rk["nfe"]))
    grid = np.exp(np.linspace(np.log(lo), np.log(hi), 2000))
    gap = np.array([_log_error_at(c["nfe"], c["error"], n) - _log_error_at(rk["nfe"], rk["error"], n)
                    for n in grid])
    # gap > 0: the adaptive error is larger (RK4 wins); the last sign change is the crossover
    ahead = np.flatnonzero(gap > 0)
    if ahead.size == 0 or ahead[-1] == grid.size - 1:
        raise ValueError("the curves do not cross inside the range both cover")
    return float(grid[ahead[-1]])

DEFAULT_V = 0.5  # the tolerance slider's default
#: a residual layer h + f(h) with f(h) = RESIDUAL_RATE * h sends h to -h
RESIDUAL_RATE = -2.0


def numbers():
    c = curve()
    fixed_nfe, fixed_err = fixed_point()
    default_nfe, default_err = adaptive_point(DEFAULT_V)
    # the adaptive setting on the curve whose NFE is closest to the fixed network's
    i = min(range(len(c["nfe"])), key=lambda k: (abs(int(c["nfe"][k]) - fixed_nfe), c["error"][k]))
    rk = dict(zip(rk4_curve()["steps"].tolist(), zip(rk4_curve()["nfe"], rk4_curve()["error"])))
    plain = aug.augment(augmented=False)["readouts"]["max_error"]["value"]
    augmented = aug.augment(augmented=True)["readouts"]["max_error"]["value"]
    return {
        "points": str(N_POINTS),
        "loose_nfe": str(int(c["nfe"][0])),
        "loose_error": significant(float(c["error"][0]), 3),
        "tight_nfe": str(int(c["nfe"][-1])),
        "tight_error": significant(float(c["error"][-1]), 3),
        "default_nfe": str(default_nfe),
        "default_error": significant(default_err, 3),
        "fixed_steps": str(FIXED_STEPS),
        "fixed_nfe": str(fixed_nfe),
        "fixed_error": significant(fixed_err, 3),
        "near_fixed_nfe": str(int(c["nfe"][i])),
        "near_fixed_error": significant(float(c["error"][i]), 3),
        **{f"rk4_{n}_nfe": str(int(rk[n][0])) for n in (16, 32, 64, 128)},
        **{f"rk4_{n}_error": significant(float(rk[n][1]), 2) for n in (16, 32, 64, 128)},
        "rk4_ratio": fixed(rk4_ratio(), 0),
        # rounded to ten evaluations: the crossing of two interpolated curves is no sharper
        "crossover_nfe": str(int(round(crossover_nfe(), -1))),
        "squeeze": fixed(aug.SQUEEZE, 0),
        "squeeze_factor": fixed(math.exp(-aug.SQUEEZE), 3),
        "squeeze_layer_factor": fixed(1.0 - aug.SQUEEZE, 0),
        "plain_error": significant(plain, 3),
        "augmented_error": significant(augmented, 3),
        "augment_tol": significant(aug.TOL, 1),
        # a tolerance bounds each step's local error estimate, not the end-point error
        "default_tol": significant(tolerance(DEFAULT_V), 2),
        "default_error_ratio": fixed(default_err / tolerance(DEFAULT_V), 0),
        "nfe_ratio": fixed(int(c["nfe"][-1]) / int(c["nfe"][0]), 0),
        # one residual layer reverses h; the flow of the same field for time 1 only shrinks it
        "residual_rate": fixed(RESIDUAL_RATE, 0),
        "residual_factor": fixed(1.0 + RESIDUAL_RATE, 0),
        "residual_flow_factor": fixed(math.exp(RESIDUAL_RATE), 3),
    }
