"""Chapter 7: a Neural ODE classifier flows two interleaved classes apart.

Test points of the two-moons classes start at their input positions and flow
along the trained field ``strength * MLP(h)`` (``trained_models.get("classifier")``,
trained at strength 1.5 and T = 1) up to time ``T``, integrated by the adaptive
Dormand–Prince solver at the tolerance of the slider (rtol = atol =
10^(-1 - 7 tol)). A straight line, the model's linear read-out, then decides the
class. Readouts: the solver's NFE to reach ``T``, the read-out's accuracy at
``T``, and ``best_line``: the accuracy of the best straight line for the points
where they are at ``T`` (a logistic regression fitted to them, see
:mod:`neural_odes.logistic`), drawn dotted. The trained read-out was fitted for
``h(1)``; the best line shows what a line can do at every ``T``. The model never
changes; only how far and how accurately it is flowed.
"""


import numpy as np

from ..classifier import CLASSIFIER_HYPERPARAMS, classifier_data
from ..controls import TOLERANCE, Range, declare, tolerance
from ..formatting import fixed
from ..logistic import fit_line, line_accuracy
from ..scene import arrows, line, panel, points, readout, scene, text
from ..solvers.adaptive import adaptive_path
from . import trained_models
from .kept import kept

#: the trained models this simulation uses (shipped to the browser with it)
TRAINED = ("classifier",)

N_SHOWN = 200  # test points drawn and scored
N_TRAILS = 16  # points whose path is drawn (half from each class)
TRAIL_VERTICES = 40  # at most this many vertices per drawn path
MAX_STEP_DOTS = 25  # mark every accepted step on the paths when there are at most this many
XLIM, YLIM = (-3.2, 3.2), (-2.4, 2.4)
GRID_X, GRID_Y = np.linspace(-3.0, 3.0, 11), np.linspace(-1.8, 1.8, 7)
ARROW_TIME = 0.07  # an arrow shows where the field moves a point in this much time
ARROW_MAX = 0.4  # and is capped at this length (data units)
LABEL_X = -3.05  # where the two sides of the decision line are labelled
STRENGTH_RANGE = (0.5, 3.0)
TRAINED_STRENGTH = 1.5
SOLUTION_CACHE = 256  # solves kept (about 1 MB at most)
PATH_CACHE = 8  # whole solves to T_MAX kept, one per (strength, tolerance) (up to about 1 MB each)
T_MAX = 1.0  # the T slider's end

_MEMO = {}


def _state():
    if "model" not in _MEMO:
        model = trained_models.get("classifier")
        hp = trained_models.info("classifier").get("hp", CLASSIFIER_HYPERPARAMS)
        _, (xt, yt) = classifier_data(hp)
        x, y = xt[:N_SHOWN], yt[:N_SHOWN]
        trails = np.concatenate([np.flatnonzero(y == 0)[: N_TRAILS // 2],
                                 np.flatnonzero(y == 1)[: N_TRAILS // 2]])
        gx, gy = np.meshgrid(GRID_X, GRID_Y)
        _MEMO.update(model=model, x=x, y=y, trails=trails,
                     grid=np.stack([gx.ravel(), gy.ravel()], axis=1))
    return _MEMO


def shown_points():
    """The test points drawn and scored, and their labels."""
    memo = _state()
    return memo["x"], memo["y"]


def _arrows(strength):
    """The field's arrows at this strength (kept: they do not depend on T or the tolerance)."""
    memo = _state()

    def compute():
        grid = memo["grid"]
        v = memo["model"].field(strength)(0.0, grid) * ARROW_TIME
        length = np.linalg.norm(v, axis=1, keepdims=True)
        v = v * np.minimum(1.0, ARROW_MAX / np.maximum(length, 1e-12))
        return arrows(grid[:, 0], grid[:, 1], v[:, 0], v[:, 1], color="muted")

    return kept(memo.setdefault("arrows", {}), float(strength), compute, SOLUTION_CACHE)


def _line_across(w, b):
    """End points of the line ``w . h + b = 0`` across the panel."""
    if abs(w[1]) >= abs(w[0]):  # y = -(b + w0 x) / w1 across the panel
        lx = np.array(XLIM)
        return lx, -(b + w[0] * lx) / w[1]
    ly = np.array(YLIM)
    return -(b + w[1] * ly) / w[0], ly


def best_line(T, strength, tol):
    """The best straight line for the shown points at time ``T`` (logistic
    regression on ``h(T)``) and its accuracy in %: ``(w, b, accuracy)``.

    Kept per setting, like the solve. Each fit starts from the trained read-out
    line, a good guess near T = 1; the fit is unique, so the start only saves
    Newton iterations and the answer does not depend on what was asked before."""
    memo = _state()
    # At T = 0 the points have not moved, whatever the strength and tolerance.
    key = (float(T), float(strength), float(tol)) if T != 0 else (0.0,)

    def compute():
        _, h = flow_points(T, strength, tol)
        w, b = fit_line(h, memo["y"], start=memo["model"].decision_line())
        return w, b, 100.0 * line_accuracy(h, memo["y"], w, b)

    return kept(memo.setdefault("lines", {}), key, compute, SOLUTION_CACHE)


def _path(strength, tol):
    """The solve to the slider's largest T at this strength and tolerance, kept
    (:func:`~neural_odes.solvers.adaptive.adaptive_path`): the solve to any
    smaller T is the same solve up to its last steps, so moving T (or pressing
    Flow) costs only those. Its solutions are exactly those of
    ``model.flow(x, T=T, strength=strength, rtol=rtol, atol=rtol)``."""
    memo = _state()
    rtol = tolerance(tol)
    return kept(memo.setdefault("paths", {}), (float(strength), float(tol)),
                lambda: adaptive_path(memo["model"].field(strength), (0.0, T_MAX), memo["x"], rtol=rtol, atol=rtol),
                PATH_CACHE)


def flow_points(T, strength, tol):
    """Flow the shown points to time ``T``; returns (Solution or None at T = 0,
    end points). The whole batch is one system for the adaptive solver.
    Recent results are kept, so replaying the Flow animation costs nothing."""
    memo = _state()
    if T == 0:
        return None, memo["x"]
    sol = kept(memo.setdefault("solutions", {}), (float(T), float(strength), float(tol)),
               lambda: _path(strength, tol).until(T), SOLUTION_CACHE)
    return sol, sol.y[-1]


@declare(T=Range(0.0, T_MAX, step=0.01, default=0.0, label="integration time T"),
         strength=Range(*STRENGTH_RANGE, step=0.05, default=1.5, label="field strength"),
         tol=TOLERANCE)
def classifier(*, T, strength, tol):
    """Scene of the ``classifier`` simulation: the two classes at time ``T``, a few
    paths through the solver's accepted steps, the field, the decision line."""
    memo = _state()
    model, y = memo["model"], memo["y"]
    sol, h = flow_points(T, strength, tol)
    nfe = 0 if sol is None else sol.nfe
    pred = model.predict(h)
    right = pred == y
    accuracy = 100.0 * float(np.mean(right))

    marks = [_arrows(strength)]

    bw, bb, best = best_line(T, strength, tol)
    marks.append(line(*_line_across(bw, bb), color="muted", width=1.6, dash="dotted",
                      label="best line for these points"))
    w, b = model.decision_line()
    marks.append(line(*_line_across(w, b), color="fg", width=2.0, dash="dashed", label="decision line"))
    if abs(w[1]) > 1e-9:  # name the class each side of the line stands for
        y_at = -(b + w[0] * LABEL_X) / w[1]
        for dy in (0.3, -0.3):
            p = np.array([LABEL_X, y_at + dy])
            cls = int(model.predict(p[None, :])[0])
            marks.append(text(p[0], p[1], f"class {'AB'[cls]} side", color=("primary", "accent")[cls]))

    # Paths through the solver's accepted steps: a few jagged segments at a loose
    # tolerance, a smooth curve at a tight one (thinned to keep the scene small).
    if sol is not None:
        n = len(sol.t)
        keep = np.unique(np.round(np.linspace(0, n - 1, min(n, TRAIL_VERTICES))).astype(int))
        dots = sol.n_accepted <= MAX_STEP_DOTS
        for k in memo["trails"]:
            path = sol.y[keep, k, :]
            color = "primary" if y[k] == 0 else "accent"
            marks.append(line(path[:, 0], path[:, 1], color=color, width=1.2))
            if dots:
                marks.append(points(path[1:-1, 0], path[1:-1, 1], color=color, size=1.8))

    for cls, color, name in ((0, "primary", "class A"), (1, "accent", "class B")):
        ok = (y == cls) & right
        bad = (y == cls) & ~right
        marks.append(points(h[ok, 0], h[ok, 1], color=color, size=3.0, label=name))
        if bad.any():
            marks.append(points(h[bad, 0], h[bad, 1], color=color, size=3.5, marker="x"))

    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True, legend=False)
    acc_text = fixed(accuracy, 1)
    best_text = fixed(best, 1)
    solver = ("no solver steps yet" if sol is None else
              f"{sol.n_accepted} solver step{'s' if sol.n_accepted != 1 else ''} and {nfe} evaluations of the field")
    return scene(
        [fig],
        {
            "nfe": readout(nfe),
            "accuracy": readout(accuracy, acc_text, "%"),
            "best_line": readout(best, best_text, "%"),
        },
        alt=(f"{N_SHOWN} test points of two interleaved classes flowed to time {fixed(T, 2)} at field strength "
             f"{fixed(strength, 2)} ({solver}); the straight decision line classifies {acc_text}% of them correctly, and the best "
             f"straight line for the points where they are (dotted) {best_text}%."),
    )
