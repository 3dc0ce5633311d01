"""The best-fitting line of chapter 7: penalised logistic regression by Newton's
method, against an independent minimiser and against the optimality conditions."""

import numpy as np
import pytest

from neural_odes.datasets import two_moons
from neural_odes.logistic import L2, fit_line, line_accuracy


def _objective(theta, x, y, l2):
    z = x @ theta[:2] + theta[2]
    return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * theta[:2] @ theta[:2]


def _gradient(theta, x, y, l2):
    z = x @ theta[:2] + theta[2]
    r = 0.5 * (1 + np.tanh(0.5 * z)) - y
    return np.concatenate([x.T @ r / len(y) + l2 * theta[:2], [r.mean()]])


@pytest.fixture(scope="module")
def moons():
    return two_moons(200, noise=0.1, seed=20)


def test_the_fit_is_a_stationary_point_and_a_minimum(moons):
    x, y = moons
    w, b = fit_line(x, y)
    theta = np.array([*w, b])
    assert np.max(np.abs(_gradient(theta, x, y, L2))) < 1e-9
    rng = np.random.default_rng(0)
    for _ in range(20):  # every nearby line fits worse
        other = theta + 1e-3 * rng.standard_normal(3)
        assert _objective(other, x, y, L2) > _objective(theta, x, y, L2)


def test_against_scipy(moons):
    optimize = pytest.importorskip("scipy.optimize")
    x, y = moons
    res = optimize.minimize(_objective, np.zeros(3), args=(x, y, L2), jac=_gradient, method="BFGS",
                            options={"gtol": 1e-12, "maxiter": 10_000})
    w, b = fit_line(x, y)
    np.testing.assert_allclose([*w, b], res.x, atol=1e-6)


@pytest.mark.parametrize("start", [None, (np.array([0.0, 1.0]), 0.0), (np.array([-30.0, 12.0]), 5.0)])
def test_the_answer_does_not_depend_on_the_start(moons, start):
    x, y = moons
    w0, b0 = fit_line(x, y)
    w, b = fit_line(x, y, start=start)
    np.testing.assert_allclose([*w, b], [*w0, b0], atol=1e-9)


def test_separable_classes_give_a_finite_perfect_line():
    # without the penalty the weights of a separating line grow forever
    x = np.array([[-2.0, 0.1], [-1.0, -0.3], [1.0, 0.2], [2.5, -0.1]])
    y = np.array([0, 0, 1, 1])
    w, b = fit_line(x, y)
    assert np.all(np.isfinite(w)) and line_accuracy(x, y, w, b) == 1.0
    assert w[0] > 0


def test_accuracy_counts_the_sides():
    x = np.array([[0.0, 1.0], [0.0, -1.0], [0.0, 2.0], [0.0, -2.0]])
    y = np.array([1, 0, 0, 0])
    assert line_accuracy(x, y, np.array([0.0, 1.0]), 0.0) == 0.75  # class 1 above the x axis
    assert line_accuracy(x, y, np.array([0.0, -1.0]), 0.0) == 0.25


@pytest.mark.parametrize("kwargs, name", [
    ({"x": np.zeros((3, 3))}, "x"),
    ({"x": np.array([[0.0, np.nan], [1.0, 1.0]])}, "x"),
    ({"labels": np.array([0, 2])}, "labels"),
    ({"labels": np.array([0, 1, 1])}, "labels"),
    ({"l2": 0.0}, "l2"),
    ({"l2": float("inf")}, "l2"),
    ({"start": (np.zeros(3), 0.0)}, "start"),
])
def test_bad_arguments_raise(kwargs, name):
    args = {"x": np.array([[0.0, 0.0], [1.0, 1.0]]), "labels": np.array([0, 1])}
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        fit_line(**args)
