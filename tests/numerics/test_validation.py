"""Every failure mode of the public API: ValueError names the argument, and
SolverError says where, why and what to do."""

import math

import numpy as np
import pytest

from neural_odes.solvers import SolverError, fixed_step, solve_ivp_adaptive

f = lambda t, y: -y  # noqa: E731


@pytest.mark.parametrize("bad", [0.0, -1e-6, math.nan, math.inf, "x", [1e-3, -1.0]])
@pytest.mark.parametrize("name", ["rtol", "atol"])
def test_bad_tolerances(name, bad):
    with pytest.raises(ValueError, match=f"^{name} must be"):
        solve_ivp_adaptive(f, (0, 1), [1.0, 2.0], **{name: bad})


def test_tolerance_message_shows_the_value():
    with pytest.raises(ValueError, match=r"rtol must be positive and finite, got -1"):
        solve_ivp_adaptive(f, (0, 1), [1.0], rtol=-1)


def test_tolerance_array_of_wrong_shape():
    with pytest.raises(ValueError, match="^rtol must be"):
        solve_ivp_adaptive(f, (0, 1), [1.0, 2.0], rtol=[1e-3, 1e-3, 1e-3])


@pytest.mark.parametrize("bad", [(0.0, 0.0), (0.0, math.nan), (math.inf, 1.0), (1.0,),
                                 (0, 1, 2), "ab", None, 3.0])
def test_bad_t_span(bad):
    with pytest.raises(ValueError, match="^t_span must be two finite, distinct numbers"):
        solve_ivp_adaptive(f, bad, [1.0])
    with pytest.raises(ValueError, match="^t_span must be"):
        fixed_step(f, bad, [1.0], dt=0.1)


@pytest.mark.parametrize("bad", [[1.0, math.nan], [math.inf], [], "abc", [[1.0], [2.0, 3.0]]])
def test_bad_y0(bad):
    with pytest.raises(ValueError, match="^y0 must"):
        solve_ivp_adaptive(f, (0, 1), bad)
    with pytest.raises(ValueError, match="^y0 must"):
        fixed_step(f, (0, 1), bad, dt=0.1)


@pytest.mark.parametrize("bad", [0.0, -0.1, math.nan, math.inf, "big"])
def test_bad_dt(bad):
    with pytest.raises(ValueError, match="^dt must be positive and finite"):
        fixed_step(f, (0, 1), [1.0], dt=bad)


def test_bad_first_step_and_max_steps_and_controller():
    with pytest.raises(ValueError, match="^first_step must be positive"):
        solve_ivp_adaptive(f, (0, 1), [1.0], first_step=-1.0)
    with pytest.raises(ValueError, match="^first_step must not exceed"):
        solve_ivp_adaptive(f, (0, 1), [1.0], first_step=2.0)
    with pytest.raises(ValueError, match="^max_steps must be a positive integer"):
        solve_ivp_adaptive(f, (0, 1), [1.0], max_steps=0)
    with pytest.raises(ValueError, match="^safety must be"):
        solve_ivp_adaptive(f, (0, 1), [1.0], safety=1.5)
    with pytest.raises(ValueError, match="^min_factor must be"):
        solve_ivp_adaptive(f, (0, 1), [1.0], min_factor=1.0)
    with pytest.raises(ValueError, match="^max_factor must be"):
        solve_ivp_adaptive(f, (0, 1), [1.0], max_factor=0.5)


def test_bad_f():
    with pytest.raises(ValueError, match="^f must be callable"):
        solve_ivp_adaptive(None, (0, 1), [1.0])
    with pytest.raises(ValueError, match=r"^f\(t, y\) must return an array of the same shape"):
        solve_ivp_adaptive(lambda t, y: np.zeros(3), (0, 1), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^f\(t, y\) must return"):
        fixed_step(lambda t, y: np.zeros(3), (0, 1), [1.0, 2.0], dt=0.1)


def test_unknown_method_lists_the_valid_names():
    with pytest.raises(ValueError, match="euler, midpoint, rk4, bosh3, dopri5"):
        fixed_step(f, (0, 1), [1.0], dt=0.1, method="RK45")
    with pytest.raises(ValueError, match="adaptive methods are: bosh3, dopri5"):
        solve_ivp_adaptive(f, (0, 1), [1.0], method="rk4")


def test_too_many_steps():
    with pytest.raises(SolverError) as info:
        solve_ivp_adaptive(lambda t, y: np.cos(50 * t) * y, (0, 10), [1.0], rtol=1e-10,
                           max_steps=20)
    msg = str(info.value)
    assert msg.startswith("too many steps (max_steps=20) at t=")
    assert msg.endswith("; loosen the tolerance or raise max_steps")
    assert 0.0 < info.value.t < 10.0


def test_step_size_underflow_at_a_singularity():
    # y' = y^2, y(0) = 1 blows up at t = 1.
    with pytest.raises(SolverError, match=r"step size underflow .* at t=(0\.99|1)") as info:
        solve_ivp_adaptive(lambda t, y: y * y, (0, 2), [1.0], rtol=1e-8, max_steps=100000)
    assert "loosen the tolerance" in str(info.value)
    assert info.value.t == pytest.approx(1.0, abs=1e-3)


def test_non_finite_state_adaptive():
    g = lambda t, y: np.full_like(y, np.nan) if t > 0.5 else -y  # noqa: E731
    with pytest.raises(SolverError, match=r"^state became non-finite \(nan or inf\) at t=0\.") as info:
        solve_ivp_adaptive(g, (0, 1), [1.0])
    assert 0.3 < info.value.t <= 0.5
    assert "check f" in str(info.value)


def test_non_finite_state_fixed():
    with pytest.raises(SolverError, match="^state became non-finite") as info:
        fixed_step(lambda t, y: y * y, (0, 20), [1.0], dt=1.0)
    assert info.value.t == 11.0  # Euler: 1, 2, 6, 42, 1806, ... overflows at step 11


def test_non_finite_initial_derivative():
    with pytest.raises(SolverError, match="non-finite .* at t=0;"):
        solve_ivp_adaptive(lambda t, y: y / 0.0, (0, 1), [1.0])
