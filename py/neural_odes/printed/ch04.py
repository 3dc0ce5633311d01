"""Chapter 4's printed numbers: NFE of the two particles, and a stiff field.

The stiff example is ``dh/dt = -lam (h - cos t)`` from ``h(0) = 1`` on
``[0, 2]``: after a short transient the solution simply follows ``cos t``
(closed form below), yet an explicit adaptive solver needs a number of steps
proportional to ``lam`` to stay stable.
"""

import math

import numpy as np

from ..formatting import fixed, significant
from ..sims.difficulty import TOL_EXPONENT, solve_both
from ..solvers import solve_ivp_adaptive

TURBULENCES = (0.0, 0.25, 0.5, 0.75, 1.0)
STIFFNESS = (1.0, 10.0, 100.0, 1000.0)
STIFF_T = 2.0
#: tolerance of the stiff example (tighter than the simulation's, so the errors
#: sit well below the differences in cost); ten times looser for comparison
STIFF_TOL = 1e-5
STIFF_TOL_LOOSE = 1e-4


def nfe_pairs():
    """{turbulence: (calm Solution, turbulent Solution)} at the chapter's tolerance."""
    return {s: solve_both(s) for s in TURBULENCES}


def stiff_field(lam):
    def f(t, h):
        return -lam * (h - math.cos(t))
    return f


def stiff_exact(lam, t=STIFF_T):
    """Closed form: ``(lam^2 cos t + lam sin t) / (lam^2 + 1) + e^(-lam t) / (lam^2 + 1)``."""
    return (lam * lam * math.cos(t) + lam * math.sin(t) + math.exp(-lam * t)) / (lam * lam + 1.0)


def stiff_runs(tol=STIFF_TOL):
    """{lam: (nfe, end-point error)} of Dormand–Prince at ``rtol = atol = tol``."""
    out = {}
    for lam in STIFFNESS:
        sol = solve_ivp_adaptive(stiff_field(lam), (0.0, STIFF_T), np.array([1.0]), rtol=tol, atol=tol)
        out[lam] = (int(sol.nfe), abs(float(sol.y[-1, 0]) - stiff_exact(lam)))
    return out


def difficulty_table():
    rows = []
    for s, (calm, rough) in nfe_pairs().items():
        rows.append([fixed(s, 2), str(calm.nfe), str(rough.nfe), str(rough.n_accepted),
                     str(rough.n_rejected), fixed(rough.nfe / calm.nfe, 1)])
    return {"columns": ["turbulence", "NFE calm", "NFE turbulent", "accepted steps (turbulent)",
                        "rejected steps (turbulent)", "ratio"],
            "rows": rows, "align": ["right"] * 6}


def stiff_table():
    rows = [[f"{lam:g}", str(nfe), significant(err, 2)] for lam, (nfe, err) in stiff_runs().items()]
    return {"columns": ["λ", "NFE", f"error at t = {STIFF_T:g}"], "rows": rows, "align": ["right"] * 3}


TABLES = {"difficulty-nfe": difficulty_table, "stiff-nfe": stiff_table}


def numbers():
    pairs = nfe_pairs()
    calm, rough = pairs[0.5]
    stiff = stiff_runs()
    loose = stiff_runs(STIFF_TOL_LOOSE)
    return {
        "tol_exponent": fixed(TOL_EXPONENT, 1),
        "calm_default": str(calm.nfe),
        "turbulent_default": str(rough.nfe),
        "ratio_default": fixed(rough.nfe / calm.nfe, 1),
        "nfe_zero": str(pairs[0.0][0].nfe),
        "calm_max": str(pairs[1.0][0].nfe),
        "turbulent_max": str(pairs[1.0][1].nfe),
        "stiff_t": f"{STIFF_T:g}",
        "stiff_tol_exponent": str(round(math.log10(STIFF_TOL))),
        "stiff_loose_exponent": str(round(math.log10(STIFF_TOL_LOOSE))),
        "stiff_nfe_1000_loose": str(loose[STIFFNESS[-1]][0]),
        "stiff_lam_max": f"{STIFFNESS[-1]:g}",
        "stiff_nfe_1": str(stiff[1.0][0]),
        "stiff_nfe_1000": str(stiff[STIFFNESS[-1]][0]),
        "stiff_err_1": significant(stiff[1.0][1], 2),
        "stiff_err_1000": significant(stiff[1000.0][1], 2),
        "stiff_ratio": fixed(stiff[1000.0][0] / stiff[1.0][0], 0),
    }
