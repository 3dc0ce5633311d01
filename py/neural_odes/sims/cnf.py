"""Chapter 6: a cloud of Gaussian samples flows into two moons under the book's CNF.

The trained continuous normalizing flow (``trained_models.get("cnf")``, trained
at build time by flow matching) carries points drawn from a standard Gaussian
at time 0 to the two-moons shape at time 1. The slider picks the flow time.

Expensive work is done once per process and kept (module memo): on the first
call the sample cloud is pushed through a grid of 51 times, one RK4 step per
frame, so a slider move looks a frame up and takes at most one more step.
The log-likelihood costs up to 32 evaluations of the field and its exact
divergence: a few milliseconds in CPython, about a hundred in the browser. So
its value at every position of the slider (:data:`LOGLIK_TIMES`) is computed once,
in CPython at build time, by :func:`loglik_at`, and ships as the small table
``cnf-loglik`` (:func:`neural_odes.sims.trained_models.table`); any other time
is computed on first use and kept.

The readout ``loglik`` is the mean log-density, under the model's density at
the current flow time, of held-out two-moons points (never seen in training):
each point is integrated backward to time 0 together with the exact divergence
(``flows.log_density``). At time 0 the model is still the Gaussian itself.
"""

import json
import math
import sys

import numpy as np

from .. import flows
from ..controls import Range, declare
from ..datasets import standard_normal, two_moons
from ..formatting import fixed
from ..scene import line, panel, points, readout, scene
from ..solvers import fixed_step
from . import trained_models

#: the trained model this simulation uses and the table of its readout (shipped to the browser with it)
TRAINED = ("cnf", "cnf-loglik")

#: stored frames at multiples of FRAME_DT (a slider value between two frames
#: takes one more RK4 step from the frame below it)
FRAME_DT = 0.02
N_FRAMES = 51  # times 0, 0.02, ..., 1
N_SAMPLES = 300  # points in the flowing cloud
SAMPLE_SEED = 1  # seed of the Gaussian cloud
N_TRAILS = 14  # samples whose path from time 0 is drawn
TRAIL_EVERY = 2  # a trail vertex every this many frames
N_DATA_SHOWN = 400  # training points drawn behind the cloud
N_HELDOUT = 100  # held-out points in the log-likelihood readout
LOGLIK_STEPS_PER_UNIT = 8  # RK4 steps per unit time for the backward solve (error about 5e-4)
LOGLIK_DECIMALS = 3
TIME_STEP = 0.01  # the slider's step
#: the slider's positions, where the loglik table holds the readout
LOGLIK_TIMES = np.round(np.arange(0, round(1 / TIME_STEP) + 1) * TIME_STEP, 10)
XLIM, YLIM = (-4.0, 4.0), (-3.0, 3.0)

_MEMO = {}


def _state():
    """Model, frames computed so far, training data shown, held-out points."""
    if "frames" not in _MEMO:
        model = trained_models.get("cnf")
        hp = trained_models.info("cnf").get("hp", flows.CNF_HYPERPARAMS)
        data, _ = two_moons(hp["data_size"], noise=hp["data_noise"], seed=hp["seed"] + 1)
        _MEMO.update(
            model=model,
            frames=[standard_normal(N_SAMPLES, seed=SAMPLE_SEED)],
            data=data[:N_DATA_SHOWN],
            heldout=flows.heldout_data(hp)[:N_HELDOUT],
            loglik={},
        )
        # The whole path once (about 0.05 s in CPython), so that no slider move
        # later has to integrate more than one short step.
        cloud_at(1.0)
    return _MEMO


def frame_times():
    """The times of the slider's grid, shape (N_FRAMES,)."""
    return np.round(np.arange(N_FRAMES) * FRAME_DT, 10)


def cloud_at(time):
    """Positions of the sample cloud at flow ``time`` (0 <= time <= 1), shape (N, 2).

    Grid times are read from the memo, which is extended one RK4 step of
    ``FRAME_DT`` per frame as far as needed; a time between grid points takes
    one further step from the grid point below it.
    """
    memo = _state()
    frames, field = memo["frames"], memo["model"].field
    k = int(math.floor(time / FRAME_DT + 1e-9))
    k = min(k, N_FRAMES - 1)
    while len(frames) <= k:
        j = len(frames)
        t0, t1 = (j - 1) * FRAME_DT, j * FRAME_DT
        frames.append(fixed_step(field, (t0, t1), frames[-1], dt=FRAME_DT, method="rk4").y[-1])
    t_grid = k * FRAME_DT
    if abs(time - t_grid) < 1e-9:
        return frames[k]
    return fixed_step(field, (t_grid, time), frames[k], dt=time - t_grid, method="rk4").y[-1]


def trails_until(time, n=N_TRAILS):
    """Paths of the first ``n`` samples from time 0 to ``time``: (n, m, 2)."""
    k = min(int(math.floor(time / FRAME_DT + 1e-9)), N_FRAMES - 1)
    cloud_at(time)
    frames = _state()["frames"]
    idx = list(range(0, k, TRAIL_EVERY)) + [k]
    path = np.stack([frames[i][:n] for i in idx], axis=1)
    if abs(time - k * FRAME_DT) >= 1e-9:
        path = np.concatenate([path, cloud_at(time)[:n, None, :]], axis=1)
    return path


def loglik_at(time):
    """Mean log-likelihood of the held-out points under the model's density at
    flow ``time`` (backward RK4 with the exact divergence), memoised."""
    memo = _state()
    key = round(float(time), 10)
    if key not in memo["loglik"]:
        model, x = memo["model"], memo["heldout"]
        if key <= 0.0:
            logp = flows.gaussian_log_density(x)
        else:
            steps = max(1, math.ceil(LOGLIK_STEPS_PER_UNIT * key - 1e-9))
            logp, _ = model.log_density(x, t=key, steps=steps, method="rk4")
        memo["loglik"][key] = float(np.mean(logp))
    return memo["loglik"][key]


# -- the table of the readout at every slider position ---------------------------

def table_key():
    """Content key of the loglik table: the trained CNF's key and this module's source."""
    from ..training.cache import table_key  # build time only: not in the browser

    return table_key("cnf", sys.modules[__name__])


def compute_table():
    """:func:`loglik_at` at every time of :data:`LOGLIK_TIMES`, as JSON text."""
    return json.dumps({"key": table_key(), "times": LOGLIK_TIMES.tolist(),
                       "loglik": [loglik_at(float(t)) for t in LOGLIK_TIMES]})


def loglik(time):
    """The readout at ``time``: from the table at a slider position (the value
    :func:`loglik_at` computed at build time), computed by it anywhere else."""
    if "table" not in _MEMO:
        _MEMO["table"] = json.loads(trained_models.table("cnf-loglik"))["loglik"]
    k = int(round(time / TIME_STEP))
    if abs(time - k * TIME_STEP) < 1e-9 and 0 <= k < len(_MEMO["table"]):
        return _MEMO["table"][k]
    return loglik_at(time)


@declare(time=Range(0.0, 1.0, step=TIME_STEP, default=0.0, label="flow time t"))
def cnf(*, time):
    """Scene of the ``cnf`` simulation: the sample cloud at flow ``time`` over the
    training data, with a few sample paths; readouts ``time`` and ``loglik``."""
    memo = _state()
    cloud = cloud_at(time)
    trails = trails_until(time)
    ll = loglik(time)
    data = memo["data"]
    marks = [points(data[:, 0], data[:, 1], color="muted", size=2.0, label="training data (two moons)")]
    for path in trails:
        marks.append(line(path[:, 0], path[:, 1], color="accent", width=1.2))
    marks.append(points(cloud[:, 0], cloud[:, 1], color="primary", size=2.4, label=f"samples at t = {fixed(time, 2)}"))
    if time > 0:
        marks.append(points(trails[:, -1, 0], trails[:, -1, 1], color="accent", size=3.2))
    fig = panel(marks, xlim=XLIM, ylim=YLIM, xlabel="h₁", ylabel="h₂", equal_aspect=True, legend=False)
    ll_text = fixed(ll, LOGLIK_DECIMALS)
    if time == 0:
        where = "still the standard Gaussian it was drawn from"
    elif time < 1:
        where = "on its way from a round Gaussian blob to the two moons"
    else:
        where = "arrived on the two moons of the training data"
    return scene(
        [fig],
        {
            "time": readout(time, fixed(time, 2)),
            # the value rounded past float noise, so CPython and Pyodide report the same number
            "loglik": readout(round(ll, 9), ll_text, "nats per point"),
        },
        alt=(f"At flow time {fixed(time, 2)} the cloud of {N_SAMPLES} samples is {where}; "
             f"held-out two-moons points have mean log-likelihood {ll_text} under the model."),
    )
