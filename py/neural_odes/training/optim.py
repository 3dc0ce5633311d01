"""Adam, for parameter dicts of numpy arrays.

Reference: D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization",
ICLR 2015.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["Adam"]


class Adam:
    """Adam with bias correction, updating a dict of arrays in place.

    Parameters
    ----------
    params : dict of ndarray
        Updated in place by :meth:`step`.
    lr : float
        Step size.
    betas : (float, float)
        Decay rates of the first and second moment estimates.
    eps : float
        Added to the denominator.
    """

    def __init__(self, params: dict, lr=1e-2, betas=(0.9, 0.999), eps=1e-8):
        self.params = params
        self.lr = float(lr)
        self.b1, self.b2 = betas
        self.eps = eps
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads: dict, lr: float | None = None):
        """Apply one update from ``grads`` (same keys as ``params``)."""
        self.t += 1
        lr = self.lr if lr is None else lr
        c1 = 1.0 - self.b1 ** self.t
        c2 = 1.0 - self.b2 ** self.t
        step = lr * math.sqrt(c2) / c1
        for k, g in grads.items():
            m, v = self.m[k], self.v[k]
            m *= self.b1
            m += (1.0 - self.b1) * g
            v *= self.b2
            v += (1.0 - self.b2) * (g * g)
            self.params[k] -= step * m / (np.sqrt(v) + self.eps)
