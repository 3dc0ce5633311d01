"""Chapter 4's printed numbers: NFE of the two particles, and a stiff field.

The stiff example is ``dh/dt = -lam (h - cos t)`` from ``h(0) = 1`` on
``[0, 2]``: after a short transient the solution simply follows ``cos t``
(closed form below), yet an explicit adaptive solver needs a number of steps
proportional to ``lam`` to stay stable.
"""

import functools
import math

import numpy as np

from ..formatting import fixed, significant
from ..sims.difficulty import TOL_EXPONENT, solve_both
from ..solvers import fixed_step, get_method, solve_ivp_adaptive

TURBULENCES = (0.0, 0.25, 0.5, 0.75, 1.0)
STIFFNESS = (1.0, 10.0, 100.0, 1000.0)
STIFF_T = 2.0
#: tolerance of the stiff example (tighter than the simulation's, so the errors
#: sit well below the differences in cost); ten times looser for comparison
STIFF_TOL = 1e-5
STIFF_TOL_LOOSE = 1e-4


def stability_function(tableau, z):
    """``R(z) = 1 + z b^T (I - z A)^(-1) 1``: one step of the method on
    ``dh/dt = lam h`` multiplies h by ``R(lam * dt)``."""
    a = tableau.matrix()
    b = np.array(tableau.b)
    ones = np.ones(len(b))
    return 1.0 + z * float(b @ np.linalg.solve(np.eye(len(b)) - z * a, ones))


def real_stability_limit(name, scan=0.001, top=10.0):
    """Largest x such that ``|R(-y)| <= 1`` for every y in (0, x]: how large
    ``lam * dt`` may be on a decaying mode before an explicit method amplifies it.
    A scan finds the first y past the limit, bisection refines it."""
    tab = get_method(name)
    y = scan
    while y < top and abs(stability_function(tab, -y)) <= 1.0:
        y += scan
    lo, hi = y - scan, y
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if abs(stability_function(tab, -mid)) <= 1.0 else (lo, mid)
    return lo


def stiff_solution(lam, tol=STIFF_TOL):
    """Dormand–Prince's Solution of the stiff example."""
    return solve_ivp_adaptive(stiff_field(lam), (0.0, STIFF_T), np.array([1.0]), rtol=tol, atol=tol)


def euler_stiff(steps, lam=STIFFNESS[-1]):
    """``(nfe, end-point error)`` of Euler's method with ``steps`` equal steps
    on the stiff example."""
    sol = fixed_step(stiff_field(lam), (0.0, STIFF_T), np.array([1.0]), dt=STIFF_T / steps, method="euler")
    return int(sol.nfe), abs(float(sol.y[-1, 0]) - stiff_exact(lam))


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
        sol = stiff_solution(lam, tol)
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


# Cached: the build asks for one number at a time, and the prose prints dozens.
@functools.lru_cache(maxsize=1)
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
        **_stability_facts(),
        **_exercise_facts(pairs),
    }


def _stability_facts():
    lam = STIFFNESS[-1]
    # rounded, so that Euler's exact limit 2 does not come out as 1.9999999...
    dp, eu = round(real_stability_limit("dopri5"), 6), round(real_stability_limit("euler"), 6)
    tight, loose = stiff_solution(lam), stiff_solution(lam, STIFF_TOL_LOOSE)
    per_step = get_method("dopri5").stages - 1
    # Euler just inside its limit (at lam * dt = 2 exactly, deviations never decay)
    euler_steps = math.floor(lam * STIFF_T / eu) + 1
    euler_nfe, euler_err = euler_stiff(euler_steps)
    return {
        "dp_limit": fixed(dp, 2),
        "euler_limit": fixed(eu, 0),
        "stiff_min_steps": f"{math.ceil(lam * STIFF_T / dp)}",
        "stiff_min_nfe": f"{per_step * math.ceil(lam * STIFF_T / dp)}",
        "euler_min_steps": f"{math.ceil(lam * STIFF_T / eu)}",
        "euler_stiff_steps": f"{euler_steps}",
        "euler_stiff_nfe": f"{euler_nfe}",
        "euler_stiff_error": significant(euler_err, 2),
        "dp_per_eval": fixed(dp / per_step, 2),
        "stiff_accepted": f"{tight.n_accepted}",
        "stiff_rejected": f"{tight.n_rejected}",
        "stiff_accepted_loose": f"{loose.n_accepted}",
        "stiff_rejected_loose": f"{loose.n_rejected}",
        "stiff_median_lam_dt": fixed(float(np.median(tight.step_sizes)) * lam, 2),
        "calls_per_step": f"{per_step}",
    }


def _exercise_facts(pairs):
    calm0, rough0 = pairs[0.0]
    calm1, rough1 = pairs[1.0]
    return {
        "zero_accepted": f"{calm0.n_accepted}",
        "zero_rejected": f"{calm0.n_rejected}",
        "full_calm_accepted": f"{calm1.n_accepted}",
        "full_calm_rejected": f"{calm1.n_rejected}",
        "full_accepted": f"{rough1.n_accepted}",
        "full_rejected": f"{rough1.n_rejected}",
        "ratio_max": fixed(rough1.nfe / calm1.nfe, 1),
    }
