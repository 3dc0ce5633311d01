import numpy as np
import pytest

from neural_odes.fields import (FIELDS, LinearField, MLPField, get_field, limit_cycle,
                                linear, turbulent)
from neural_odes.solvers import solve_ivp_adaptive
from finite_differences import gradient

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("name", list(FIELDS))
def test_chapter_2_fields_accept_one_state_and_batches(name):
    f = get_field(name)
    h = RNG.standard_normal((6, 2))
    out = f(0.0, h)
    assert out.shape == (6, 2)
    for i in range(6):
        np.testing.assert_allclose(f(0.0, h[i]), out[i], rtol=1e-14)


def test_unknown_field_lists_names():
    with pytest.raises(ValueError, match="swirl, sink, saddle, cycle"):
        get_field("vortex")


def test_linear_field_and_its_divergence():
    A = [[0.1, -2.0], [1.0, -0.4]]
    f = linear(A)
    h = RNG.standard_normal((4, 2))
    np.testing.assert_allclose(f(0.0, h), h @ np.array(A).T)
    np.testing.assert_allclose(f.divergence(0.0, h), np.full(4, -0.3))
    with pytest.raises(ValueError, match="^A must be a square matrix"):
        LinearField([1.0, 2.0])


def test_limit_cycle_attracts_to_the_unit_circle():
    for start in ([0.1, 0.0], [2.0, 1.0]):
        sol = solve_ivp_adaptive(limit_cycle, (0, 20), start, rtol=1e-8, atol=1e-8)
        assert np.linalg.norm(sol.y[-1]) == pytest.approx(1.0, abs=1e-6)


def test_swirl_orbits_are_circles():
    sol = solve_ivp_adaptive(get_field("swirl"), (0, 10), [1.0, 0.0], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(np.linalg.norm(sol.y, axis=1), 1.0, atol=1e-7)


def test_turbulence_is_calm_at_zero_and_costs_nfe_as_it_grows():
    nfe = {}
    for s in (0.0, 0.5, 1.0):
        f = turbulent(s)
        calm = solve_ivp_adaptive(f, f.t_span, f.calm_start, rtol=1e-4, atol=1e-4).nfe
        rough = solve_ivp_adaptive(f, f.t_span, f.turbulent_start, rtol=1e-4, atol=1e-4).nfe
        nfe[s] = (calm, rough)
    assert nfe[0.0][0] == nfe[0.0][1]
    assert nfe[0.5][1] > 3 * nfe[0.5][0]
    assert nfe[1.0][1] > nfe[0.5][1]
    with pytest.raises(ValueError, match="^strength must be between 0 and 1"):
        turbulent(1.5)


MLPS = [
    MLPField(2, (8,), seed=3, init_gain=1.0),
    MLPField(2, (8, 6), time_dependent=True, seed=4, scale=1.7, init_gain=1.0),
]


@pytest.mark.parametrize("m", MLPS)
def test_mlp_vjp_against_finite_differences(m):
    h = RNG.standard_normal((5, 2))
    v = RNG.standard_normal((5, 2))
    dh, dp = m.vjp(0.3, h, v)
    loss = lambda: np.sum(v * m(0.3, h))  # noqa: E731
    np.testing.assert_allclose(dh, gradient(loss, h), atol=1e-8)
    for k, P in m.params.items():
        np.testing.assert_allclose(dp[k], gradient(loss, P), atol=1e-8, err_msg=k)


@pytest.mark.parametrize("m", MLPS)
def test_mlp_jacobian_and_divergence_are_exact(m):
    h = RNG.standard_normal((5, 2))
    eps = 1e-6
    J_fd = np.zeros((5, 2, 2))
    for j in range(2):
        e = np.zeros(2)
        e[j] = eps
        J_fd[:, :, j] = (m(0.3, h + e) - m(0.3, h - e)) / (2 * eps)
    np.testing.assert_allclose(m.jacobian(0.3, h), J_fd, atol=1e-8)
    np.testing.assert_allclose(m.divergence(0.3, h), np.trace(J_fd, axis1=1, axis2=2), atol=1e-8)
    assert m.jacobian(0.3, h[0]).shape == (2, 2)
    assert np.ndim(m.divergence(0.3, h[0])) == 0


def test_mlp_init_is_deterministic_and_shapes_are_checked():
    a, b = MLPField(2, (16,), seed=5), MLPField(2, (16,), seed=5)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    assert a(0.0, np.ones(2)).shape == (2,)
    with pytest.raises(ValueError, match="^params must hold W0"):
        MLPField(2, (16,), params={"W0": np.zeros((3, 3))})


def test_with_scale_shares_parameters():
    m = MLPField(2, (8,), seed=1)
    h = RNG.standard_normal((3, 2))
    np.testing.assert_allclose(m.with_scale(2.5)(0.0, h), 2.5 * m(0.0, h), rtol=1e-14)
    assert m.with_scale(2.5).params is m.params
