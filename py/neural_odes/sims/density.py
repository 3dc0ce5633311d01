"""Chapter 6: the trained CNF's density as a heat map, from the Gaussian at time 0
to the two moons at time 1.

At flow time ``t`` the density of every cell centre ``x`` of a regular
``GRID_COLS x GRID_ROWS`` grid over the plotted box comes from the instantaneous
change of variables, integrated backward in time along the path through ``x``:

    log p_t(x) = log N(h(0); 0, I) - integral_0^t div f(h(s), s) ds,   h(t) = x.

This is :func:`neural_odes.flows.log_density` (fixed-step RK4 on the state and
the divergence integral together, the MLP's exact divergence), with
``ceil(8 t)`` steps as for the ``loglik`` readout; at ``t = 0`` it is the Gaussian
itself.

Readouts
--------
``mass``
    The density's integral over the plotted box by the midpoint rule on the
    grid cells: ``sum p_t(x_ij) * dx * dy``. It is not 1: it misses the mass the
    flow keeps outside the box (about 1.8 % of the Gaussian at time 0, almost
    none of the moons at time 1), and carries the quadrature's and the solver's
    small errors.
``loglik``
    The ``cnf`` simulation's readout at the same time, by the same code
    (:func:`neural_odes.sims.cnf.loglik_at`): the mean log-density of 100
    held-out two-moons points, each integrated backward to time 0. The held-out
    points are drawn on the heat map.

Speed
-----
One frame costs ``4 ceil(8 t)`` evaluations of the field and its divergence on
the grid's 3072 points: tens of milliseconds in CPython, but about a second in
the browser, where numpy runs in WebAssembly without an optimised BLAS. So the
frames at every position of the slider (``TIMES``) are computed by this module
once, in CPython at build time, and kept as a table that ships with the trained
parameters (:func:`neural_odes.sims.trained_models.table`, cached by content).
A slider move reads its frame from the table; a time off the slider's grid (the
printed numbers, tests) is computed here, the same way.
"""

import base64
import json
import math
import sys
import zlib

import numpy as np

from .. import flows
from ..controls import Range, declare
from ..formatting import fixed
from ..scene import image, panel, points, readout, scene
from . import cnf as cnf_sim
from . import trained_models
from .kept import kept

#: the trained CNF (for frames off the table's grid) and the table of every slider position
TRAINED = ("cnf", "density")
XLIM, YLIM = (-3.2, 3.2), (-2.4, 2.4)
GRID_COLS, GRID_ROWS = 64, 48  # cells of 0.1 x 0.1
#: RK4 steps per unit of flow time, the loglik readout's rule (densities within 1 % of the
#: colour scale of a tight solve)
STEPS_PER_UNIT = cnf_sim.LOGLIK_STEPS_PER_UNIT
TIME_STEP = 0.02  # the slider's step: the table holds TIMES
TIMES = np.round(np.arange(0, round(1 / TIME_STEP) + 1) * TIME_STEP, 10)
#: densities from 0 to DENSITY_SCALE map to colour levels 0..255 by the square root
#: (so the faint Gaussian of time 0 and the bright moons of time 1 show on one scale);
#: the trained flow's densities on the grid stay below it (tested)
DENSITY_SCALE = 1.5
RAMP = ("background", "primary", "fg")
N_HELDOUT_SHOWN = cnf_sim.N_HELDOUT
FRAME_CACHE = 64  # off-grid frames kept per process
MASS_DECIMALS = 4  # 0.9999 and 1.0003 must not both print as 1.000
LOGLIK_DECIMALS = cnf_sim.LOGLIK_DECIMALS

_MEMO = {}


def cell_centres():
    """Centres of the grid cells, shape (GRID_ROWS * GRID_COLS, 2): rows from
    the bottom of the box, each row from left to right."""
    dx, dy = (XLIM[1] - XLIM[0]) / GRID_COLS, (YLIM[1] - YLIM[0]) / GRID_ROWS
    xs = XLIM[0] + dx * (np.arange(GRID_COLS) + 0.5)
    ys = YLIM[0] + dy * (np.arange(GRID_ROWS) + 0.5)
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def cell_area():
    return (XLIM[1] - XLIM[0]) / GRID_COLS * (YLIM[1] - YLIM[0]) / GRID_ROWS


def steps_for(time):
    """RK4 steps of the backward solve from ``time`` to 0."""
    return max(1, math.ceil(STEPS_PER_UNIT * time - 1e-9))


def log_density_grid(field, time):
    """``log p_time`` at the cell centres, shape (GRID_ROWS, GRID_COLS), for the
    standard Gaussian pushed forward by ``field`` (any field with a
    ``divergence(t, h)`` method) from time 0 to ``time``."""
    x = cell_centres()
    if time <= 0.0:
        logp = flows.gaussian_log_density(x)
    else:
        logp, _ = flows.log_density(field, x, t1=time, steps=steps_for(time), method="rk4")
    return logp.reshape(GRID_ROWS, GRID_COLS)


def midpoint_mass(logp):
    """The midpoint rule: sum over cells of ``exp(log p) * cell area``."""
    return float(np.sum(np.exp(logp)) * cell_area())


def levels(logp):
    """Colour levels 0..255 of a log-density grid: ``sqrt(p / DENSITY_SCALE)``,
    clipped to [0, 1], times 255, rounded."""
    return np.rint(255.0 * np.sqrt(np.clip(np.exp(logp) / DENSITY_SCALE, 0.0, 1.0))).astype(np.uint8)


def compute_frame(time):
    """One frame computed now: ``{"levels", "mass", "loglik", "max_density"}``."""
    logp = log_density_grid(trained_models.get("cnf").field, time)
    return {"levels": levels(logp), "mass": midpoint_mass(logp), "loglik": cnf_sim.loglik_at(time),
            "max_density": float(np.exp(logp.max()))}


# -- the table of every slider position --------------------------------------------

def table_key():
    """Content key of the table: the trained CNF's key and this module's and the
    cnf simulation's source (constants included)."""
    from ..training.cache import table_key  # build time only: not in the browser

    return table_key("cnf", cnf_sim, sys.modules[__name__])


def compute_table():
    """Every frame of :data:`TIMES` as JSON text (levels zlib-compressed, base64)."""
    frames = [compute_frame(float(t)) for t in TIMES]
    stack = np.stack([f["levels"] for f in frames])
    return json.dumps({
        "key": table_key(),
        "times": TIMES.tolist(),
        "shape": list(stack.shape),
        "levels": base64.b64encode(zlib.compress(stack.tobytes(), 9)).decode("ascii"),
        "mass": [f["mass"] for f in frames],
        "loglik": [f["loglik"] for f in frames],
        "max_density": [f["max_density"] for f in frames],
    })


def _table():
    """The table as arrays (once per process)."""
    if "table" not in _MEMO:
        data = json.loads(trained_models.table("density"))
        raw = zlib.decompress(base64.b64decode(data["levels"]))
        stack = np.frombuffer(raw, dtype=np.uint8).reshape(data["shape"])
        _MEMO["table"] = {"times": np.asarray(data["times"]), "levels": stack,
                          "mass": data["mass"], "loglik": data["loglik"],
                          "max_density": data["max_density"]}
    return _MEMO["table"]


def frame(time):
    """The frame at ``time``: read from the table at a slider position, computed
    (and kept) anywhere else."""
    table = _table()
    k = int(round(time / TIME_STEP))
    if abs(time - k * TIME_STEP) < 1e-9 and 0 <= k < len(table["times"]):
        return {name: table[name][k] for name in ("levels", "mass", "loglik", "max_density")}
    key = round(float(time), 10)
    return kept(_MEMO.setdefault("frames", {}), key, lambda: compute_frame(key), FRAME_CACHE)


def heldout_points():
    """The held-out points the ``loglik`` readout scores, shape (100, 2)."""
    if "heldout" not in _MEMO:
        hp = trained_models.info("cnf").get("hp", flows.CNF_HYPERPARAMS)
        _MEMO["heldout"] = flows.heldout_data(hp)[:N_HELDOUT_SHOWN]
    return _MEMO["heldout"]


@declare(time=Range(0.0, 1.0, step=TIME_STEP, default=0.0, label="flow time t"))
def density(*, time):
    """Scene of the ``density`` simulation: the model's density at flow ``time``
    as a heat map, the held-out points over it; readouts ``mass`` and ``loglik``."""
    f = frame(time)
    held = heldout_points()
    marks = [
        image(f["levels"], extent=(*XLIM, *YLIM), colors=RAMP),
        points(held[:, 0], held[:, 1], color="accent", size=1.8, label="held-out points"),
    ]
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True, legend=False)
    mass_text, ll_text = fixed(f["mass"], MASS_DECIMALS), fixed(f["loglik"], LOGLIK_DECIMALS)
    if time == 0:
        where = "the standard Gaussian: one round blob, densest in the middle"
    elif time < 1:
        where = "on its way from the round Gaussian to the two moons"
    else:
        where = "concentrated on two thin crescents, the two moons"
    return scene(
        [fig],
        {
            # values rounded past float noise, so CPython and Pyodide report the same number
            "mass": readout(round(f["mass"], 9), mass_text),
            "loglik": readout(round(f["loglik"], 9), ll_text, "nats per point"),
        },
        alt=(f"Heat map of the model's density at flow time {fixed(time, 2)} (darker is denser): {where}. "
             f"It integrates to {mass_text} over the plotted box; the {len(held)} held-out points drawn "
             f"on it have mean log-likelihood {ll_text}."),
    )
