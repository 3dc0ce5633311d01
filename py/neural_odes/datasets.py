"""Small deterministic 2-D data sets, made with numpy alone."""

from __future__ import annotations

import numpy as np

__all__ = ["two_moons", "standard_normal"]


def two_moons(n: int, *, noise: float = 0.1, seed: int = 0, normalize: bool = True):
    """Two interleaved half circles ("moons") with labels.

    Parameters
    ----------
    n : int
        Number of points; ``n // 2`` in class 0 (upper moon), the rest in class 1.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed gives the same points.
    normalize : bool
        Centre at the origin and scale so each coordinate has unit spread
        (the moons span roughly [-2, 2] x [-1.5, 1.5]).

    Returns
    -------
    x : ndarray, shape (n, 2)
    labels : ndarray of int, shape (n,)
    """
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n!r}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    a0 = rng.uniform(0.0, np.pi, n0)
    a1 = rng.uniform(0.0, np.pi, n1)
    upper = np.stack([np.cos(a0), np.sin(a0)], axis=1)
    lower = np.stack([1.0 - np.cos(a1), 0.5 - np.sin(a1)], axis=1)
    x = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    labels = np.concatenate([np.zeros(n0, dtype=int), np.ones(n1, dtype=int)])
    if normalize:
        x = (x - np.array([0.5, 0.25])) / np.array([0.87, 0.5])
    order = rng.permutation(n)
    return x[order], labels[order]


def standard_normal(n: int, *, dim: int = 2, seed: int = 0) -> np.ndarray:
    """``n`` samples of the standard normal in ``dim`` dimensions, shape (n, dim)."""
    return np.random.default_rng(seed).standard_normal((n, dim))
