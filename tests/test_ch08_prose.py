"""Chapter 8: the numbers of the prose on local and global error, the residual
layer that reverses the line, and the exercises."""

import math

from neural_odes import printed
from neural_odes.printed import ch08
from neural_odes.sims.tradeoff import adaptive_point, tolerance


def n(name):
    return printed.number(f"ch8.{name}")


def test_default_error_is_far_above_the_tolerance():
    nfe, err = adaptive_point(0.5)
    tol = tolerance(0.5)
    assert n("default_tol") == "3.2e-5"
    assert err > 10 * tol  # the global error is not bounded by the tolerance
    assert n("default_error_ratio") == str(round(err / tol)) == "51"


def test_cost_factor_of_the_curve():
    assert n("nfe_ratio") == str(round(int(n("tight_nfe")) / int(n("loose_nfe")))) == "16"


def test_one_residual_layer_reverses_the_line_but_the_flow_does_not():
    r = ch08.RESIDUAL_RATE
    assert 1.0 + r == -1.0 and n("residual_factor") == "-1"
    assert n("residual_flow_factor") == f"{math.exp(r):.3f}" == "0.135"
    assert float(n("residual_flow_factor")) > 0 and float(n("squeeze_factor")) > 0
    assert n("squeeze_layer_factor") == "-2"  # the residual layer of the exercise reverses


def test_augmented_error_is_of_the_order_of_the_tolerance():
    err, tol = float(n("augmented_error")), float(n("augment_tol"))
    assert tol / 10 < err < 10 * tol
