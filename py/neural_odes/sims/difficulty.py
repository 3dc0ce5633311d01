"""Chapter 4: the same adaptive solver spends more steps on a harder input.

Two particles drift to the right through :func:`neural_odes.fields.turbulent`:
one below the axis, where the field is a calm uniform drift, one above it, where
a row of vortices switches on. Both are solved by Dormand–Prince 5(4) at the
same tolerance; the dots are the accepted steps. The turbulent one needs far
more of them, although nobody told the solver which input was hard.
"""


import numpy as np

from ..controls import Range, declare
from ..fields import turbulent
from ..formatting import fixed, significant
from ..scene import arrows, line, panel, points, readout, scene
from ..solvers import solve_ivp_adaptive

#: one tolerance for both particles: rtol = atol = 10^-4.5, the default of the
#: book's tolerance slider (v = 0.5 in 10^(-1 - 7v)); tight enough that the
#: drawn paths are accurate, loose enough to stay quick in the browser
TOL_EXPONENT = -4.5
TOL = 10.0 ** TOL_EXPONENT
XLIM = (-2.5, 6.5)
YLIM = (-1.7, 1.9)
# Arrow grid of the background field (about 300 arrows).
_GX = np.linspace(-2.25, 6.25, 27)
_GY = np.linspace(-1.45, 1.65, 11)
_GRID = np.stack(np.meshgrid(_GX, _GY), axis=-1).reshape(-1, 2)
_ARROW_LEN = 0.26  # longest arrow, in plot units (a little under the grid spacing)
# Starting points, mirror images across the axis. The field's suggested
# turbulent start (-2, 1) gets caught in a vortex near the start for some
# turbulences (about 0.8 to 0.93), which hides the path; from (-2, 1.2) the
# particle crosses the vortex row at every slider position (tested).
CALM_START = np.array([-2.0, -1.2])
TURBULENT_START = np.array([-2.0, 1.2])


def solve_both(turbulence, tol=TOL):
    """Dormand–Prince solutions ``(calm, turbulent)`` of the two particles in
    the field of the given turbulence (same solver, same tolerance)."""
    f = turbulent(turbulence)
    calm = solve_ivp_adaptive(f, f.t_span, CALM_START, rtol=tol, atol=tol)
    rough = solve_ivp_adaptive(f, f.t_span, TURBULENT_START, rtol=tol, atol=tol)
    return calm, rough


def _field_arrows(f):
    uv = f(0.0, _GRID)
    speed = np.hypot(uv[:, 0], uv[:, 1])
    scale = _ARROW_LEN / float(np.max(speed))
    return arrows(_GRID[:, 0], _GRID[:, 1], uv[:, 0] * scale, uv[:, 1] * scale, color="muted")


@declare(turbulence=Range(0.0, 1.0, step=0.01, default=0.5, label="field turbulence"))
def difficulty(*, turbulence):
    """Scene of the ``difficulty`` simulation: both trajectories with a dot per
    accepted step over the field's arrows, and the NFE of each particle."""
    f = turbulent(turbulence)
    calm, rough = solve_both(turbulence)
    marks = [
        _field_arrows(f),
        line(calm.y[:, 0], calm.y[:, 1], color="primary", width=2.0,
             label=f"calm input: {calm.nfe} evaluations"),
        points(calm.y[:, 0], calm.y[:, 1], color="primary", size=2.5),
        line(rough.y[:, 0], rough.y[:, 1], color="accent", width=2.0,
             label=f"turbulent input: {rough.nfe} evaluations"),
        points(rough.y[:, 0], rough.y[:, 1], color="accent", size=2.5),
    ]
    # No legend: on a phone it would cover the upper path; the caption names
    # the colours and the readouts give the counts.
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", legend=False)
    ratio = rough.nfe / calm.nfe
    return scene(
        [fig],
        {
            "nfe_calm": readout(int(calm.nfe), unit="evaluations"),
            "nfe_turbulent": readout(int(rough.nfe), unit="evaluations"),
        },
        alt=(f"At turbulence {fixed(turbulence, 2)} the same adaptive solver at tolerance {significant(TOL, 3)} takes "
             f"{calm.n_accepted} steps ({calm.nfe} evaluations) for the particle below the axis and "
             f"{rough.n_accepted} steps ({rough.nfe} evaluations, {fixed(ratio, 1)} times as many) for the "
             f"particle above it, " + ("where the field is as calm as below." if turbulence == 0.0 else
                                        "where vortices twist the field; the dots crowd there.")),
    )
