"""Chapter 9's playground: the reader writes the body of a field f(h) and sees its flow.

The code box holds the *body* of ``def f(h):`` where ``h`` is an array of shape
(N, 2), one row per point, and ``np`` (numpy) and ``math`` are available. The
model compiles it, draws its arrows on a grid and lets a few particles flow along
it with the book's adaptive solver (Dormand–Prince).

Whatever goes wrong in the reader's code (a syntax error, an exception, a result
of the wrong shape, nan or inf, a solver that cannot finish) becomes a scene
whose ``status`` readout starts with ``error`` and says what happened in one
line, also written into the panel. A scene is always returned. (An endless loop
cannot be caught here: in the browser the playground runs in its own worker,
which is terminated and restarted after the block's time limit.)
"""

import math
import textwrap

import numpy as np

from ..controls import Text, declare
from ..formatting import fixed
from ..scene import arrows, line, panel, points, readout, scene, text
from ..solvers import SolverError, solve_ivp_adaptive

DEFAULT_CODE = "return np.stack([-h[:, 1], h[:, 0]], 1)"
XLIM, YLIM = (-3.2, 3.2), (-2.4, 2.4)
GRID_X, GRID_Y = np.linspace(-3.0, 3.0, 13), np.linspace(-2.0, 2.0, 9)
ARROW_MAX = 0.42  # the longest arrow on the grid, in data units
STARTS = np.array([[1.0, 0.0], [2.0, 0.0], [0.0, 1.5], [-0.6, -0.4],
                   [-2.2, 1.2], [1.4, -1.6], [-1.6, -1.8], [2.6, 1.8]])
T_END = 6.0  # flow time of the particles (about one turn of the default swirl)
RTOL = ATOL = 1e-8  # tight enough that the paths, drawn through the steps, look smooth
MAX_STEPS = 2000  # a solver failure, not a frozen page, when the field is too wild
TRAIL_VERTICES = 160  # at most this many vertices per drawn path
ESCAPE = 50.0  # a path is cut where it leaves the box |h| <= ESCAPE
MAX_CODE = 5000  # characters
# The error message in the panel: short lines far enough apart to stay legible
# on a phone, where the panel is under 200 pixels wide.
WRAP = 28  # characters per line
MAX_LINES = 5
LINE_GAP = 0.6  # data units between lines


#: what the reader's code may raise (SystemExit too: ``exit()`` must not end the runtime)
READER_ERRORS = (Exception, SystemExit)


class PlaygroundError(Exception):
    """A problem with the reader's field, worded for the reader."""


def _one_line(message):
    return " ".join(str(message).split())


def _describe(exc):
    """``"NameError: name 'x' is not defined"``; the bare type when there is no message."""
    message = _one_line(exc)
    name = type(exc).__name__
    return f"{name}: {message}" if message and message != "None" else name


def compile_field(code):
    """``f(h)`` from the body ``code``; raises PlaygroundError (with a
    one-line message) on a syntax error or an exception while defining it."""
    if len(code) > MAX_CODE:
        raise PlaygroundError(f"the code is longer than {MAX_CODE} characters")
    body = textwrap.dedent(code.expandtabs(4)).strip("\n")
    if not body.strip():
        raise PlaygroundError("the body is empty; write for example: return -h")
    source = "def f(h):\n" + textwrap.indent(body, "    ") + "\n"
    try:
        compiled = compile(source, "<your code>", "exec")
    except SyntaxError as exc:
        where = f" (line {exc.lineno - 1})" if exc.lineno and exc.lineno > 1 else ""
        raise PlaygroundError(f"{type(exc).__name__}: {exc.msg}{where}") from None
    namespace = {"np": np, "math": math, "__name__": "playground"}
    try:
        exec(compiled, namespace)
    except READER_ERRORS as exc:  # the reader's code may raise anything
        raise PlaygroundError(_describe(exc)) from None
    return namespace["f"]


def evaluate(f, h):
    """``f(h)`` for ``h`` of shape (N, 2), checked: same shape, finite numbers.
    (Called under ``np.errstate(all="ignore")``, set once per run by :func:`playground`:
    nan and inf are reported as such, not as numpy's warnings.)"""
    try:
        out = f(h.copy())
    except READER_ERRORS as exc:
        raise PlaygroundError(_describe(exc)) from None
    if out is None:
        raise PlaygroundError("f(h) returned None; end the body with a return line")
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise PlaygroundError(f"f(h) must return numbers, got {type(out).__name__}") from None
    if arr.shape != h.shape:
        raise PlaygroundError(f"f(h) must return an array of shape (N, 2) like h, "
                              f"got shape {arr.shape} for h of shape {h.shape}")
    if not np.isfinite(arr).all():
        raise PlaygroundError("f(h) returned nan or inf for some h")
    return arr


def flow(f):
    """The particles' paths (Solution) under the reader's field."""
    def field(t, h):
        return evaluate(f, h)

    try:
        return solve_ivp_adaptive(field, (0.0, T_END), STARTS, rtol=RTOL, atol=ATOL,
                                  max_steps=MAX_STEPS)
    except PlaygroundError:
        raise
    except SolverError as exc:
        # The solver's own advice is about its arguments, which the reader cannot
        # change; and in this book h is the state, so the step size is spelt out.
        reason = _one_line(exc.reason)
        if "underflow" in reason:
            reason = "its steps shrank to nothing"
        elif "too many steps" in reason:
            reason = f"it needed more than {MAX_STEPS} steps"
        elif "non-finite" in reason:
            reason = "the particles reached infinity"
        else:
            reason = reason.replace("|h|", "step")
        raise PlaygroundError(f"the solver stopped at t = {exc.t:.3g}: {reason}; "
                              f"the field grows or changes too fast to follow") from None
    except Exception as exc:  # noqa: BLE001 (e.g. overflow inside the solver on a huge field)
        raise PlaygroundError(f"the solver stopped: {_describe(exc)}") from None


def _grid():
    gx, gy = np.meshgrid(GRID_X, GRID_Y)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def _arrow_marks(v, grid):
    big = float(np.max(np.abs(v))) if v.size else 0.0
    if big > 0:
        v = v / big  # first to order 1, so that huge but finite values cannot overflow
        v = v * (ARROW_MAX / float(np.max(np.linalg.norm(v, axis=1))))
    return [arrows(grid[:, 0], grid[:, 1], v[:, 0], v[:, 1], color="muted")]


def _path_marks(sol):
    marks = []
    n = len(sol.t)
    keep = np.unique(np.round(np.linspace(0, n - 1, min(n, TRAIL_VERTICES))).astype(int))
    for k in range(STARTS.shape[0]):
        path = sol.y[keep, k, :]
        inside = np.all(np.abs(path) <= ESCAPE, axis=1)
        stop = int(np.argmin(inside)) if not inside.all() else len(path)
        path = path[: max(stop, 1)]
        marks.append(line(path[:, 0], path[:, 1], color="primary", width=1.8))
    ends = sol.y[-1]
    shown = np.all(np.abs(ends) <= ESCAPE, axis=1)
    marks.append(points(STARTS[:, 0], STARTS[:, 1], color="fg", size=3.0, label="start"))
    marks.append(points(ends[shown, 0], ends[shown, 1], color="accent", size=4.0, label=f"at t = {T_END:g}"))
    return marks


def _error_scene(message):
    message = _one_line(message)
    lines = textwrap.wrap(message, WRAP) or [message]
    if len(lines) > MAX_LINES:  # the status readout below carries the whole message
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP - 1].rstrip() + "…"
    # centred, and halfway between the grid lines at whole numbers
    top = LINE_GAP / 2 + LINE_GAP * ((len(lines) - 1) // 2)
    notes = [text(0.0, top - LINE_GAP * i, s, color="bad", align="center") for i, s in enumerate(lines)]
    fig = panel(notes, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂",
                equal_aspect=True, legend=False)
    status = f"error {message}"
    return scene([fig], {"status": readout("error", status)},
                 alt=f"The field could not be drawn: {message}")


@declare(code=Text(DEFAULT_CODE, label="Python body of f(h)"))
def playground(*, code):
    """Scene of the ``playground`` simulation for the reader's body of f(h)."""
    grid = _grid()
    with np.errstate(all="ignore"):  # once per run, not per evaluation (see evaluate)
        try:
            f = compile_field(code)
            v = evaluate(f, grid)
            sol = flow(f)
        except PlaygroundError as exc:
            return _error_scene(str(exc))
    marks = _arrow_marks(v, grid) + _path_marks(sol)
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True, legend=False)
    n = STARTS.shape[0]
    status = (f"ok {n} particles flowed to t = {T_END:g} in {sol.n_accepted} steps "
              f"({sol.nfe} evaluations of f)")
    far = int(np.sum(~np.all(np.abs(sol.y[-1]) <= ESCAPE, axis=1)))
    if far:
        status += f"; {far} left the picture"
    return scene(
        [fig],
        {"status": readout("ok", status)},
        alt=(f"Arrows of your field f(h) on a grid and the paths of {n} particles flowed along it "
             f"to t = {fixed(T_END, 0)}; the solver took {sol.n_accepted} steps."),
    )
