"""Error norms for step-size control.

The error estimate of a step is divided component-wise by a tolerance scale
``atol + rtol * max(|y|, |y_new|)`` and summarised by its root mean square, so a
value below 1 means "within tolerance". The RMS (rather than the max) makes the
norm independent of the number of components, which matters for batches: a batch
of N copies of the same system behaves like one system.

Reference: E. Hairer, S. P. Nørsett, G. Wanner, *Solving Ordinary Differential
Equations I*, 2nd ed., Springer 1993, Sec. II.4, eq. (4.11).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["rms_norm", "scaled_error_norm"]


def rms_norm(x: np.ndarray) -> float:
    """Root mean square of all entries.

    Parameters
    ----------
    x : ndarray, any shape, non-empty

    Returns
    -------
    float
    """
    flat = np.ravel(x)
    # A dot product avoids np.linalg.norm's per-call overhead on small arrays.
    return math.sqrt(float(np.dot(flat, flat)) / flat.size)


def scaled_error_norm(err, y, y_new, rtol, atol, work) -> float:
    """RMS of ``err / (atol + rtol * max(|y|, |y_new|))``.

    Parameters
    ----------
    err, y, y_new : ndarray, shape (n,)
        Error estimate, state before and after the step (flat, contiguous).
    rtol, atol : float or ndarray, shape (n,)
        Tolerances.
    work : ndarray, shape (2, n)
        Scratch space, overwritten; lets the hot loop run without allocating.

    Returns
    -------
    float
        Below 1 when the step meets the tolerance; ``nan`` if any input is nan.
    """
    s, r = work[0], work[1]
    np.abs(y, out=s)
    np.abs(y_new, out=r)
    np.maximum(s, r, out=s)
    np.multiply(s, rtol, out=s)
    np.add(s, atol, out=s)
    np.divide(err, s, out=r)
    return math.sqrt(float(np.dot(r, r)) / r.size)
