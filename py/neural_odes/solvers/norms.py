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
    return math.sqrt(float(flat.dot(flat)) / flat.size)


def scaled_error_norm(err, abs_y, y_new, rtol, atol, abs_new, scale) -> float:
    """RMS of ``err / (atol + rtol * max(|y|, |y_new|))``.

    Parameters
    ----------
    err : ndarray, shape (n,)
        Local error estimate of the step (flat, contiguous).
    abs_y : ndarray, shape (n,)
        ``|y|`` of the state before the step (kept from the previous step, so
        it is not recomputed).
    y_new : ndarray, shape (n,)
        State after the step.
    rtol, atol : float or ndarray, shape (n,)
        Tolerances.
    abs_new, scale : ndarray, shape (n,)
        Output buffers: ``abs_new`` receives ``|y_new|`` (the caller keeps it as
        the next ``abs_y`` if the step is accepted); ``scale`` is scratch. They
        let the hot loop run without allocating.

    Returns
    -------
    float
        Below 1 when the step meets the tolerance; ``nan`` if any input is nan.
    """
    np.abs(y_new, out=abs_new)
    np.maximum(abs_y, abs_new, out=scale)
    if type(rtol) is float and type(atol) is float:
        # err / (atol + rtol m) = (err / (m + atol/rtol)) / rtol: one pass less
        # over the arrays; this function runs once per step.
        np.add(scale, atol / rtol, out=scale)
        np.divide(err, scale, out=scale)
        return math.sqrt(float(scale.dot(scale)) / scale.size) / rtol
    np.multiply(scale, rtol, out=scale)
    np.add(scale, atol, out=scale)
    np.divide(err, scale, out=scale)
    # ndarray.dot: a fraction of the cost of np.linalg.norm on small arrays.
    return math.sqrt(float(scale.dot(scale)) / scale.size)
