"""Chapter 5: the adjoint's backward reconstruction of the state, drawn over the forward path.

The state ``h`` is solved forward from ``h(0)`` to ``T`` with the adaptive
Dormand–Prince solver at the book's tolerance, then re-solved backward from the
computed ``h(T)`` to 0 with the same solver and tolerance, as the adjoint
method rebuilds it (:func:`neural_odes.adjoint.reconstruct_state`). The three
fields are linear about a fixed point ``c``, ``f(h) = A (h - c)``, so the exact
path ``h(t) = c + e^(A t) (h(0) - c)`` is known:

- ``contracting``: ``A = diag(-1, -5)``, a node. Forward, the vertical
  distance to ``c`` dies like ``e^(-5 t)``; backward, every error in it grows
  like ``e^(5 t)``: by ``e^(7.5)``, about 1800, over ``T = 1.5``.
- ``expanding``: the same path run the other way (``A`` negated, starting where
  the contracting path ends). Backward it contracts, and errors shrink.
- ``rotating``: ``A = [[0, -4], [4, 0]]`` about the origin, a circle; distances
  are kept, errors neither grow nor shrink.
"""

from dataclasses import dataclass

import numpy as np

from ..adjoint import reconstruct_state
from ..controls import TOLERANCE, Select, declare, tolerance
from ..formatting import significant
from ..scene import line, panel, points, readout, scene, text

T = 1.5
XLIM = (-3.2, 3.2)
YLIM = (-2.0, 2.0)  # 16:10, the canvas's aspect, so equal scales fill it


@dataclass(frozen=True)
class Setup:
    """``f(h) = A (h - center)`` with ``A = [[rates[0], -omega], [omega, rates[1]]]``,
    either diagonal (``omega = 0``) or a scaled rotation (equal rates), so its
    flow has a closed form; the path starts at ``start``."""

    rates: tuple
    omega: float
    center: tuple
    start: tuple
    description: str

    @property
    def A(self):
        return np.array([[self.rates[0], -self.omega], [self.omega, self.rates[1]]])

    def field(self):
        """``f(t, h)`` for one state or a batch."""
        AT, c = self.A.T.copy(), np.array(self.center)
        return lambda t, h: (np.asarray(h, dtype=float) - c) @ AT

    def exact(self, t):
        """The exact path at the times ``t``, shape (len(t), 2)."""
        t = np.asarray(t, dtype=float)[:, None]
        c, d = np.array(self.center), np.array(self.start) - np.array(self.center)
        if self.omega == 0.0:
            return c + d * np.exp(np.array(self.rates) * t)
        if self.rates[0] != self.rates[1]:
            raise ValueError("a rotating setup needs equal rates")
        a = self.omega * t
        rotated = np.concatenate([np.cos(a) * d[0] - np.sin(a) * d[1], np.sin(a) * d[0] + np.cos(a) * d[1]], axis=1)
        return c + np.exp(self.rates[0] * t) * rotated


_NODE = Setup((-1.0, -5.0), 0.0, (-3.0, -1.6), (2.6, 1.6), "a contracting node")
SETUPS = {
    "contracting": _NODE,
    # the node's path backward in time: it starts where the contracting path ends
    "expanding": Setup((1.0, 5.0), 0.0, _NODE.center, tuple(_NODE.exact([T])[0]), "an expanding node"),
    "rotating": Setup((0.0, 0.0), 4.0, (0.0, 0.0), (1.8, 0.0), "a rotation"),
}

_EXACT = {}  # name -> exact path for drawing (once per process)


def solves(name, v):
    """``(forward, backward)`` Solutions of the setup ``name`` at slider
    position ``v`` (rtol = atol = :func:`~neural_odes.controls.tolerance` of v)."""
    tol = tolerance(v)
    setup = SETUPS[name]
    return reconstruct_state(setup.field(), np.array(setup.start), t_span=(0.0, T), rtol=tol, atol=tol)


@declare(field=Select(tuple(SETUPS), default="contracting", label="field"), tol=TOLERANCE)
def reconstruct(*, field, tol):
    """Scene of the ``reconstruct`` simulation: the exact path, the forward
    solve and the backward reconstruction, with the reconstruction error at
    ``h(0)`` and the cost of each solve."""
    setup = SETUPS[field]
    h0 = np.array(setup.start)
    fwd, bwd = solves(field, tol)
    back0 = bwd.y[-1]
    error = float(np.linalg.norm(back0 - h0))
    if field not in _EXACT:
        _EXACT[field] = setup.exact(np.linspace(0.0, T, 241))
    exact = _EXACT[field]
    marks = [
        line(exact[:, 0], exact[:, 1], color="fg", width=1.0, dash="dashed", label="exact path"),
        line(fwd.y[:, 0], fwd.y[:, 1], color="primary", width=2.4, label="forward solve, 0 → T"),
        points(fwd.y[:, 0], fwd.y[:, 1], color="primary", size=3.0),
        line(bwd.y[:, 0], bwd.y[:, 1], color="accent", width=1.6, label="backward reconstruction, T → 0"),
        points(bwd.y[:, 0], bwd.y[:, 1], color="accent", size=2.2),
        points([h0[0]], [h0[1]], color="fg", size=5.0, label="h(0)"),
        points([back0[0]], [back0[1]], color="accent", size=6.0, marker="x", label="rebuilt h(0)"),
    ]
    shown = significant(error, 4)  # four digits: neighbouring slider positions print apart
    inside = XLIM[0] <= back0[0] <= XLIM[1] and YLIM[0] <= back0[1] <= YLIM[1]
    if not inside:
        # short, in the empty lower right corner: it must fit a phone-wide plot
        marks.append(text(XLIM[1] - 0.15, YLIM[0] + 0.25, "rebuilt h(0): off the plot", color="accent",
                          align="right"))
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True,
                legend=False)  # a legend would cover the paths on a phone; the caption names the marks
    return scene(
        [fig],
        {
            "recon_error": readout(error, shown),
            "nfe_forward": readout(int(fwd.nfe), unit="evaluations"),
            "nfe_backward": readout(int(bwd.nfe), unit="evaluations"),
        },
        alt=(f"{setup.description.capitalize()} solved forward from h(0) to T = {T:g} at tolerance "
             f"{significant(tolerance(tol), 3)} with {fwd.nfe} evaluations, then backward from the computed "
             f"h(T) with {bwd.nfe}: the backward path lands {shown} away from h(0)"
             + ("." if inside else ", outside the plotted area.")),
    )
