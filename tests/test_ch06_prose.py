"""Chapter 6: the numbers of the prose (worked example, Hutchinson, solver error)
and of the exercises."""

import math

import numpy as np
import pytest

from neural_odes import printed
from neural_odes.printed import ch06


def n(name):
    return printed.number(f"ch6.{name}")


def test_worked_example_two_ways():
    # shrinking distances by e^-0.5 leaves a Gaussian of variance e^-1: density e / (2 pi)
    assert n("distance_factor") == "0.607"
    assert n("density1_origin") == f"{math.e / (2 * math.pi):.3f}"
    assert n("example_tol") == "1e-10"


def test_hutchinson_is_unbiased_with_the_printed_variances():
    hu = ch06.hutchinson()
    J = ch06.HUTCHINSON_J
    assert hu["mean"] == np.trace(J) == -2.0
    assert hu["estimates"] == [-4.0, 0.0]
    assert (n("hu_trace"), n("hu_low"), n("hu_high"), n("hu_mean")) == ("-2", "-4", "0", "-2")
    assert (n("hu_var_signs"), n("hu_var_gauss")) == ("4", "24")


def test_hutchinson_variances_against_sampling():
    # seeded Monte Carlo: the closed-form variances are those of the actual estimators
    rng = np.random.default_rng(0)
    J = ch06.HUTCHINSON_J
    e = rng.standard_normal((400_000, 2))
    gauss = np.einsum("ki,ij,kj->k", e, J, e)
    s = rng.choice([-1.0, 1.0], size=(400_000, 2))
    signs = np.einsum("ki,ij,kj->k", s, J, s)
    hu = ch06.hutchinson()
    assert gauss.mean() == pytest.approx(hu["trace"], abs=0.05)
    assert gauss.var() == pytest.approx(hu["var_gauss"], rel=0.03)
    assert signs.var() == pytest.approx(hu["var_signs"], rel=0.03)


def test_readout_solver_error_is_small_and_printed():
    mean_err, max_err = ch06.loglik_solver_error()
    assert 1e-5 < mean_err < 1e-3 and mean_err <= max_err < 0.05
    assert (n("loglik_solver_error"), n("loglik_solver_error_max")) == ("0.0003", "0.01")
    assert n("loglik_steps") == "8" and n("roundtrip_dt") == "0.02"


def test_simulation_exercise_numbers():
    times, curve = ch06.loglik_curve()
    i = int(np.argmin(np.abs(times - 0.5)))
    assert n("loglik_ex") == f"{curve[i]:.3f}" == "-2.966"
    assert float(n("loglik_ex")) < float(n("loglik_start"))
    gain = float(n("loglik_end")) - float(n("loglik_start"))
    assert n("loglik_gain") == f"{gain:.3f}" == "1.548"
    assert n("density_ratio") == "4.70"
    assert n("bits_per_nat") == "1.443"
