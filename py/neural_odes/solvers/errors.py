"""The one exception type raised when an integration cannot continue."""

from __future__ import annotations

__all__ = ["SolverError"]


class SolverError(RuntimeError):
    """An integration that started correctly but could not finish.

    The message says where (``t``), why, and what to do about it, e.g.
    ``"too many steps (max_steps=10000) at t=0.53; loosen the tolerance or raise
    max_steps"``. Bad *arguments* raise :class:`ValueError` instead, before any
    work is done.

    Parameters
    ----------
    reason : str
        What went wrong, e.g. ``"too many steps (max_steps=10000)"``.
    t : float
        Time reached when the failure was detected.
    advice : str
        What the caller can change to avoid it.

    Attributes
    ----------
    reason, t, advice
        The three parts of the message, for programmatic use.
    """

    def __init__(self, reason: str, t: float, advice: str):
        self.reason = reason
        self.t = float(t)
        self.advice = advice
        super().__init__(f"{reason} at t={self.t:.6g}; {advice}")


def too_many_steps(max_steps: int, t: float) -> SolverError:
    return SolverError(
        f"too many steps (max_steps={max_steps})",
        t,
        "loosen the tolerance or raise max_steps",
    )


def step_underflow(h: float, t: float) -> SolverError:
    return SolverError(
        f"step size underflow (|h|={abs(h):.3g} is below the float resolution of t)",
        t,
        "the field is probably stiff or singular here; loosen the tolerance "
        "or stop the integration before this time",
    )


def non_finite(t: float) -> SolverError:
    return SolverError(
        "state became non-finite (nan or inf)",
        t,
        "check f for overflow or division by zero, or integrate over a shorter span",
    )
