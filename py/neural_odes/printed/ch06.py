"""Chapter 6's printed numbers: the change of variables on a linear field worked
by hand, and the trained CNF's held-out log-likelihood as the ``cnf`` simulation
reports it."""

import math

import numpy as np

from .. import flows
from ..fields import linear
from ..formatting import fixed, significant
from ..sims import cnf as cnf_sim
from ..sims import trained_models
from ..solvers import fixed_step

#: the worked example: f(h) = RATE * h in the plane, a uniform contraction
RATE = -0.5
LOGLIK_DECIMALS = cnf_sim.LOGLIK_DECIMALS


def linear_example():
    """Log-density at the origin of the standard Gaussian flowed for one unit of
    time along f(h) = RATE * h: closed form and the book's solver."""
    field = linear(RATE * np.eye(2))
    div = float(field.divergence(0.0, np.zeros(2)))
    logp0 = float(flows.gaussian_log_density(np.zeros((1, 2)))[0])
    logp1_solver, _ = flows.log_density(field, np.zeros((1, 2)), t1=1.0, rtol=1e-10, atol=1e-10)
    return {"div": div, "logp0": logp0, "logp1_exact": logp0 - div * 1.0,
            "logp1_solver": float(logp1_solver[0])}


def loglik_curve():
    """(times, mean held-out log-likelihood) on the slider's grid, every 0.05."""
    times = np.round(np.arange(0, 21) * 0.05, 2)
    return times, np.array([cnf_sim.loglik_at(float(t)) for t in times])


def roundtrip_error():
    """Largest distance between a sample and itself after flowing 0 -> 1 -> 0
    (RK4, the same step as the slider's frames, backward in time)."""
    field = trained_models.get("cnf").field
    z0 = cnf_sim.cloud_at(0.0)
    z1 = cnf_sim.cloud_at(1.0)
    back = fixed_step(field, (1.0, 0.0), z1, dt=cnf_sim.FRAME_DT, method="rk4").y[-1]
    return float(np.max(np.linalg.norm(back - z0, axis=1)))


def numbers():
    ex = linear_example()
    times, curve = loglik_curve()
    low = int(np.argmin(curve))
    hp = trained_models.info("cnf").get("hp", flows.CNF_HYPERPARAMS)
    return {
        "rate": fixed(RATE, 1),
        "div": fixed(ex["div"], 0),
        "logp0_origin": fixed(ex["logp0"], 3),
        "logp1_origin": fixed(ex["logp1_solver"], 3),
        "density0_origin": fixed(math.exp(ex["logp0"]), 3),
        "density1_origin": fixed(math.exp(ex["logp1_solver"]), 3),
        "density_factor": fixed(math.exp(-ex["div"]), 3),
        "loglik_start": fixed(curve[0], LOGLIK_DECIMALS),
        "loglik_end": fixed(curve[-1], LOGLIK_DECIMALS),
        "loglik_low": fixed(curve[low], LOGLIK_DECIMALS),
        "loglik_low_time": fixed(times[low], 2),
        "n_samples": str(cnf_sim.N_SAMPLES),
        "n_heldout": str(cnf_sim.N_HELDOUT),
        "rise": fixed(-ex["div"], 0),
        "hidden_layers": {1: "one", 2: "two", 3: "three"}.get(len(hp["hidden"]), str(len(hp["hidden"]))),
        "hidden_width": "/".join(str(w) for w in sorted(set(hp["hidden"]))),
        "data_size": str(hp["data_size"]),
        "iters": str(hp["iters"]),
        "roundtrip_error": significant(roundtrip_error(), 2),
    }
