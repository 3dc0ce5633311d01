"""A continuous normalizing flow (CNF) in two dimensions.

A cloud of points drawn from a standard Gaussian flows along a learned,
time-dependent field ``f(h, t)`` for ``t`` from 0 to 1 and becomes the target
shape. Densities follow the instantaneous change of variables

    d log p(h(t), t) / dt = -trace(df/dh)  (the divergence),

so the log-density of a data point ``x`` is found by integrating it *backward*
from ``t = 1`` to ``0`` together with the divergence integral:

    log p_1(x) = log N(h(0); 0, I) - integral_0^1 div f(h(t), t) dt.

The divergence is exact (the analytic trace of the MLP's Jacobian). The field is
trained by flow matching with conditional linear paths (Lipman et al. 2023; Liu
et al. 2023): for ``x0 ~ N(0, I)``, ``x1 ~ data`` and ``t ~ U(0, 1)``, regress
``f((1 - t) x0 + t x1, t)`` on ``x1 - x0``. This needs no ODE solve during
training, which keeps it cheap in numpy.

References
----------
R. T. Q. Chen et al., "Neural Ordinary Differential Equations", NeurIPS 2018
(Sec. 4, continuous normalizing flows).
W. Grathwohl et al., "FFJORD", ICLR 2019.
Y. Lipman et al., "Flow Matching for Generative Modeling", ICLR 2023.
"""

from __future__ import annotations

import math

import numpy as np

from .datasets import standard_normal, two_moons
from .fields import MLPField
from .solvers import fixed_step, solve_ivp_adaptive

__all__ = [
    "gaussian_log_density",
    "divergence_dynamics",
    "log_density",
    "push_forward",
    "CNF",
    "CNF_HYPERPARAMS",
    "heldout_data",
]

_LOG_2PI = math.log(2.0 * math.pi)


def gaussian_log_density(z: np.ndarray) -> np.ndarray:
    """Log-density of the standard normal, for points of shape (N, d) -> (N,)."""
    z = np.asarray(z, dtype=float)
    d = z.shape[-1]
    return -0.5 * np.sum(z * z, axis=-1) - 0.5 * d * _LOG_2PI


def divergence_dynamics(field, dim: int = 2):
    """The augmented dynamics ``[dh/dt, dc/dt] = [f(t, h), div f(t, h)]``.

    Parameters
    ----------
    field : callable with a ``divergence(t, h)`` method
        E.g. :class:`~neural_odes.fields.MLPField` or
        :class:`~neural_odes.fields.LinearField`.
    dim : int
        State dimension ``d``.

    Returns
    -------
    callable
        ``F(t, z)`` for ``z`` of shape (N, d + 1): columns ``:d`` are the state,
        the last column accumulates the divergence integral.
    """

    def F(t, z):
        h = z[:, :dim]
        out = np.empty_like(z)
        out[:, :dim] = field(t, h)
        out[:, dim] = field.divergence(t, h)
        return out

    return F


def log_density(field, x, *, t1=1.0, steps=None, rtol=1e-5, atol=1e-5,
                method=None, base_log_density=gaussian_log_density):
    """Log-density at ``x`` of the base distribution pushed forward to time ``t1``.

    Integrates ``x`` backward from ``t1`` to ``0`` with the divergence integral.

    Parameters
    ----------
    field : callable with ``divergence``
    x : array_like, shape (N, d)
    t1 : float
        Flow time at which the density is wanted (``0 < t1``).
    steps : int, optional
        Number of fixed steps; ``None`` uses the adaptive solver with
        ``rtol``/``atol`` (the batch shares its steps).
    rtol, atol : float
        Adaptive tolerances.
    method : str, optional
        Solver method name; default ``"rk4"`` with ``steps``, else ``"dopri5"``.
    base_log_density : callable
        ``log p_0(z)``, shape (N, d) -> (N,).

    Returns
    -------
    logp : ndarray, shape (N,)
    nfe : int
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    d = x.shape[1]
    z1 = np.concatenate([x, np.zeros((x.shape[0], 1))], axis=1)
    F = divergence_dynamics(field, d)
    if steps is None:
        sol = solve_ivp_adaptive(F, (t1, 0.0), z1, rtol=rtol, atol=atol,
                                 method=method or "dopri5")
    else:
        sol = fixed_step(F, (t1, 0.0), z1, dt=t1 / steps, method=method or "rk4")
    z0 = sol.y[-1]
    # The last column holds integral_{t1}^{0} div = -integral_0^{t1} div.
    return base_log_density(z0[:, :d]) + z0[:, d], sol.nfe


def push_forward(field, z0, times, *, steps_per_unit=40, method="rk4"):
    """Positions of the points ``z0`` at the requested flow times.

    Parameters
    ----------
    field : callable
    z0 : array_like, shape (N, d)
        Points at time 0.
    times : array_like, shape (m,)
        Increasing times in ``[0, ...]``.
    steps_per_unit : int
        Fixed steps per unit of time (RK4).

    Returns
    -------
    ndarray, shape (m, N, d)
    """
    z = np.asarray(z0, dtype=float)
    times = np.asarray(times, dtype=float)
    out = np.empty((times.size,) + z.shape)
    t_prev = 0.0
    for i, t in enumerate(times):
        if t > t_prev:
            n = max(1, math.ceil((t - t_prev) * steps_per_unit))
            z = fixed_step(field, (t_prev, t), z, dt=(t - t_prev) / n, method=method).y[-1]
            t_prev = t
        out[i] = z
    return out


#: Hyper-parameters of the book's CNF (part of the cache key).
CNF_HYPERPARAMS = {
    "hidden": [40, 40, 40],
    "seed": 0,
    "iters": 8000,
    "batch": 512,
    "lr": 3e-3,
    "lr_final": 3e-4,
    "data_noise": 0.05,
    "data_size": 4000,
    "heldout_size": 1000,
}


class CNF:
    """A continuous normalizing flow on the plane with a time-dependent MLP field.

    Parameters
    ----------
    params : dict of ndarray, optional
        Trained parameters (fresh initialisation when omitted).
    hidden : sequence of int
        Hidden widths of the field.
    seed : int
        Initialisation seed.
    """

    def __init__(self, params=None, hidden=(40, 40, 40), seed=0):
        self.field = MLPField(2, tuple(hidden), time_dependent=True, seed=seed,
                              params=params)

    @property
    def params(self) -> dict:
        return self.field.params

    def velocity(self, t, h):
        """The field ``f(t, h)``, shape of ``h``."""
        return self.field(t, h)

    def divergence(self, t, h):
        """Exact divergence, shape (N,)."""
        return self.field.divergence(t, h)

    def sample(self, n: int, *, seed: int = 1, t: float = 1.0, steps: int = 40):
        """Draw ``n`` Gaussian samples and flow them to time ``t`` (RK4).

        Returns
        -------
        ndarray, shape (n, 2)
        """
        z0 = standard_normal(n, seed=seed)
        return push_forward(self.field, z0, [t], steps_per_unit=steps)[0]

    def trajectories(self, z0, times, *, steps_per_unit: int = 40):
        """Positions of ``z0`` at each of ``times``, shape (len(times), N, 2)."""
        return push_forward(self.field, z0, times, steps_per_unit=steps_per_unit)

    def log_density(self, x, *, t: float = 1.0, **kwargs):
        """Model log-density at ``x`` at flow time ``t``; see :func:`log_density`.

        Returns
        -------
        logp : ndarray, shape (N,)
        nfe : int
        """
        if t <= 0.0:
            x = np.atleast_2d(np.asarray(x, dtype=float))
            return gaussian_log_density(x), 0
        return log_density(self.field, x, t1=t, **kwargs)

    def flow_matching_loss(self, x0, x1, t):
        """Flow-matching loss and its parameter gradient.

        Parameters
        ----------
        x0, x1 : ndarray, shape (B, 2)
            Base and data samples (paired at random).
        t : ndarray, shape (B,)

        Returns
        -------
        loss : float
            ``mean ||f(x_t, t) - (x1 - x0)||^2``.
        grads : dict of ndarray
        """
        xt = (1.0 - t)[:, None] * x0 + t[:, None] * x1
        target = x1 - x0
        out, acts = self.field.forward(t, xt)
        r = out - target
        B = x0.shape[0]
        _, grads = self.field.vjp(t, xt, (2.0 / B) * r, acts)
        return float(np.sum(r * r)) / B, grads


def heldout_data(hp: dict | None = None) -> np.ndarray:
    """Held-out target points (never seen in training), shape (n, 2)."""
    hp = CNF_HYPERPARAMS if hp is None else hp
    x, _ = two_moons(hp.get("heldout_size", 1000), noise=hp["data_noise"],
                     seed=hp["seed"] + 1000)
    return x
