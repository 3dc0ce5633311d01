"""Chapter 2: a square grid carried by the flow, and the flow map's Jacobian determinant.

Every sample point of a square grid of lines is flowed for time ``time`` under
one of chapter 2's fields (:data:`neural_odes.fields.FIELDS`); drawing the
flowed samples in order draws the grid's image under the flow map
``phi_t``. Alongside each point the solver integrates the variational equation

    dM/dt = J(h(t)) M,   M(0) = I,

whose solution is the Jacobian of the flow map, ``M(t) = d phi_t / d h(0)``
(Hairer, Nørsett & Wanner, *Solving ODEs I*, Sec. I.14). The readout is the
smallest ``det M`` over the grid's points. Liouville's formula says
``det M(t) = exp(integral of div f along the path)``, which is positive: the
tests check the computed determinants against it, against finite differences
of the flow map and against closed forms.

What is exact and what is approximate: the flow is fixed-step RK4 with steps of
at most :data:`DT` (positions within about 1e-6 of the exact flow, determinants
within a relative 2e-5, measured against scipy at 1e-12). For a smooth slider
the flow of the whole grid is computed once per field on the time nodes
``0, DT, 2 DT, ..., 1``; a time between two nodes is one more RK4 step from the
node below, so every time gets the same RK4 solution, not an interpolation.
"""

import math

import numpy as np

from ..controls import Range, Select, declare
from ..fields import FIELDS, JACOBIANS, get_field
from ..formatting import fixed
from ..scene import line, panel, readout, scene
from ..solvers import fixed_step
from .field import NAMES, XLIM, YLIM, arrow_marks

T_MAX = 1.0
DT = 0.05  # RK4 step and spacing of the cached time nodes (see the module notes)
LINES = 11  # grid lines each way (odd: the axes are grid lines)
SAMPLES = 61  # points along each line: 6 per grid cell, so a line bends smoothly
# The square [-HALF, HALF]^2. The saddle stretches x by e^t, so at t = 1 the
# grid spans e * HALF = 3.13 < XLIM: it stays in view.
HALF = 1.15

_CACHE = {}  # field name -> (node times, states at the nodes): one flow per field per process
_ARROWS = {}  # field name -> its arrow mark


def grid_points():
    """The grid's sample points, shape (2 * LINES * SAMPLES, 2): first the
    horizontal lines (each a run of SAMPLES points from left to right), then the
    vertical ones (bottom to top). Crossings appear once in each direction."""
    u = np.linspace(-HALF, HALF, LINES)
    s = np.linspace(-HALF, HALF, SAMPLES)
    horizontal = np.stack(np.broadcast_arrays(s[None, :], u[:, None]), axis=-1)
    vertical = np.stack(np.broadcast_arrays(u[:, None], s[None, :]), axis=-1)
    return np.concatenate([horizontal.reshape(-1, 2), vertical.reshape(-1, 2)])


def variational(name):
    """``g(t, z)``: the field ``name`` and its variational equation for a batch
    of P points, on the flat state ``z`` laid out as six rows of P numbers:
    ``x, y, M00, M01, M10, M11``."""
    f, jac = get_field(name), JACOBIANS[name]

    def g(t, z):
        Z = z.reshape(6, -1)
        h = Z[:2].T
        out = np.empty_like(Z)
        out[:2] = f(t, h).T
        J = jac(t, h)
        a, b, c, d = J[:, 0, 0], J[:, 0, 1], J[:, 1, 0], J[:, 1, 1]
        m00, m01, m10, m11 = Z[2], Z[3], Z[4], Z[5]
        # (J M) entry by entry: four 2x2 products per point as whole-row operations
        np.multiply(a, m00, out=out[2])
        out[2] += b * m10
        np.multiply(a, m01, out=out[3])
        out[3] += b * m11
        np.multiply(c, m00, out=out[4])
        out[4] += d * m10
        np.multiply(c, m01, out=out[5])
        out[5] += d * m11
        return out.reshape(z.shape)

    return g


def _start():
    p = grid_points()
    z = np.zeros((6, len(p)))
    z[:2] = p.T
    z[2] = z[5] = 1.0  # M(0) = I
    return z.ravel()


def nodes(name):
    """``(t, Z)``: the cached RK4 flow of the grid under field ``name``, node
    times ``t`` of shape (K+1,) and states ``Z`` of shape (K+1, 6 * P).

    The first call flows the grid under every field (a few ms each in CPython),
    so that later switching fields, like moving the slider, costs only one
    drawing."""
    if not _CACHE:
        z0 = _start()
        for field in FIELDS:
            sol = fixed_step(variational(field), (0.0, T_MAX), z0, dt=DT, method="rk4")
            _CACHE[field] = (sol.t, sol.y)
    get_field(name)  # a ValueError that lists the fields, for an unknown name
    return _CACHE[name]


def flow_state(name, time):
    """The state (positions and Jacobians) of every grid point at ``time``,
    shape (6, P): a cached node, or one RK4 step (shorter than DT) from the
    node below."""
    t, Z = nodes(name)
    k = min(int(math.floor(time / DT + 1e-9)), len(t) - 1)
    if abs(time - t[k]) <= 1e-12:
        z = Z[k]
    else:
        z = fixed_step(variational(name), (t[k], time), Z[k], dt=time - t[k], method="rk4").y[-1]
    return z.reshape(6, -1)


def determinants(state):
    """``det M`` of every point of a (6, P) state."""
    return state[2] * state[5] - state[3] * state[4]


@declare(field=Select(tuple(FIELDS), default="swirl", label="field"),
         time=Range(0.0, T_MAX, step=0.01, default=1.0, label="flow time t"))
def grid(*, field, time):
    """Scene of the ``grid`` simulation: the square grid's image under the flow
    map of ``field`` at ``time``, over the field's arrows, with the smallest
    Jacobian determinant of the flow map over the grid's points."""
    state = flow_state(field, time)
    det = determinants(state)
    min_det = float(det.min())
    xy = state[:2].reshape(2, 2 * LINES, SAMPLES)
    if field not in _ARROWS:
        _ARROWS[field] = arrow_marks(FIELDS[field])
    marks = [_ARROWS[field]]
    corners = [-HALF, HALF, HALF, -HALF, -HALF], [-HALF, -HALF, HALF, HALF, -HALF]
    marks.append(line(*corners, color="fg", width=1.0, dash="dashed", label="the grid's square at t = 0"))
    for i in range(2 * LINES):
        edge = i % LINES in (0, LINES - 1)  # the square's own sides, drawn bolder
        marks.append(line(xy[0, i], xy[1, i], color="primary", width=2.0 if edge else 1.2,
                          label="grid carried by the flow" if i == 0 else None))
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True,
                legend=False)  # a legend would cover the grid on a phone; the caption names the marks
    shown = fixed(min_det, 4)
    return scene(
        [fig],
        # the value rounded past float noise, so CPython and Pyodide report the same number
        {"min_det": readout(float(f"{min_det:.10g}"), shown)},
        alt=(f"A square grid of {LINES} by {LINES} lines carried by {NAMES[field]} field for time "
             f"{fixed(time, 2)}, drawn over the field's arrows: the lines bend, but none breaks and no cell "
             f"folds over, and the smallest Jacobian determinant of the flow map over the grid is "
             f"{shown}, positive."),
    )
