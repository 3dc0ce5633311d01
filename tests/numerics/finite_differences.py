"""Central finite differences, the reference every gradient test compares to."""

from __future__ import annotations

import numpy as np

EPS = 1e-6


def partial(loss, array: np.ndarray, idx, eps: float = EPS) -> float:
    """d loss() / d array[idx] by a central difference.

    ``array[idx]`` is nudged in place (``loss`` reads it from there) and put
    back afterwards.
    """
    old = array[idx]
    array[idx] = old + eps
    up = loss()
    array[idx] = old - eps
    down = loss()
    array[idx] = old
    return (up - down) / (2 * eps)


def gradient(loss, array: np.ndarray, eps: float = EPS) -> np.ndarray:
    """The central-difference gradient of ``loss()`` with respect to every entry."""
    return np.array([partial(loss, array, idx, eps) for idx in np.ndindex(array.shape)]
                    ).reshape(array.shape)
