"""The result of an integration."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Solution"]


@dataclass
class Solution:
    """A computed trajectory and what it cost.

    Attributes
    ----------
    t : ndarray, shape (n+1,)
        Times of the accepted steps, from ``t0`` to exactly ``t1``.
    y : ndarray, shape (n+1, \\*y0.shape)
        States at those times; ``y[-1]`` is the end point.
    nfe : int
        Number of evaluations of ``f`` (a call on a whole batch counts once),
        including those of the automatic initial step selection.
    n_accepted : int
        Number of accepted steps ``n``.
    n_rejected : int
        Number of rejected step attempts (0 for fixed-step methods).
    step_sizes : ndarray, shape (n,)
        Signed size of every accepted step (negative when integrating backward).
    rejected_t : ndarray, shape (n_rejected,)
        Start time of every rejected attempt.
    rejected_h : ndarray, shape (n_rejected,)
        Signed size of every rejected attempt.
    method : str
        Registry name of the method, e.g. ``"dopri5"``.
    """

    t: np.ndarray
    y: np.ndarray
    nfe: int
    n_accepted: int
    n_rejected: int
    step_sizes: np.ndarray
    rejected_t: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rejected_h: np.ndarray = field(default_factory=lambda: np.zeros(0))
    method: str = ""

    @property
    def y_final(self) -> np.ndarray:
        """The state at ``t1``, shape ``y0.shape``."""
        return self.y[-1]
