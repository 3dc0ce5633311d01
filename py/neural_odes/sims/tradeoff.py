"""Chapter 8: what a tolerance buys, for one trained model.

The trained classifier of chapter 7 (:func:`neural_odes.sims.trained_models.get`)
flows 100 test points. For each tolerance the adaptive Dormand–Prince solver
reports its NFE and the end-point error (largest distance to a reference solved
at 1e-10), as computed by :func:`neural_odes.classifier.nfe_vs_tolerance`. The
curve over many tolerances is computed once per process; a slider move solves
only the current tolerance. Beside it, the same field run with fixed RK4 steps:
8 steps as in training (the "fixed-depth network" point), then 16 to 128 steps,
a second curve with the same error measure. The field's weights are
tied (one set for every moment), so more steps of the same field buy accuracy
without any adaptivity; what the adaptive solver adds is choosing the steps
itself.

In the browser a tight tolerance's solve alone takes longer than a slider move
may (a few hundred evaluations of the field on 100 points), and the curves
take seconds. So everything the scene shows at every position of the slider
(:data:`SLIDER_V`) is computed by this module once, in CPython at build time,
and ships as the table ``tradeoff`` (:func:`neural_odes.sims.trained_models.table`,
cached by content); a tolerance off the slider's grid is solved when asked.
"""

import json
import math
import sys

import numpy as np

from ..classifier import CLASSIFIER_HYPERPARAMS, classifier_data, nfe_vs_tolerance
from ..controls import TOLERANCE, declare, tolerance
from ..formatting import significant
from ..scene import line, panel, points, readout, scene, text
from . import trained_models

#: the trained models this simulation uses (shipped to the browser with it)
TRAINED = ("classifier", "tradeoff")

N_POINTS = 100  # test points flowed (the first of the classifier's test set)
REFERENCE_RTOL = 1e-10
#: slider positions of the precomputed curve (v = 0, 1/14, ..., 1)
CURVE_V = np.linspace(0.0, 1.0, 15)
V_STEP = 0.01  # the tolerance slider's step
#: every position of the slider: the table holds the adaptive point at each
SLIDER_V = np.round(np.arange(0, round(1 / V_STEP) + 1) * V_STEP, 10)
FIXED_STEPS = CLASSIFIER_HYPERPARAMS["steps"]  # 8 RK4 steps, as the model was trained
FIXED_METHOD = CLASSIFIER_HYPERPARAMS["method"]
#: step counts of the fixed-step curve: the trained depth, then 16 to 128 (every factor 1.5 or 2)
RK4_STEPS = (FIXED_STEPS, 16, 24, 32, 48, 64, 96, 128)
T = CLASSIFIER_HYPERPARAMS["T"]
STRENGTH = CLASSIFIER_HYPERPARAMS["strength"]
XLIM = (10.0, 1000.0)
YLIM = (-9.0, 1.0)  # log10 of the error

_MEMO = {}


def _inputs():
    if "inputs" not in _MEMO:  # the data set is drawn once, not at every slider move
        (_, _), (x_test, _) = classifier_data()
        _MEMO["inputs"] = x_test[:N_POINTS]
    return _MEMO["inputs"]


def curve():
    """``nfe_vs_tolerance`` of the trained classifier at the slider positions
    :data:`CURVE_V` (computed once per process)."""
    if "curve" not in _MEMO:
        model = trained_models.get("classifier")
        _MEMO["curve"] = nfe_vs_tolerance(model, _inputs(), tolerances=tolerance(CURVE_V), T=T,
                                          strength=STRENGTH, reference_rtol=REFERENCE_RTOL)
    return _MEMO["curve"]


def reference():
    """End states of the test points solved at ``rtol = atol = 1e-10`` (once per process)."""
    if "reference" not in _MEMO:
        model = trained_models.get("classifier")
        _MEMO["reference"] = model.flow(_inputs(), T=T, strength=STRENGTH, rtol=REFERENCE_RTOL,
                                        atol=REFERENCE_RTOL).y[-1]
    return _MEMO["reference"]


def _error(end):
    # as nfe_vs_tolerance measures it: the largest end-point distance to the reference
    return float(np.max(np.linalg.norm(end - reference(), axis=-1)))


def adaptive_point(v):
    """``(nfe, error)`` of the adaptive solver at slider position ``v`` (kept:
    a slider sweeping back over a position costs nothing)."""
    points = _MEMO.setdefault("adaptive", {})
    key = float(v)
    if key not in points:
        tol = tolerance(v)
        sol = trained_models.get("classifier").flow(_inputs(), T=T, strength=STRENGTH, rtol=tol, atol=tol)
        points[key] = (int(sol.nfe), _error(sol.y[-1]))
    return points[key]


def fixed_point(steps=FIXED_STEPS):
    """``(nfe, error)`` of the same field run with ``steps`` fixed RK4 steps
    (8, as in training, by default: the fixed-depth network)."""
    key = ("fixed", steps)
    if key not in _MEMO:
        sol = trained_models.get("classifier").flow(_inputs(), T=T, strength=STRENGTH,
                                                    steps=steps, method=FIXED_METHOD)
        _MEMO[key] = (int(sol.nfe), _error(sol.y[-1]))
    return _MEMO[key]


def rk4_curve():
    """``{"steps", "nfe", "error"}`` of the fixed-step RK4 curve, one entry per
    :data:`RK4_STEPS` (computed once per process)."""
    points = [fixed_point(n) for n in RK4_STEPS]
    return {"steps": np.array(RK4_STEPS), "nfe": np.array([p[0] for p in points]),
            "error": np.array([p[1] for p in points])}


# -- the table of every slider position ---------------------------------------------

def table_key():
    """Content key of the table: the trained classifier's key and this module's source."""
    from ..training.cache import table_key  # build time only: not in the browser

    return table_key("classifier", sys.modules[__name__])


def compute_table():
    """The curves, the fixed-depth point and :func:`adaptive_point` at every
    position of :data:`SLIDER_V`, as JSON text."""
    c, rk = curve(), rk4_curve()
    points = [adaptive_point(float(v)) for v in SLIDER_V]
    return json.dumps({
        "key": table_key(),
        "v": SLIDER_V.tolist(),
        "nfe": [p[0] for p in points],
        "error": [p[1] for p in points],
        "curve": {"nfe": c["nfe"].tolist(), "error": c["error"].tolist()},
        "rk4": {"nfe": rk["nfe"].tolist(), "error": rk["error"].tolist()},
        "fixed": list(fixed_point()),
    })


def _table():
    """The table as arrays (once per process)."""
    if "table" not in _MEMO:
        data = json.loads(trained_models.table("tradeoff"))
        for name in ("curve", "rk4"):
            data[name] = {k: np.array(v) for k, v in data[name].items()}
        data["fixed"] = tuple(data["fixed"])
        _MEMO["table"] = data
    return _MEMO["table"]


def _point(v):
    """``(nfe, error)`` at slider position ``v``: from the table on the slider's
    grid, :func:`adaptive_point` anywhere else."""
    table = _table()
    k = int(round(v / V_STEP))
    if abs(v - k * V_STEP) < 1e-9 and 0 <= k < len(table["nfe"]):
        return table["nfe"][k], table["error"][k]
    return adaptive_point(v)


@declare(tol=TOLERANCE)
def tradeoff(*, tol):
    """Scene of the ``tradeoff`` simulation: error against NFE across
    tolerances, the current tolerance highlighted, and the same field with
    fixed RK4 steps (the trained depth marked)."""
    v = tol
    table = _table()
    c, rk = table["curve"], table["rk4"]
    nfe, err = _point(v)
    fixed_nfe, fixed_err = table["fixed"]
    # Errors go down to 1e-8, below the six decimals a scene keeps, so the
    # vertical axis shows their powers of ten (log10) on a linear scale.
    lc = np.log10(c["error"])
    marks = [
        line(c["nfe"], lc, color="primary", width=2.0, label="adaptive solver, every tolerance"),
        points(c["nfe"], lc, color="primary", size=2.5),
        line(rk["nfe"], np.log10(rk["error"]), color="fg", width=1.6, dash="dashed",
             label=f"fixed RK4 steps, {RK4_STEPS[0]} to {RK4_STEPS[-1]}"),
        points(rk["nfe"], np.log10(rk["error"]), color="fg", size=3.0),
        points([fixed_nfe], [math.log10(fixed_err)], color="fg", size=5.5,
               label=f"fixed depth as trained: {FIXED_STEPS} RK4 steps"),
        # no legend (it would cover the curves on a phone): the caption names the marks
        text(fixed_nfe / 1.12, math.log10(fixed_err), "as trained", color="fg", align="right"),
        points([nfe], [math.log10(err)], color="accent", size=6.0,
               label=f"tolerance {significant(tolerance(v), 3)}"),
    ]
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="function evaluations (NFE)",
                ylabel="log₁₀ of end-point error", xscale="log",
                legend=False)  # a legend would cover the curve on a phone; the caption names the marks
    return scene(
        [fig],
        {
            "nfe": readout(nfe, unit="evaluations"),
            "error": readout(err, significant(err, 3)),
        },
        alt=(f"Error against cost for the trained classifier: at tolerance {significant(tolerance(v), 3)} the "
             f"adaptive solver uses {nfe} evaluations and its end points are off by at most "
             f"{significant(err, 3)}; tighter tolerances move down and to the right along the curve, from "
             f"{int(c['nfe'][0])} to {int(c['nfe'][-1])} evaluations. The same field with fixed RK4 steps "
             f"forms a second curve: {FIXED_STEPS} steps as in training cost {fixed_nfe} evaluations for an "
             f"error of {significant(fixed_err, 3)}, {RK4_STEPS[-1]} steps cost {int(rk['nfe'][-1])} "
             f"evaluations for {significant(float(rk['error'][-1]), 3)}."),
    )
