import math

import numpy as np
import pytest

from neural_odes.fields import linear
from neural_odes.flows import (CNF, CNF_HYPERPARAMS, gaussian_log_density, log_density,
                               push_forward)
from neural_odes.training.cnf import train_cnf
from finite_differences import partial

# Upper-triangular A: expm(A t) in closed form, and non-normal (shears the cloud).
A = np.array([[0.4, 1.0], [0.0, -0.2]])


def expm_At(t):
    a, d = math.exp(0.4 * t), math.exp(-0.2 * t)
    return np.array([[a, (a - d) / 0.6], [0.0, d]])


def exact_log_density(x, t):
    M = expm_At(t)
    cov = M @ M.T
    inv = np.linalg.inv(cov)
    quad = np.einsum("ni,ij,nj->n", x, inv, x)
    return -0.5 * quad - math.log(2 * math.pi) - 0.5 * math.log(np.linalg.det(cov))


def test_gaussian_base_density():
    z = np.array([[0.0, 0.0], [1.0, -2.0]])
    np.testing.assert_allclose(gaussian_log_density(z),
                               [-math.log(2 * math.pi), -2.5 - math.log(2 * math.pi)])


@pytest.mark.parametrize("t", [0.5, 1.0, 2.0])
def test_linear_pushforward_of_a_gaussian_is_gaussian(t):
    x = np.random.default_rng(0).standard_normal((50, 2)) * 1.5
    got, nfe = log_density(linear(A), x, t1=t, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(got, exact_log_density(x, t), atol=1e-8)
    assert nfe > 0
    fixed, _ = log_density(linear(A), x, t1=t, steps=40)
    np.testing.assert_allclose(fixed, exact_log_density(x, t), atol=1e-6)


def test_push_forward_of_the_linear_field():
    z0 = np.random.default_rng(1).standard_normal((20, 2))
    traj = push_forward(linear(A), z0, [0.0, 0.5, 1.0], steps_per_unit=50)
    assert traj.shape == (3, 20, 2)
    np.testing.assert_allclose(traj[0], z0)
    np.testing.assert_allclose(traj[2], z0 @ expm_At(1.0).T, atol=1e-8)


def test_cnf_density_integrates_to_one_and_matches_its_samples():
    # Small, quick training: the checks hold for any field, trained or not.
    hp = dict(CNF_HYPERPARAMS, iters=200, hidden=[16, 16], batch=128)
    model, info = train_cnf(hp)
    assert math.isfinite(info["final_loss"]) and math.isfinite(info["heldout_loglik"])
    g = np.linspace(-5, 5, 81)
    X, Y = np.meshgrid(g, g)
    pts = np.stack([X.ravel(), Y.ravel()], axis=1)
    logp, _ = model.log_density(pts, steps=20)
    mass = np.exp(logp).sum() * (g[1] - g[0]) ** 2
    assert mass == pytest.approx(1.0, abs=0.03)
    # Exactness of the change of variables: samples pulled back land where they started.
    z0 = np.random.default_rng(3).standard_normal((30, 2))
    x1 = model.trajectories(z0, [1.0], steps_per_unit=40)[0]
    back = push_forward(lambda t, h: -model.velocity(1.0 - t, h), x1, [1.0], steps_per_unit=40)[0]
    np.testing.assert_allclose(back, z0, atol=1e-6)


def test_log_density_at_time_zero_is_the_base():
    model = CNF(hidden=(8, 8))
    x = np.array([[0.5, -0.5]])
    got, nfe = model.log_density(x, t=0.0)
    assert nfe == 0
    np.testing.assert_allclose(got, gaussian_log_density(x))


def test_flow_matching_gradient_against_finite_differences():
    model = CNF(hidden=(6, 5))
    rng = np.random.default_rng(2)
    x0, x1, t = rng.standard_normal((7, 2)), rng.standard_normal((7, 2)), rng.uniform(0, 1, 7)
    _, grads = model.flow_matching_loss(x0, x1, t)
    loss = lambda: model.flow_matching_loss(x0, x1, t)[0]  # noqa: E731
    for idx in [(0, 0), (2, 3), (4, 1)]:
        assert grads["W1"][idx] == pytest.approx(partial(loss, model.params["W1"], idx), abs=1e-7)


@pytest.mark.slow
def test_trained_cnf_from_the_cache(load_trained):
    res = load_trained("cnf")
    assert res.info["heldout_loglik"] > -1.8  # a standard normal on this data scores about -2.9
    samples = res.model.sample(500, seed=5)
    assert samples.shape == (500, 2) and np.all(np.isfinite(samples))
