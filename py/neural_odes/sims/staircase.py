"""Chapter 0: a ResNet's staircase of hidden states against the smooth limit.

N residual layers, each adding ``(1/N) * f(h)``, with the logistic block
``f(h) = 3 h (1 - h)`` from ``h = 0.1``. In the limit of many thin layers the
staircase becomes the solution of ``dh/dt = f(h)`` on ``[0, 1]``, the logistic
curve ``h(t) = 1 / (1 + 9 e^(-3t))``.
"""


import numpy as np

from ..controls import Range, declare
from ..convergence import logistic
from ..formatting import fixed, significant
from ..scene import line, panel, points, readout, scene
from ..solvers import fixed_step

RATE = 3.0
H0 = 0.1
T_END = 1.0
MAX_LAYERS = 64


#: the residual block of chapter 0, ``f(h) = 3 h (1 - h)`` (the logistic equation)
block = logistic


def exact(t):
    """The smooth limit: the logistic curve through ``h(0) = 0.1``."""
    return 1.0 / (1.0 + (1.0 / H0 - 1.0) * np.exp(-RATE * np.asarray(t, dtype=float)))


def resnet(layers):
    """Hidden states of an ``layers``-layer ResNet with step ``1/layers``: Euler's
    method on ``[0, 1]``. Returns the solver's Solution (``t`` are the layer
    boundaries, ``y[k]`` the state after layer ``k``)."""
    return fixed_step(block, (0.0, T_END), np.array([H0]), dt=T_END / layers, method="euler")


def gap(layers):
    """``|h_exact(1) - h_N|``: how far the last layer's output lies from the curve's end."""
    return abs(float(exact(T_END)) - float(resnet(layers).y[-1, 0]))


@declare(layers=Range(1, MAX_LAYERS, step=1, default=4, label="number of layers N"))
def staircase(*, layers):
    """Scene of the ``staircase`` simulation: one flat tread and one jump per
    layer, against the logistic curve, with the gap between their end points."""
    n = layers
    sol = resnet(n)
    t, h = sol.t, sol.y[:, 0]
    # A staircase: the state is held across each layer's slice of time, then jumps.
    sx = np.repeat(t, 2)[1:]
    sy = np.repeat(h, 2)[:-1]
    end_exact = float(exact(T_END))
    end = float(h[-1])
    g = abs(end_exact - end)
    tt = np.linspace(0.0, T_END, 121)
    marks = [
        line(tt, exact(tt), color="fg", width=1.5, dash="dashed", label="smooth limit (the ODE)"),
        line(sx, sy, color="primary", width=2.2, label=f"ResNet, {n} layer{'s' if n > 1 else ''}"),
        points(t[1:], h[1:], color="primary", size=3.5 if n <= 16 else 2.2),
        line([T_END, T_END], [end, end_exact], color="bad", width=2.5, label="gap at the end"),
        points([T_END], [end_exact], color="fg", size=4),
    ]
    fig = panel(marks, xlim=(0.0, 1.06), ylim=(0.0, 0.8), xlabel="depth: time t (layer k at t = k/N)",
                ylabel="hidden state h")
    return scene(
        [fig],
        {"gap": readout(g, significant(g, 3))},
        alt=(f"A staircase of {n} layer{'s' if n > 1 else ''} climbs beside the smooth logistic curve and ends "
             f"at h = {fixed(end, 3)}, {significant(g, 3)} below the curve's end value {fixed(end_exact, 3)}."),
    )
