"""Chapter 2: a vector field, and particles carried along by it.

The reader picks one of chapter 2's fields (:data:`neural_odes.fields.FIELDS`)
and drops particles by clicking the plot. Every particle is integrated from its
start for the same time ``T_FLOW`` (the "depth" of this little network) with
fixed-step RK4; all particles travel together as one batch, so changing the
field simply re-flows every particle from its start point.
"""


import numpy as np

from ..controls import Points, Select, declare
from ..fields import FIELDS, get_field
from ..scene import arrows, line, panel, points, readout, scene
from ..solvers import fixed_step

T_FLOW = 6.0  # how long every particle flows
DT = 0.05  # RK4 step: errors below 1e-3 in the view for every field
XLIM = (-3.2, 3.2)
YLIM = (-2.0, 2.0)  # 16:10, the canvas's aspect, so equal scales fill it
MAX_PARTICLES = 12
GRID = (17, 11)  # arrows across, arrows up

NAMES = {"swirl": "a swirl", "sink": "a spiral sink", "saddle": "a saddle", "cycle": "a limit cycle"}
# Faint example paths shown until the reader drops particles of their own.
SAMPLE_STARTS = {
    "swirl": [(1.0, 0.0), (1.45, 0.0), (1.9, 0.0)],
    "sink": [(3.0, 1.6), (-3.0, -1.6)],
    "saddle": [(0.05, 1.9), (-0.05, -1.9), (-0.05, 1.9), (0.05, -1.9)],
    "cycle": [(0.1, 0.0), (3.0, 1.8), (-3.0, -1.8)],
}


def flow(f, starts):
    """Trajectories of ``starts`` (shape (N, 2)) under ``f`` for ``T_FLOW``:
    the solver's Solution, ``y`` of shape (steps + 1, N, 2)."""
    return fixed_step(f, (0.0, T_FLOW), starts, dt=DT, method="rk4")


def _inside(path):
    """The part of a path up to its first point well outside the view (the
    saddle throws particles far away; the rest would only be clipped)."""
    margin = 0.1 * (XLIM[1] - XLIM[0])
    out = (np.abs(path[:, 0]) > XLIM[1] + margin) | (np.abs(path[:, 1]) > YLIM[1] + margin)
    return path[: int(np.argmax(out)) + 1] if out.any() else path


_MEMO = {}  # per field: its arrows and example paths (they depend on nothing else)


def arrow_marks(f):
    """Faint arrows of ``f`` on a grid over the view, their length saturating with speed."""
    gx = np.linspace(XLIM[0], XLIM[1], GRID[0] + 2)[1:-1]
    gy = np.linspace(YLIM[0], YLIM[1], GRID[1] + 2)[1:-1]
    X, Y = np.meshgrid(gx, gy)
    pts = np.stack([X.ravel(), Y.ravel()], axis=1)
    vel = f(0.0, pts)
    speed = np.hypot(vel[:, 0], vel[:, 1])
    # Arrow length grows with speed but saturates, so the fast corners of the
    # limit cycle do not swamp the slow centre.
    spacing = min(gx[1] - gx[0], gy[1] - gy[0])
    typical = float(np.median(speed)) or 1.0
    length = 0.85 * spacing * speed / (speed + typical)
    scale = np.divide(length, speed, out=np.zeros_like(speed), where=speed > 0)
    return arrows(pts[:, 0], pts[:, 1], vel[:, 0] * scale, vel[:, 1] * scale, color="muted")


@declare(field=Select(tuple(FIELDS), default="swirl", label="field"),
         particles=Points(MAX_PARTICLES, label="Click or tap the plot to drop a particle."))
def field(*, field, particles):
    """Scene of the ``field`` simulation: arrows of the chosen field and the
    path of every particle the reader dropped, flowed for time ``T_FLOW``."""
    f = get_field(field)
    # A point dropped at the edge of the canvas lands on the edge of the view.
    starts = np.array([(min(max(x, XLIM[0]), XLIM[1]), min(max(y, YLIM[0]), YLIM[1])) for x, y in particles],
                      dtype=float).reshape(-1, 2)
    if ("arrows", field) not in _MEMO:
        _MEMO["arrows", field] = arrow_marks(f)
    marks = [_MEMO["arrows", field]]
    n = len(starts)
    if n:
        paths = flow(f, starts).y
        for i in range(n):
            path = _inside(paths[:, i, :])
            first = i == 0
            marks.append(line(path[:, 0], path[:, 1], color="primary", width=2.2, reveal=True,
                              label="path of a particle" if first else None))
        ends = paths[-1]
        visible = (np.abs(ends[:, 0]) <= XLIM[1]) & (np.abs(ends[:, 1]) <= YLIM[1])
        marks.append(points(starts[:, 0], starts[:, 1], color="accent", size=3.5, label="dropped here (input)"))
        if visible.any():
            marks.append(points(ends[visible, 0], ends[visible, 1], color="primary", size=6,
                                label=f"position at t = {T_FLOW:g} (output)"))
    else:
        if ("samples", field) not in _MEMO:
            samples = np.array(SAMPLE_STARTS[field], dtype=float)
            _MEMO["samples", field] = (samples, flow(f, samples).y)
        samples, paths = _MEMO["samples", field]
        for i in range(len(samples)):
            path = _inside(paths[:, i, :])
            marks.append(line(path[:, 0], path[:, 1], color="fg", width=1.2, dash="dashed",
                              label="example paths" if i == 0 else None))
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True,
                # a legend would cover much of the plane on a phone; the caption names the markers
                legend=False)
    count = f"{n} particle{'s' if n != 1 else ''}" if n else "no particles yet"
    return scene(
        [fig],
        {"particles": readout(n)},
        alt=(f"Arrows of {NAMES[field]} field over the plane, {count}"
             + (f", each drawn along its path for time {T_FLOW:g}." if n else
                ", with a few dashed example paths.")),
    )
