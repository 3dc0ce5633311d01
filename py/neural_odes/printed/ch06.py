"""Chapter 6's printed numbers: the change of variables on a linear field worked
by hand, and the trained CNF's held-out log-likelihood as the ``cnf`` simulation
reports it."""

import functools
import math

import numpy as np

from .. import flows
from ..fields import linear
from ..formatting import fixed, significant
from ..datasets import standard_normal
from ..sims import cnf as cnf_sim
from ..sims import density as density_sim
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


#: Gaussian samples flowed forward to count the probability that leaves the
#: density simulation's box (Monte Carlo, independent of the divergence)
OUTSIDE_SAMPLES = 20000
OUTSIDE_SEED = 7


def box_probability_gaussian():
    """Probability that a standard Gaussian point lies inside the density
    simulation's box, in closed form (a product of two error functions)."""
    return (math.erf(density_sim.XLIM[1] / math.sqrt(2)) * math.erf(density_sim.YLIM[1] / math.sqrt(2)))


@functools.lru_cache(maxsize=None)
def outside_fraction(time):
    """Fraction of OUTSIDE_SAMPLES Gaussian samples that the trained flow carries
    outside the density simulation's box by ``time`` (RK4, 16 steps per unit)."""
    z = standard_normal(OUTSIDE_SAMPLES, seed=OUTSIDE_SEED)
    x = flows.push_forward(trained_models.get("cnf").field, z, [time], steps_per_unit=16)[0] if time > 0 else z
    inside = ((x[:, 0] > density_sim.XLIM[0]) & (x[:, 0] < density_sim.XLIM[1])
              & (x[:, 1] > density_sim.YLIM[0]) & (x[:, 1] < density_sim.YLIM[1]))
    return float(1.0 - np.mean(inside))


def density_numbers():
    """What the density simulation's prose prints."""
    start, end = density_sim.frame(0.0), density_sim.frame(1.0)
    outside_end = outside_fraction(1.0)
    return {
        "density_grid": f"{density_sim.GRID_COLS} × {density_sim.GRID_ROWS}",
        "density_mass_start": fixed(start["mass"], density_sim.MASS_DECIMALS),
        "density_mass_end": fixed(end["mass"], density_sim.MASS_DECIMALS),
        "box_probability": fixed(box_probability_gaussian(), density_sim.MASS_DECIMALS),
        "outside_samples": str(OUTSIDE_SAMPLES),
        "outside_end_count": str(int(round(outside_end * OUTSIDE_SAMPLES))),
        "density_mass_deviation": significant(max(abs(density_sim.frame(float(t))["mass"] - 1.0)
                                                  for t in density_sim.TIMES if t >= 0.5), 2),
    }


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
        **density_numbers(),
    }
