import math

import numpy as np
import pytest

from neural_odes.solvers import solve_ivp_adaptive
from neural_odes.solvers.controller import Controller
from neural_odes.solvers.norms import rms_norm, scaled_error_norm
from problems import BATCH, LOGISTIC, PROBLEMS


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.name)
@pytest.mark.parametrize("tol", [1e-4, 1e-7, 1e-10])
def test_matches_closed_forms_at_tolerance(problem, tol):
    sol = solve_ivp_adaptive(problem.f, problem.t_span, problem.y0, rtol=tol, atol=tol)
    err = np.max(np.abs(sol.y[-1] - problem.y_end))
    assert err < 200 * tol
    assert sol.t[0] == problem.t_span[0] and sol.t[-1] == problem.t_span[1]
    assert sol.y.shape == (sol.n_accepted + 1,) + problem.y0.shape


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.name)
def test_tighter_tolerance_costs_more_and_is_more_accurate(problem):
    loose = solve_ivp_adaptive(problem.f, problem.t_span, problem.y0, rtol=1e-3, atol=1e-3)
    tight = solve_ivp_adaptive(problem.f, problem.t_span, problem.y0, rtol=1e-9, atol=1e-9)
    assert tight.nfe > loose.nfe
    e = lambda s: np.max(np.abs(s.y[-1] - problem.y_end))  # noqa: E731
    assert e(tight) < e(loose)


def test_bookkeeping_is_consistent():
    sol = solve_ivp_adaptive(LOGISTIC.f, LOGISTIC.t_span, LOGISTIC.y0, rtol=1e-2, atol=1e-2,
                             first_step=1.0)
    assert sol.n_rejected >= 1  # a first step of 1.0 is far too big
    # FSAL: 6 evaluations per attempt, plus f(t0, y0); no probe with first_step.
    assert sol.nfe == 6 * (sol.n_accepted + sol.n_rejected) + 1
    assert sol.step_sizes.shape == (sol.n_accepted,)
    assert sol.rejected_t.shape == sol.rejected_h.shape == (sol.n_rejected,)
    np.testing.assert_allclose(np.sum(sol.step_sizes), 2.0, rtol=1e-14)
    np.testing.assert_allclose(np.diff(sol.t), sol.step_sizes, rtol=1e-12)
    assert sol.rejected_t[0] == 0.0 and sol.rejected_h[0] == 1.0
    assert sol.method == "dopri5"


def test_automatic_first_step_costs_one_probe():
    sol = solve_ivp_adaptive(LOGISTIC.f, LOGISTIC.t_span, LOGISTIC.y0)
    assert sol.nfe == 6 * (sol.n_accepted + sol.n_rejected) + 2


def test_nfe_counts_every_call_of_f_exactly_once():
    calls = [0]

    def f(t, y):
        calls[0] += 1
        return LOGISTIC.f(t, y)

    sol = solve_ivp_adaptive(f, LOGISTIC.t_span, LOGISTIC.y0, rtol=1e-6)
    assert sol.nfe == calls[0]


def test_batch_is_one_system_with_one_step_size():
    shapes = []

    def f(t, y):
        shapes.append(y.shape)
        return BATCH.f(t, y)

    sol = solve_ivp_adaptive(f, BATCH.t_span, BATCH.y0, rtol=1e-8, atol=1e-8)
    assert set(shapes) == {BATCH.y0.shape}
    assert sol.nfe == len(shapes)
    assert sol.y.shape == (sol.n_accepted + 1, 5, 2)
    np.testing.assert_allclose(sol.y[-1], BATCH.y_end, atol=1e-6)


def test_batch_of_identical_rows_behaves_like_one_row():
    one = solve_ivp_adaptive(LOGISTIC.f, LOGISTIC.t_span, LOGISTIC.y0, rtol=1e-6)
    many = solve_ivp_adaptive(LOGISTIC.f, LOGISTIC.t_span, np.tile(LOGISTIC.y0, (50, 1)),
                              rtol=1e-6)
    assert many.nfe == one.nfe  # the RMS norm does not grow with the batch
    np.testing.assert_allclose(many.y[-1], np.tile(one.y[-1], (50, 1)), rtol=1e-13)


def test_backward_integration_returns_to_the_start():
    fwd = solve_ivp_adaptive(LOGISTIC.f, (0.0, 2.0), LOGISTIC.y0, rtol=1e-10, atol=1e-12)
    back = solve_ivp_adaptive(LOGISTIC.f, (2.0, 0.0), fwd.y[-1], rtol=1e-10, atol=1e-12)
    assert back.t[-1] == 0.0 and np.all(back.step_sizes < 0)
    assert back.y[-1, 0] == pytest.approx(0.1, rel=1e-7)


def test_per_component_tolerances():
    f = lambda t, y: np.array([y[1], -4.0 * y[0]])  # noqa: E731
    tight_first = solve_ivp_adaptive(f, (0, 3), [1.0, 0.0], rtol=[1e-10, 1e-3], atol=[1e-10, 1e-3])
    loose = solve_ivp_adaptive(f, (0, 3), [1.0, 0.0], rtol=1e-3, atol=1e-3)
    assert tight_first.nfe > loose.nfe
    assert abs(tight_first.y[-1, 0] - math.cos(6.0)) < 1e-7


def test_batch_accepts_per_dimension_tolerances():
    sol = solve_ivp_adaptive(BATCH.f, BATCH.t_span, BATCH.y0, rtol=[1e-6, 1e-8], atol=1e-9)
    np.testing.assert_allclose(sol.y[-1], BATCH.y_end, atol=1e-6)


def test_steps_shrink_where_the_field_changes_fast():
    # y' = -50 (y - cos t) has a fast transient at the start, then is calm.
    f = lambda t, y: -50.0 * (y - np.cos(t))  # noqa: E731
    sol = solve_ivp_adaptive(f, (0.0, 1.0), [0.0], rtol=1e-6, atol=1e-9)
    assert np.abs(sol.step_sizes[:3]).max() < np.abs(sol.step_sizes[-5:]).min()


def test_bosh3_is_also_adaptive():
    sol = solve_ivp_adaptive(LOGISTIC.f, LOGISTIC.t_span, LOGISTIC.y0, method="bosh3",
                             rtol=1e-8, atol=1e-8)
    assert abs(sol.y[-1, 0] - LOGISTIC.y_end[0]) < 1e-6
    assert sol.method == "bosh3"


def test_controller_limits_and_no_growth_after_rejection():
    c = Controller(4, safety=0.9, min_factor=0.2, max_factor=10.0)
    assert c.decide(0.0, False) == (True, 10.0)
    acc, fac = c.decide(1e-12, False)
    assert acc and fac == 10.0
    acc, fac = c.decide(1e-6, True)
    assert acc and fac == 1.0  # would grow, but the previous attempt was rejected
    acc, fac = c.decide(0.5, False)
    assert acc and fac == pytest.approx(0.9 * 0.5 ** -0.2)
    acc, fac = c.decide(1e6, False)
    assert not acc and fac == 0.2
    acc, fac = c.decide(2.0, False)
    assert not acc and fac == pytest.approx(0.9 * 2.0 ** -0.2)


def test_error_norm_is_rms_of_scaled_error():
    err = np.array([1e-3, -2e-3])
    y = np.array([1.0, -3.0])
    y_new = np.array([2.0, 1.0])
    got = scaled_error_norm(err, np.abs(y), y_new, 1e-3, 1e-6, np.empty(2), np.empty(2))
    scale = 1e-6 + 1e-3 * np.maximum(np.abs(y), np.abs(y_new))
    assert got == pytest.approx(np.sqrt(np.mean((err / scale) ** 2)), rel=1e-14)
    assert rms_norm(np.array([3.0, 4.0])) == pytest.approx(np.sqrt(12.5))


def test_recovers_from_a_trial_step_that_leaves_the_domain_of_f():
    # y' = -sqrt(y): a first step of 1.5 overshoots to y < 0 where sqrt is nan;
    # the step is rejected and shrunk, not reported as a failure.
    sol = solve_ivp_adaptive(lambda t, y: -np.sqrt(y), (0.0, 1.9), [1.0], rtol=1e-8,
                             atol=1e-12, first_step=1.5)
    assert sol.rejected_h[0] == 1.5
    assert sol.y[-1, 0] == pytest.approx((1 - 1.9 / 2) ** 2, rel=1e-5)
