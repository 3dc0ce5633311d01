"""Butcher tableaus of the explicit Runge–Kutta methods used in the book.

A method is *data*: its coefficients, its order and its name. One generic step
(:mod:`neural_odes.solvers.rk_step`) serves every tableau, so adding a method means
adding a table here and nothing else.

Coefficients are written as exact fractions and converted to floats once, so the
identities tested in ``tests/numerics`` (row sums equal ``c``, weights sum to one,
error weights sum to zero) hold to rounding.

References
----------
J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae",
J. Comput. Appl. Math. 6 (1980) 19-26.
P. Bogacki and L. F. Shampine, "A 3(2) pair of Runge-Kutta formulas",
Appl. Math. Lett. 2 (1989) 321-325.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

import numpy as np

__all__ = ["Tableau", "EULER", "MIDPOINT", "RK4", "BOSH3", "DOPRI5", "TABLEAUS"]


def _floats(values):
    return tuple(float(v) for v in values)


@dataclass(frozen=True)
class Tableau:
    """An explicit Runge–Kutta method written as its Butcher tableau.

    Parameters
    ----------
    name : str
        Registry name of the method (``"dopri5"``).
    order : int
        Order of the solution that is propagated.
    c : tuple of float, length s
        Nodes: stage ``i`` evaluates ``f`` at ``t + c[i] * h``.
    a : tuple of tuple of float
        Strictly lower-triangular coupling matrix; row ``i`` has ``i`` entries.
    b : tuple of float, length s
        Weights of the propagated solution.
    b_hat : tuple of float, length s, or None
        Weights of the embedded solution used only for the error estimate.
    e : tuple of float, length s, or None
        Error weights ``b - b_hat``, computed exactly before rounding.
    error_order : int or None
        Order of the embedded solution (``None`` when there is none).
    """

    name: str
    order: int
    c: tuple
    a: tuple
    b: tuple
    b_hat: tuple | None = None
    e: tuple | None = None
    error_order: int | None = None

    @property
    def stages(self) -> int:
        """Number of stages ``s``."""
        return len(self.c)

    @property
    def adaptive(self) -> bool:
        """True when the tableau carries an embedded error estimate."""
        return self.b_hat is not None

    @property
    def fsal(self) -> bool:
        """First Same As Last: the last stage is evaluated at the new state.

        Then the last stage's derivative is the first stage of the next step and
        one evaluation of ``f`` per step is saved.
        """
        return (
            self.stages > 1
            and self.c[-1] == 1.0
            and tuple(self.a[-1]) == tuple(self.b[:-1])
            and self.b[-1] == 0.0
        )

    def matrix(self) -> np.ndarray:
        """The coupling matrix as a dense array.

        Returns
        -------
        ndarray, shape (s, s)
            A fresh array (tableaus themselves stay immutable).
        """
        s = self.stages
        out = np.zeros((s, s))
        for i, row in enumerate(self.a):
            out[i, : len(row)] = row
        return out


def _make(name, order, c, a, b, b_hat=None, error_order=None):
    # Error weights are formed from the exact fractions, then rounded once.
    e = None if b_hat is None else _floats(F(bi) - F(bh) for bi, bh in zip(b, b_hat))
    return Tableau(
        name=name,
        order=order,
        c=_floats(c),
        a=tuple(_floats(row) for row in a),
        b=_floats(b),
        b_hat=None if b_hat is None else _floats(b_hat),
        e=e,
        error_order=error_order,
    )


EULER = _make("euler", 1, c=[0], a=[[]], b=[1])

MIDPOINT = _make("midpoint", 2, c=[0, F(1, 2)], a=[[], [F(1, 2)]], b=[0, 1])

RK4 = _make(
    "rk4",
    4,
    c=[0, F(1, 2), F(1, 2), 1],
    a=[[], [F(1, 2)], [0, F(1, 2)], [0, 0, 1]],
    b=[F(1, 6), F(1, 3), F(1, 3), F(1, 6)],
)

BOSH3 = _make(
    "bosh3",
    3,
    c=[0, F(1, 2), F(3, 4), 1],
    a=[[], [F(1, 2)], [0, F(3, 4)], [F(2, 9), F(1, 3), F(4, 9)]],
    b=[F(2, 9), F(1, 3), F(4, 9), 0],
    b_hat=[F(7, 24), F(1, 4), F(1, 3), F(1, 8)],
    error_order=2,
)

DOPRI5 = _make(
    "dopri5",
    5,
    c=[0, F(1, 5), F(3, 10), F(4, 5), F(8, 9), 1, 1],
    a=[
        [],
        [F(1, 5)],
        [F(3, 40), F(9, 40)],
        [F(44, 45), F(-56, 15), F(32, 9)],
        [F(19372, 6561), F(-25360, 2187), F(64448, 6561), F(-212, 729)],
        [F(9017, 3168), F(-355, 33), F(46732, 5247), F(49, 176), F(-5103, 18656)],
        [F(35, 384), 0, F(500, 1113), F(125, 192), F(-2187, 6784), F(11, 84)],
    ],
    b=[F(35, 384), 0, F(500, 1113), F(125, 192), F(-2187, 6784), F(11, 84), 0],
    b_hat=[
        F(5179, 57600), 0, F(7571, 16695), F(393, 640),
        F(-92097, 339200), F(187, 2100), F(1, 40),
    ],
    error_order=4,
)

#: Every tableau by registry name.
TABLEAUS = {t.name: t for t in (EULER, MIDPOINT, RK4, BOSH3, DOPRI5)}
