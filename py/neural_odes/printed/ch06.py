"""Chapter 6's printed numbers: the change of variables on a linear field worked
by hand, Hutchinson's trace estimator on a small matrix, and the trained CNF's
held-out log-likelihood as the ``cnf`` simulation reports it."""

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
EXAMPLE_TOL = 1e-10
#: the Hutchinson exercise: a small non-symmetric Jacobian
HUTCHINSON_J = np.array([[1.0, 2.0], [0.0, -3.0]])
EXERCISE_TIME = 0.5  # the simulation exercise's first setting
REFERENCE_TOL = 1e-10  # the tight solve the readout's solver error is measured against
LOGLIK_DECIMALS = cnf_sim.LOGLIK_DECIMALS


def linear_example():
    """Log-density at the origin of the standard Gaussian flowed for one unit of
    time along f(h) = RATE * h: closed form and the book's solver."""
    field = linear(RATE * np.eye(2))
    div = float(field.divergence(0.0, np.zeros(2)))
    logp0 = float(flows.gaussian_log_density(np.zeros((1, 2)))[0])
    logp1_solver, _ = flows.log_density(field, np.zeros((1, 2)), t1=1.0, rtol=EXAMPLE_TOL,
                                        atol=EXAMPLE_TOL)
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


def hutchinson(J=HUTCHINSON_J):
    """Hutchinson's estimates ``e^T J e`` of ``trace(J)`` over every sign vector
    ``e`` (Rademacher probes), their mean and variance, and the variance with
    Gaussian probes, ``2 ||(J + J^T) / 2||_F^2``."""
    d = J.shape[0]
    signs = np.array(np.meshgrid(*[[-1.0, 1.0]] * d)).reshape(d, -1).T
    estimates = np.einsum("ki,ij,kj->k", signs, J, signs)
    sym = 0.5 * (J + J.T)
    return {"trace": float(np.trace(J)), "estimates": sorted(set(estimates.tolist())),
            "mean": float(estimates.mean()), "var_signs": float(estimates.var()),
            "var_gauss": float(2.0 * np.sum(sym * sym))}


def loglik_solver_error():
    """(mean, worst point) of |readout's RK4 log-likelihood - a tight solve's| at t = 1."""
    model = trained_models.get("cnf")
    x = flows.heldout_data(trained_models.info("cnf").get("hp", flows.CNF_HYPERPARAMS))[:cnf_sim.N_HELDOUT]
    steps = cnf_sim.LOGLIK_STEPS_PER_UNIT
    rk4, _ = model.log_density(x, t=1.0, steps=steps, method="rk4")
    tight, _ = model.log_density(x, t=1.0, rtol=REFERENCE_TOL, atol=REFERENCE_TOL)
    return abs(float(np.mean(rk4) - np.mean(tight))), float(np.max(np.abs(rk4 - tight)))


def numbers():
    ex = linear_example()
    times, curve = loglik_curve()
    low = int(np.argmin(curve))
    hp = trained_models.info("cnf").get("hp", flows.CNF_HYPERPARAMS)
    hu = hutchinson()
    err_mean, err_max = loglik_solver_error()
    i_ex = int(np.argmin(np.abs(times - EXERCISE_TIME)))
    gain = curve[-1] - curve[0]
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
        "roundtrip_dt": fixed(cnf_sim.FRAME_DT, 2),
        "example_tol": significant(EXAMPLE_TOL, 1),
        # every distance to the origin shrinks by e^RATE in one unit of time
        "distance_factor": fixed(math.exp(RATE), 3),
        # Hutchinson on a 2 x 2 matrix
        "hu_J11": fixed(HUTCHINSON_J[0, 0], 0), "hu_J12": fixed(HUTCHINSON_J[0, 1], 0),
        "hu_J21": fixed(HUTCHINSON_J[1, 0], 0), "hu_J22": fixed(HUTCHINSON_J[1, 1], 0),
        "hu_trace": fixed(hu["trace"], 0),
        "hu_low": fixed(hu["estimates"][0], 0),
        "hu_high": fixed(hu["estimates"][-1], 0),
        "hu_mean": fixed(hu["mean"], 0),
        "hu_var_signs": fixed(hu["var_signs"], 0),
        "hu_var_gauss": fixed(hu["var_gauss"], 0),
        # the readout's log-likelihood: exact divergence, RK4-integrated
        "loglik_steps": str(cnf_sim.LOGLIK_STEPS_PER_UNIT),
        "reference_tol": significant(REFERENCE_TOL, 1),
        "loglik_solver_error": significant(err_mean, 1),
        "loglik_solver_error_max": significant(err_max, 1),
        "bits_per_nat": fixed(1.0 / math.log(2.0), 3),
        # the simulation exercise
        "ex_time": fixed(EXERCISE_TIME, 1),
        "loglik_ex": fixed(curve[i_ex], LOGLIK_DECIMALS),
        "loglik_gain": fixed(gain, LOGLIK_DECIMALS),
        "density_ratio": fixed(math.exp(gain), 2),
    }
