"""Chapter 5: the numbers of the prose about cost, and of the exercises."""

import math

import pytest

from neural_odes import printed
from neural_odes.printed import ch05
from neural_odes.solvers import get_method


def n(name):
    return printed.number(f"ch5.{name}")


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_the_adjoint_evaluates_the_field_once_more_per_stage(method):
    # both do one vector-Jacobian product per stage; the adjoint also re-evaluates
    # f at every backward stage to rebuild h, backprop reads h from its record
    stages = get_method(method).stages
    w = ch05.work(steps=12, method=method)
    bp_f, bp_v, _ = w["backprop"]
    adj_f, adj_v, _ = w["adjoint"]
    assert bp_f == bp_v == adj_v == 12 * stages
    assert adj_f == 2 * 12 * stages


def test_printed_work_counts():
    assert (n("bp_evals"), n("bp_vjps"), n("adj_evals"), n("adj_vjps"), n("adj_evals_back")) == \
        ("12", "12", "24", "12", "12")


def test_difference_shrinks_like_the_step_size():
    # Euler is first order: 12 -> 200 steps divides the difference by about 200/12
    assert n("steps_ratio") == "16.7"
    assert abs(float(n("diff_ratio")) / (200 / 12) - 1) < 0.05
    assert n("diff_50") == "0.00130"
    assert float(n("diff_50_predicted")) == pytest.approx(float(n("diff_50")), rel=0.05)


def test_rk4_exercise():
    stages = int(n("rk4_stages"))
    assert stages == 4
    assert int(n("rk4_per_step_bytes")) == stages * int(n("per_step_bytes")) == 4608
    assert int(n("rk4_backprop_12")) == 12 * 4608 == 55296
    assert n("rk4_adjoint_bytes") == "7424"
    assert n("rk4_crossover") == "2"  # 4608 <= 7424 < 2 * 4608


def test_simulation_exercise_matches_the_memory_table():
    rows = {row[0]: row for row in printed.table("memory-steps")["rows"]}
    assert rows["50"][1:] == [n("backprop_50"), n("adjoint_50"), n("diff_50")]
    assert n("backprop_50") == str(50 * 1152)


def test_linear_adjoint_exercise_against_the_closed_form():
    h_T, grad_h0, grad_lam = ch05.linear_adjoint()
    lam, h0, T = ch05.LAM, ch05.LIN_H0, ch05.LIN_T
    assert h_T == pytest.approx(h0 * math.exp(lam * T), abs=1e-8)
    assert grad_h0 == pytest.approx(math.exp(lam * T), abs=1e-8)
    assert grad_lam == pytest.approx(T * h0 * math.exp(lam * T), abs=1e-8)
    assert (n("lin_grad_h0"), n("lin_grad_lam"), n("lin_hT")) == ("0.368", "1.472", "0.736")
    assert n("lin_grad_h0") == n("lin_exact_grad_h0") and n("lin_grad_lam") == n("lin_exact_grad_lam")
