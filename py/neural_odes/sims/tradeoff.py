"""Chapter 8: what a tolerance buys, for one trained model.

The trained classifier of chapter 7 (:func:`neural_odes.sims.trained_models.get`)
flows 100 test points. For each tolerance the adaptive Dormand–Prince solver
reports its NFE and the end-point error (largest distance to a reference solved
at 1e-10), as computed by :func:`neural_odes.classifier.nfe_vs_tolerance`. The
curve over many tolerances is computed once per process; a slider move solves
only the current tolerance. Beside it, the same field run as a fixed-depth
network, 8 RK4 steps as in training, is a single point: one cost, one error.
"""

import math

import numpy as np

from ..classifier import CLASSIFIER_HYPERPARAMS, classifier_data, nfe_vs_tolerance
from ..controls import TOLERANCE, declare, tolerance
from ..formatting import significant
from ..scene import line, panel, points, readout, scene
from . import trained_models

#: the trained models this simulation uses (shipped to the browser with it)
TRAINED = ("classifier",)

N_POINTS = 100  # test points flowed (the first of the classifier's test set)
REFERENCE_RTOL = 1e-10
#: slider positions of the precomputed curve (v = 0, 1/14, ..., 1)
CURVE_V = np.linspace(0.0, 1.0, 15)
FIXED_STEPS = CLASSIFIER_HYPERPARAMS["steps"]  # 8 RK4 steps, as the model was trained
FIXED_METHOD = CLASSIFIER_HYPERPARAMS["method"]
T = CLASSIFIER_HYPERPARAMS["T"]
STRENGTH = CLASSIFIER_HYPERPARAMS["strength"]
XLIM = (10.0, 1000.0)
YLIM = (-9.0, 1.0)  # log10 of the error

_MEMO = {}


def _inputs():
    (_, _), (x_test, _) = classifier_data()
    return x_test[:N_POINTS]


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
    """``(nfe, error)`` of the adaptive solver at slider position ``v``."""
    tol = tolerance(v)
    sol = trained_models.get("classifier").flow(_inputs(), T=T, strength=STRENGTH, rtol=tol, atol=tol)
    return int(sol.nfe), _error(sol.y[-1])


def fixed_point():
    """``(nfe, error)`` of the same field as a fixed-depth network (8 RK4 steps)."""
    if "fixed" not in _MEMO:
        sol = trained_models.get("classifier").flow(_inputs(), T=T, strength=STRENGTH,
                                                    steps=FIXED_STEPS, method=FIXED_METHOD)
        _MEMO["fixed"] = (int(sol.nfe), _error(sol.y[-1]))
    return _MEMO["fixed"]


@declare(tol=TOLERANCE)
def tradeoff(*, tol):
    """Scene of the ``tradeoff`` simulation: error against NFE across
    tolerances, the current tolerance highlighted, and the fixed-depth network
    as one point."""
    v = tol
    c = curve()
    nfe, err = adaptive_point(v)
    fixed_nfe, fixed_err = fixed_point()
    # Errors go down to 1e-8, below the six decimals a scene keeps, so the
    # vertical axis shows their powers of ten (log10) on a linear scale.
    lc = np.log10(c["error"])
    marks = [
        line(c["nfe"], lc, color="primary", width=2.0, label="adaptive solver, every tolerance"),
        points(c["nfe"], lc, color="primary", size=2.5),
        points([fixed_nfe], [math.log10(fixed_err)], color="fg", size=5.0,
               label=f"fixed depth: {FIXED_STEPS} RK4 steps"),
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
             f"{int(c['nfe'][0])} to {int(c['nfe'][-1])} evaluations. The fixed-depth network "
             f"({FIXED_STEPS} RK4 steps) is a single point at {fixed_nfe} evaluations and error "
             f"{significant(fixed_err, 3)}."),
    )
