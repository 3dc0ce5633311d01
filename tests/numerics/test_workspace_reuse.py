"""Solves reuse idle work buffers; reuse must never leak state between solves."""

import numpy as np
import pytest

from neural_odes.fields import swirl
from neural_odes.solvers import SolverError, fixed_step, solve_ivp_adaptive
from neural_odes.solvers import rk_step as rk
from neural_odes.solvers.methods import get_method


def _swirl_batch(seed):
    return np.random.default_rng(seed).uniform(-2.0, 2.0, (50, 2))


def test_a_released_workspace_is_reused_for_the_same_tableau_and_shape():
    tab = get_method("dopri5", adaptive=True)
    y0 = np.ones((3, 2))
    first = rk.acquire(tab, y0)
    rk.release(first)
    again = rk.acquire(tab, 2.0 * y0)
    assert again is first
    np.testing.assert_array_equal(again.y, 2.0)  # loaded with the new state
    other_shape = rk.acquire(tab, np.ones(6))
    assert other_shape is not first
    rk.release(again)
    rk.release(other_shape)


def test_repeated_solves_give_identical_results():
    y0 = _swirl_batch(0)
    first = solve_ivp_adaptive(swirl, (0.0, 2.0), y0, rtol=1e-6, atol=1e-6)
    # A different solve of the same shape in between dirties every buffer.
    solve_ivp_adaptive(swirl, (0.0, 0.7), _swirl_batch(1), rtol=1e-3, atol=1e-3)
    second = solve_ivp_adaptive(swirl, (0.0, 2.0), y0, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(first.y, second.y)
    assert first.nfe == second.nfe
    # Results own their memory: a later solve does not change them.
    kept = second.y.copy()
    solve_ivp_adaptive(swirl, (0.0, 2.0), _swirl_batch(2), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(second.y, kept)


def test_a_solve_inside_f_gets_its_own_workspace():
    inner_ends = []

    def outer(t, y):
        inner = solve_ivp_adaptive(swirl, (0.0, 0.1), y, rtol=1e-8, atol=1e-8)
        inner_ends.append(inner.y[-1])
        return swirl(t, y)

    y0 = _swirl_batch(3)
    nested = solve_ivp_adaptive(outer, (0.0, 1.0), y0, rtol=1e-5, atol=1e-5)
    plain = solve_ivp_adaptive(swirl, (0.0, 1.0), y0, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(nested.y, plain.y)
    assert len(inner_ends) == nested.nfe


def test_a_failed_solve_leaves_nothing_behind():
    y0 = _swirl_batch(4)
    before = fixed_step(swirl, (0.0, 1.0), y0, dt=0.1, method="rk4")

    def blows_up(t, y):
        return np.full_like(y, np.nan) if t > 0.5 else swirl(t, y)

    with pytest.raises(SolverError):
        fixed_step(blows_up, (0.0, 1.0), y0, dt=0.1, method="rk4")
    after = fixed_step(swirl, (0.0, 1.0), y0, dt=0.1, method="rk4")
    np.testing.assert_array_equal(before.y, after.y)


def test_idle_workspaces_are_bounded():
    tab = get_method("rk4")
    works = [rk.acquire(tab, np.ones(k)) for k in range(1, 3 * rk._IDLE_SHAPES)]
    for work in works:
        rk.release(work)
    assert len(rk._IDLE) <= rk._IDLE_SHAPES
    assert all(len(idle) <= 2 for idle in rk._IDLE.values())
