"""Test problems with exact solutions, in one place.

Each problem is ``dy/dt = f(t, y)`` on ``t_span`` from ``y0`` with a closed-form
solution ``exact(t)`` (shape of ``y0``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Problem:
    name: str
    f: Callable
    y0: np.ndarray
    t_span: tuple
    exact: Callable

    @property
    def y_end(self):
        return self.exact(self.t_span[1])


def _logistic_exact(t, h0=0.1, r=3.0):
    return np.array([1.0 / (1.0 + (1.0 / h0 - 1.0) * np.exp(-r * t))])


# Scalar linear growth of chapter 1: h' = 0.5 h.
GROWTH = Problem("growth", lambda t, y: 0.5 * y, np.array([1.0]), (0.0, 1.0),
                 lambda t: np.array([np.exp(0.5 * t)]))

# Non-stiff nonlinear: the logistic equation of chapter 0.
LOGISTIC = Problem("logistic", lambda t, y: 3.0 * y * (1.0 - y), np.array([0.1]),
                   (0.0, 2.0), _logistic_exact)

# Harmonic oscillator x'' = -w^2 x as a first-order system.
_W = 2.0
OSCILLATOR = Problem(
    "oscillator",
    lambda t, y: np.array([y[1], -_W * _W * y[0]]),
    np.array([1.0, 0.0]),
    (0.0, 3.0),
    lambda t: np.array([np.cos(_W * t), -_W * np.sin(_W * t)]),
)

# Linear system: the spiral sink, exp(At) = e^{-0.3 t} R(t).
_A = np.array([[-0.3, -1.0], [1.0, -0.3]])


def _sink_exact(t, y0=np.array([1.0, 0.5])):
    c, s = np.cos(t), np.sin(t)
    return np.exp(-0.3 * t) * np.array([[c, -s], [s, c]]) @ y0


LINEAR = Problem("linear", lambda t, y: y @ _A.T, np.array([1.0, 0.5]), (0.0, 4.0),
                 _sink_exact)

# Non-autonomous: y' = cos(t) y, y = exp(sin t).
TIME_DEP = Problem("time_dependent", lambda t, y: np.cos(t) * y, np.array([1.0]),
                   (0.0, 5.0), lambda t: np.array([np.exp(np.sin(t))]))

# A batch of 5 spiral-sink particles solved as one system, shape (5, 2).
_B0 = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.5], [2.0, -1.0], [0.3, 0.3]])
BATCH = Problem("batch", lambda t, y: y @ _A.T, _B0, (0.0, 3.0),
                lambda t: np.stack([_sink_exact(t, row) for row in _B0]))

PROBLEMS = [GROWTH, LOGISTIC, OSCILLATOR, LINEAR, TIME_DEP, BATCH]


def van_der_pol(mu=2.0):
    """Van der Pol oscillator (no closed form; compared against scipy)."""
    return lambda t, y: np.array([y[1], mu * (1.0 - y[0] ** 2) * y[1] - y[0]])


def lotka_volterra(t, y):
    """Predator–prey (no closed form; compared against scipy)."""
    return np.array([1.5 * y[0] - y[0] * y[1], -3.0 * y[1] + y[0] * y[1]])
