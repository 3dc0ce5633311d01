"""Step-size controller: accept or reject a step and propose the next size.

Separate from the stepping and from the error norm, as in scipy's ``rk.py`` and
diffrax's ``_step_size_controller``. The classical "elementary" (integral)
controller: with error ratio ``err`` (below 1 means within tolerance) the next
step is ``h * clip(safety * err**(-1/(q+1)), min_factor, max_factor)`` where ``q``
is the lower of the two orders of the embedded pair. After a rejection the step
is not allowed to grow on the next accepted step, which avoids a reject/accept
oscillation.

Reference: Hairer, Nørsett, Wanner, *Solving ODEs I*, Sec. II.4, eq. (4.13).
"""

from __future__ import annotations

import math

__all__ = ["Controller"]


class Controller:
    """Decide acceptance and the next step-size factor from an error ratio.

    Parameters
    ----------
    error_order : int
        The lower order ``q`` of the embedded pair (4 for Dormand–Prince 5(4)).
    safety : float
        Factor below 1 applied to the optimal step, so the next step is likely
        accepted.
    min_factor, max_factor : float
        Limits on how fast the step may shrink and grow in one go.
    """

    __slots__ = ("exponent", "safety", "min_factor", "max_factor")

    def __init__(self, error_order: int, safety=0.9, min_factor=0.2, max_factor=10.0):
        self.exponent = -1.0 / (error_order + 1)
        self.safety = float(safety)
        self.min_factor = float(min_factor)
        self.max_factor = float(max_factor)

    def decide(self, err: float, after_rejection: bool) -> tuple[bool, float]:
        """Accept or reject a step.

        Parameters
        ----------
        err : float
            Scaled error norm of the attempted step (finite, non-negative).
        after_rejection : bool
            Whether the previous attempt was rejected.

        Returns
        -------
        accepted : bool
        factor : float
            Multiply the step size by this for the next attempt.
        """
        if err < 1.0:
            if err == 0.0:
                factor = self.max_factor
            else:
                factor = min(self.max_factor, self.safety * math.pow(err, self.exponent))
            if after_rejection and factor > 1.0:
                factor = 1.0
            return True, factor
        factor = max(self.min_factor, self.safety * math.pow(err, self.exponent))
        return False, factor
