import math

import numpy as np
import pytest

from neural_odes.solvers import METHODS, fixed_step, fixed_step_count
from problems import PROBLEMS

half = lambda t, h: 0.5 * h  # noqa: E731


def test_step_count_forgives_float_noise():
    dt = 0.49999999999999994  # 0.5 reached by adding 0.05 ten times in a loop
    assert 1.0 / dt > 2.0  # the trap: 2.0000000000000004 must not mean 3 steps
    assert fixed_step_count((0.0, 1.0), dt) == 2
    sol = fixed_step(half, (0.0, 1.0), [1.0], dt=0.05)
    assert sol.n_accepted == 20 and len(sol.t) == 21
    assert fixed_step_count((0.0, 1.0), 0.05) == 20


def test_last_step_is_shortened_to_land_on_t1():
    sol = fixed_step(half, (0.0, 1.0), [1.0], dt=0.3)
    assert sol.n_accepted == 4
    np.testing.assert_allclose(sol.step_sizes, [0.3, 0.3, 0.3, 0.1], atol=1e-15)
    assert sol.t[-1] == 1.0


@pytest.mark.parametrize("k", range(1, 21))
def test_step_count_on_the_euler_slider_grid(k):
    # Slider values as a browser computes them, with their float noise.
    accumulated = 0.0
    for _ in range(k):
        accumulated += 0.05  # plain loop: Python >= 3.12's sum() compensates
    for dt in (0.05 * k, k / 20, accumulated):
        assert fixed_step_count((0.0, 1.0), dt) == -(-20 // k)  # ceil(20 / k) exactly


def test_euler_worked_example_of_chapter_1():
    two = fixed_step(half, (0.0, 1.0), [1.0], dt=0.5)
    np.testing.assert_array_equal(two.y[:, 0], [1.0, 1.25, 1.5625])
    ten = fixed_step(half, (0.0, 1.0), [1.0], dt=0.1)
    assert ten.y[-1, 0] == pytest.approx(1.05**10, rel=1e-14)
    assert ten.y[-1, 0] == pytest.approx(1.628895, abs=1e-6)
    thousand = fixed_step(half, (0.0, 1.0), [1.0], dt=0.001)
    assert thousand.y[-1, 0] == pytest.approx(1.0005**1000, rel=1e-12)
    assert thousand.y[-1, 0] == pytest.approx(1.648515, abs=1e-6)
    assert thousand.y[-1, 0] < math.exp(0.5)  # Euler falls below the curve


@pytest.mark.parametrize("method,per_step", [("euler", 1), ("midpoint", 2), ("rk4", 4)])
def test_nfe_counts(method, per_step):
    sol = fixed_step(half, (0.0, 1.0), [1.0], dt=0.1, method=method)
    assert sol.nfe == per_step * 10
    assert sol.n_rejected == 0 and sol.rejected_t.shape == (0,)
    assert sol.method == method


def test_fsal_dopri5_fixed_nfe():
    sol = fixed_step(half, (0.0, 1.0), [1.0], dt=0.1, method="dopri5")
    assert sol.nfe == 6 * 10 + 1


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.name)
def test_rk4_matches_closed_forms(problem):
    sol = fixed_step(problem.f, problem.t_span, problem.y0, dt=0.01, method="rk4")
    assert sol.y.shape == (len(sol.t),) + problem.y0.shape
    np.testing.assert_allclose(sol.y[-1], problem.y_end, rtol=1e-7, atol=1e-8)
    for i in (0, len(sol.t) // 2):
        np.testing.assert_allclose(sol.y[i], problem.exact(sol.t[i]), rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("method", list(METHODS))
def test_backward_direction(method):
    sol = fixed_step(half, (1.0, 0.0), [math.exp(0.5)], dt=0.01, method=method)
    assert sol.t[0] == 1.0 and sol.t[-1] == 0.0
    assert np.all(sol.step_sizes < 0)
    assert sol.y[-1, 0] == pytest.approx(1.0, rel=1e-2)


def test_time_argument_reaches_f():
    seen = []
    fixed_step(lambda t, y: seen.append(t) or y, (0.0, 1.0), [1.0], dt=0.25, method="midpoint")
    np.testing.assert_allclose(seen, [0.0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875])


def test_batch_call_counts_once():
    calls = []

    def f(t, y):
        calls.append(y.shape)
        return -y

    sol = fixed_step(f, (0.0, 1.0), np.ones((7, 2)), dt=0.5, method="rk4")
    assert sol.nfe == len(calls) == 8
    assert set(calls) == {(7, 2)}
    assert sol.y.shape == (3, 7, 2)


def test_y0_is_not_modified():
    y0 = np.array([1.0, 2.0])
    fixed_step(lambda t, y: y, (0.0, 1.0), y0, dt=0.1)
    np.testing.assert_array_equal(y0, [1.0, 2.0])


@pytest.mark.parametrize("method", list(METHODS))
def test_fixed_step_batch_rows_equal_separate_solves(method):
    # With fixed steps the rows of a batch never interact.
    f = lambda t, y: np.stack([-y[..., 1] + 0.1 * t, y[..., 0] * np.cos(t)], axis=-1)  # noqa: E731
    y0 = np.array([[1.0, 0.0], [0.3, -2.0], [0.0, 0.5]])
    batch = fixed_step(f, (0.0, 2.0), y0, dt=0.1, method=method)
    for i in range(3):
        single = fixed_step(f, (0.0, 2.0), y0[i], dt=0.1, method=method)
        np.testing.assert_allclose(batch.y[:, i], single.y, rtol=1e-13, atol=1e-15)
        assert single.nfe == batch.nfe
