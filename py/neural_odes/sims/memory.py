"""Chapter 5: memory of backpropagation through the solver against the adjoint.

A small tanh MLP field (2 -> 16 -> 2) flows a batch of 8 points for time 1 with
``steps`` Euler steps (a ResNet of ``steps`` layers, as in chapter 1), and the
gradient of a squared-error loss is computed twice, for real, with
:func:`neural_odes.adjoint.backprop_through_solver` and
:func:`neural_odes.adjoint.adjoint_gradients`. Each reports the bytes it kept
alive for its backward pass: the tape of backprop grows by the same amount every
step, the adjoint's buffers do not depend on the number of steps.
"""


import numpy as np

from ..adjoint import adjoint_gradients, backprop_through_solver, relative_difference, squared_error_loss
from ..controls import Range, declare
from ..fields import MLPField
from ..formatting import fixed, significant
from ..scene import bars, line, panel, points, readout, scene

STEPS_MAX = 200
METHOD = "euler"
BATCH = 8
HIDDEN = 16
SEED = 0

_rng = np.random.default_rng(SEED)
FIELD = MLPField(2, (HIDDEN,), seed=SEED, init_gain=1.0)
H0 = _rng.standard_normal((BATCH, 2))
TARGET = _rng.standard_normal((BATCH, 2))
LOSS = squared_error_loss(TARGET)
del _rng

KB = 1000.0  # bytes per kB, as the figure labels them
YMAX_KB = 260.0  # fixed axis: the backprop tape at 200 steps (230.4 kB) fits


def gradients(steps):
    """``(backprop, adjoint)``: the two :class:`~neural_odes.adjoint.GradientResult`
    of the chapter's problem with ``steps`` Euler steps."""
    bp = backprop_through_solver(FIELD, H0, LOSS, t_span=(0.0, 1.0), steps=steps, method=METHOD)
    adj = adjoint_gradients(FIELD, H0, LOSS, t_span=(0.0, 1.0), steps=steps, method=METHOD)
    return bp, adj


def _kb(nbytes):
    return nbytes / KB


@declare(steps=Range(1, STEPS_MAX, step=1, default=12, label="solver steps"))
def memory(*, steps):
    """Scene of the ``memory`` simulation: bars of the bytes each method kept
    alive, and beside them memory against the number of steps, with the
    relative difference of the two gradients."""
    bp, adj = gradients(steps)
    diff = relative_difference(adj, bp)
    per_step = bp.bytes_kept / steps  # the tape grows by the same block every step
    names = ["backprop", "adjoint"]
    bp_kb, adj_kb = _kb(bp.bytes_kept), _kb(adj.bytes_kept)
    left = panel(
        [
            bars(names, [bp_kb, 0.0], color="accent"),
            bars(names, [0.0, adj_kb], color="primary"),
        ],
        xlim=(-0.5, 1.5), ylim=(0.0, YMAX_KB), ylabel="kB kept alive",
        title=f"{steps} Euler step{'s' if steps > 1 else ''}", legend=False,
    )
    n = np.arange(0, STEPS_MAX + 1)
    right = panel(
        [
            line(n, _kb(per_step * n), color="accent", width=2.0, label="backprop: grows with steps"),
            line([1, STEPS_MAX], [adj_kb, adj_kb], color="primary", width=2.0, label="adjoint: flat"),
            points([steps, steps], [bp_kb, adj_kb], color="fg", size=4.5),
        ],
        xlim=(0.0, STEPS_MAX + 5.0), ylim=(0.0, YMAX_KB), xlabel="solver steps",
        title="memory against depth", legend=False,  # same axis and colours as the bars
    )
    return scene(
        [left, right],
        {
            "backprop_bytes": readout(int(bp.bytes_kept), unit="bytes"),
            "adjoint_bytes": readout(int(adj.bytes_kept), unit="bytes"),
            "grad_diff": readout(diff, significant(diff, 3)),
        },
        alt=(f"With {steps} Euler step{'s' if steps > 1 else ''}, backpropagation through the solver kept "
             f"{bp.bytes_kept} bytes alive and the adjoint method {adj.bytes_kept} bytes; backprop's memory "
             f"grows in a straight line with the number of steps while the adjoint's stays flat. The two "
             f"gradients differ by a relative {significant(diff, 3)} ({fixed(100 * diff, 3)}%)."),
    )
