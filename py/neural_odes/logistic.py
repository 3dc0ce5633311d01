"""The best straight line between two classes: logistic regression in numpy.

Chapter 7 asks how well *any* straight line can separate the two moons at a
given flow time, not only the read-out line the classifier was trained with.
The standard answer is a logistic regression: the line ``w . h + b = 0`` with
``P(class 1 | h) = sigmoid(w . h + b)`` that maximises the likelihood of the
labels. A small penalty ``(l2 / 2) |w|^2`` keeps the fit unique when the
classes are separable (the unpenalised weights would then grow forever).

The objective is strictly convex, so Newton's method (with a backtracking
line search) reaches the same minimiser from any starting line: starting from
the previous fit only saves iterations, it does not change the answer.

Logistic regression maximises the likelihood, not the accuracy; on the book's
data its accuracy is within a point or two of the best any line achieves (the
tests compare it with an exhaustive search over directions).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["fit_line", "line_accuracy", "L2"]

#: penalty on |w|^2 (not on the offset): tiny, it only matters for separable classes
L2 = 1e-3
_TOL = 1e-10  # Newton steps stop below this (largest change of w or b)
_MAX_ITER = 100


def _check(x, labels):
    x = np.asarray(x, dtype=float)
    y = np.asarray(labels)
    if x.ndim != 2 or x.shape[1] != 2 or x.shape[0] < 2:
        raise ValueError(f"x must have shape (n, 2) with n >= 2, got {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite")
    if y.shape != (x.shape[0],) or not np.all((y == 0) | (y == 1)):
        raise ValueError("labels must be one 0 or 1 per point")
    return x, y.astype(float)


def _objective(X, y, theta, l2):
    z = X @ theta
    w = theta[:2]
    return float(np.mean(np.logaddexp(0.0, z) - y * z)) + 0.5 * l2 * float(w @ w)


def fit_line(x, labels, *, l2=L2, start=None):
    """Fit ``w . h + b`` to the labels by penalised logistic regression.

    Parameters
    ----------
    x : array_like, shape (n, 2)
        The points (for example the flowed states ``h(T)``).
    labels : array_like, shape (n,)
        0 or 1 per point.
    l2 : float
        Penalty on ``|w|^2`` (positive).
    start : (w, b), optional
        A starting line (a previous fit); the answer does not depend on it.

    Returns
    -------
    w : ndarray, shape (2,)
    b : float
    """
    x, y = _check(x, labels)
    if not (isinstance(l2, (int, float)) and math.isfinite(l2) and l2 > 0):
        raise ValueError(f"l2 must be a positive number, got {l2!r}")
    n = x.shape[0]
    X = np.column_stack([x, np.ones(n)])
    penalty = np.array([l2, l2, 0.0])
    theta = np.zeros(3) if start is None else np.array([*np.asarray(start[0], dtype=float), float(start[1])])
    if theta.shape != (3,) or not np.all(np.isfinite(theta)):
        raise ValueError(f"start must be (w of shape (2,), b), got {start!r}")
    value = _objective(X, y, theta, l2)
    for _ in range(_MAX_ITER):
        z = X @ theta
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        grad = X.T @ (p - y) / n + penalty * theta
        hess = (X.T * (p * (1.0 - p))) @ X / n + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        # Backtracking: a full Newton step can overshoot far from the minimiser.
        scale = 1.0
        while True:
            trial = theta - scale * step
            trial_value = _objective(X, y, trial, l2)
            if trial_value <= value + 1e-4 * scale * float(grad @ -step) or scale < 1e-8:
                break
            scale *= 0.5
        theta, value = trial, trial_value
        if float(np.max(np.abs(scale * step))) < _TOL:
            break
    return theta[:2].copy(), float(theta[2])


def line_accuracy(x, labels, w, b) -> float:
    """Fraction of points on their own class's side of ``w . h + b = 0``
    (class 1 where ``w . h + b > 0``)."""
    x, y = _check(x, labels)
    return float(np.mean(((x @ np.asarray(w, dtype=float) + b) > 0.0) == (y == 1)))
