"""Chapter 8: mapping h to -h needs an extra dimension (Dupont et al. 2019).

Plain: a 1-D flow ``dh/dt = f(h)`` keeps its points in order (two paths on a
line would have to meet to swap places, and ODE paths never meet), so it cannot
send every ``h`` to ``-h``. The flow shown squeezes the line toward 0,
``f(h) = -SQUEEZE h``, which is about as close as a 1-D flow gets: every output
still misses its target by at least ``|h|``.

Augmented: append a zero, ``(h, 0)``, and flow in the plane by the rotation
field ``f(x, z) = pi (-z, x)`` for time 1. Each point travels half a circle and
lands on ``(-h, 0)``; the paths pass one above the other in the extra
dimension instead of through each other. Read out the first coordinate.

Both fields are linear (:func:`neural_odes.fields.linear`), solved by the
package's adaptive Dormand–Prince solver.
"""

import math

import numpy as np

from ..controls import Checkbox, declare
from ..fields import linear
from ..formatting import significant
from ..scene import line, panel, points, readout, scene
from ..solvers import solve_ivp_adaptive

#: inputs shown (0 maps to itself in every flow)
INPUTS = np.linspace(-1.0, 1.0, 9)
SQUEEZE = 3.0
TOL = 1e-8
T_SPAN = (0.0, 1.0)

FIELD_1D = linear([[-SQUEEZE]])
FIELD_2D = linear([[0.0, -math.pi], [math.pi, 0.0]])


def flow_1d():
    """Solution of the 1-D squeeze for every input (one batch)."""
    return solve_ivp_adaptive(FIELD_1D, T_SPAN, INPUTS[:, None], rtol=TOL, atol=TOL)


def flow_2d():
    """Solution of the augmented flow for every input, started at ``(h, 0)``."""
    start = np.stack([INPUTS, np.zeros_like(INPUTS)], axis=1)
    return solve_ivp_adaptive(FIELD_2D, T_SPAN, start, rtol=TOL, atol=TOL)


@declare(augmented=Checkbox(False, label="add an extra dimension"))
def augment(*, augmented):
    """Scene of the ``augment`` simulation: the first coordinate of every path
    against time, and the state space (a line, or the plane when augmented),
    with the largest distance between an output and its target -h."""
    pos = INPUTS > 0
    neg = INPUTS < 0
    if augmented:
        sol = flow_2d()
        t, states = sol.t, sol.y  # (n, 9, 2)
        first, extra = states[:, :, 0], states[:, :, 1]
    else:
        sol = flow_1d()
        t, states = sol.t, sol.y
        first, extra = states[:, :, 0], np.zeros_like(states[:, :, 0])
    out = first[-1]
    max_error = float(np.max(np.abs(out + INPUTS)))

    left, right = [], []
    for i, h0 in enumerate(INPUTS):
        color = "accent" if h0 > 0 else "primary" if h0 < 0 else "muted"
        left.append(line(t, first[:, i], color=color, width=1.8))
        if augmented:
            right.append(line(first[:, i], extra[:, i], color=color, width=1.8))
    left += [
        points(np.zeros(INPUTS.size), INPUTS, color="fg", size=3.0),
        points(np.ones(pos.sum()), -INPUTS[pos], color="accent", size=5.0, marker="x",
               label="target −h of a positive h"),
        points(np.ones(neg.sum()), -INPUTS[neg], color="primary", size=5.0, marker="x",
               label="target −h of a negative h"),
    ]
    if augmented:
        right += [
            points(INPUTS, np.zeros(INPUTS.size), color="fg", size=3.0),
            points(out, extra[-1], color="fg", size=4.5, marker="x"),
        ]
        fig_r = panel(right, xlim=(-1.3, 1.3), ylim=(-1.3, 1.3), xlabel="h  (up: extra dimension)",
                      title="in the plane", equal_aspect=True, legend=False)
    else:
        # On a line the paths overlap, so show what the flow does instead:
        # output against input, beside the target -h.
        fig_r = panel(
            [
                line([-1.2, 1.2], [1.2, -1.2], color="fg", width=1.5, dash="dashed", label="target −h"),
                line(INPUTS, out, color="accent", width=2.0, label="1-D flow: order kept"),
                points(INPUTS, out, color="accent", size=3.5),
            ],
            xlim=(-1.3, 1.3), ylim=(-1.3, 1.3), xlabel="input h  (up: output)",
            title="output against input", legend=False, equal_aspect=True,
        )
    # The right panel has no y label: the canvas draws every panel's y label at
    # the left edge of the whole figure, where it would cover the left one's.
    fig_l = panel(left, xlim=(-0.05, 1.15), ylim=(-1.3, 1.3), xlabel="time t", ylabel="h", legend=False,
                  title="first coordinate h over time" if augmented else "h over time")
    if augmented:
        alt = ("With an extra dimension, every point travels half a circle in the plane and lands on −h: "
               "the paths pass one above another instead of through each other. Over time their first "
               f"coordinates meet at 0 halfway, but only in this shadow. Largest error {significant(max_error, 3)}.")
    else:
        alt = ("On a line, the flow keeps the points in order: positive inputs stay above negative ones, "
               "so the squeeze can only pull them all toward 0; plotted against the input, the output "
               f"rises while the target −h falls, and the outputs miss by up to {significant(max_error, 3)}.")
    return scene([fig_l, fig_r], {"max_error": readout(max_error, significant(max_error, 3))}, alt=alt)
