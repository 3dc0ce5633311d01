"""One generic explicit Runge–Kutta step, written once for every tableau.

Layout of the work arrays: the state and the stage derivatives share one matrix
``Z`` of shape ``(s + 1, n)``, with ``Z[0] = y`` and ``Z[1 + i] = k_i``. Stage
``i`` then evaluates ``f`` at

    y + h * sum_j a[i, j] k_j  =  [1, h*a[i, 0], ..., h*a[i, i-1]] @ Z[:i+1],

which is a single small matrix–vector product into a preallocated buffer. The
loop over stages therefore costs one ``np.dot`` and one call of ``f`` per stage
and allocates nothing but what ``f`` itself returns. States of any shape
(``(d,)`` or a batch ``(N, d)``) are handled as flat vectors of ``n`` numbers;
``f`` always sees (and returns) the original shape.
"""

from __future__ import annotations

import numpy as np

from .tableaus import Tableau

__all__ = ["CountedField", "RKWorkspace", "rk_step"]


class CountedField:
    """Wrap ``f`` and count its evaluations: the only place NFE is counted.

    Parameters
    ----------
    f : callable
        ``f(t, y) -> dy/dt``.

    Attributes
    ----------
    nfe : int
        Number of calls so far; a call on a whole batch counts once.
    """

    __slots__ = ("f", "nfe")

    def __init__(self, f):
        self.f = f
        self.nfe = 0

    def __call__(self, t, y):
        self.nfe += 1
        return self.f(t, y)


class RKWorkspace:
    """Preallocated buffers and precomputed coefficient arrays for one solve.

    Parameters
    ----------
    tableau : Tableau
    y0 : ndarray, any shape
        Initial state; copied into ``Z[0]``.
    """

    def __init__(self, tableau: Tableau, y0: np.ndarray):
        s = tableau.stages
        n = y0.size
        self.tableau = tableau
        self.shape = y0.shape
        self.n = n
        self.s = s
        self.c = tableau.c
        self.fsal = tableau.fsal
        self.Z = np.zeros((s + 1, n))
        self.Z[0] = y0.ravel()
        # Row i: [1, a[i, 0], ..., a[i, i-1]]; the 1 multiplies y in Z[0].
        self.A = np.zeros((s, s + 1))
        self.A[:, 1:] = tableau.matrix()
        self.hA = np.empty_like(self.A)
        self.B = np.concatenate(([0.0], tableau.b))
        self.hB = np.empty_like(self.B)
        self.E = np.array(tableau.e) if tableau.adaptive else None
        self.hE = np.empty(s)
        self.stage = np.empty(n)
        self.stage_shaped = self.stage.reshape(self.shape)
        self.y_new = np.empty(n)
        self.err = np.empty(n)
        self.scratch = np.empty((2, n))
        # Views fixed once: slicing inside the loop would allocate view objects.
        self.coef_rows = [self.hA[i, : i + 1] for i in range(s)]
        self.z_rows = [self.Z[: i + 1] for i in range(s)]
        self.K = self.Z[1:]

    @property
    def y(self) -> np.ndarray:
        """Current state, flat, shape (n,)."""
        return self.Z[0]


def rk_step(fun, t: float, h: float, work: RKWorkspace, with_error: bool) -> np.ndarray:
    """Advance one explicit Runge–Kutta step from ``(t, Z[0])`` by ``h``.

    ``work.Z[1]`` must already hold ``f(t, y)`` (the first stage); this lets FSAL
    tableaus reuse the previous step's last stage and lets the caller reuse the
    derivative computed for the automatic initial step.

    Parameters
    ----------
    fun : callable
        ``fun(t, y)`` with ``y`` of the state's shape (normally a
        :class:`CountedField`).
    t : float
        Start time.
    h : float
        Signed step size.
    work : RKWorkspace
        Buffers; on return ``work.K`` holds all stage derivatives and, when
        ``with_error``, ``work.err`` holds the local error estimate
        ``h * sum_i e_i k_i``, shape (n,).
    with_error : bool
        Compute the embedded error estimate (tableau must be adaptive).

    Returns
    -------
    ndarray, shape (n,)
        The new state (a work buffer: copy it before the next step).
    """
    hA = work.hA
    np.multiply(work.A, h, out=hA)
    hA[:, 0] = 1.0
    Z = work.Z
    c = work.c
    stage = work.stage
    shaped = work.stage_shaped
    coef_rows = work.coef_rows
    z_rows = work.z_rows
    for i in range(1, work.s):
        np.dot(coef_rows[i], z_rows[i], out=stage)
        Z[i + 1] = fun(t + c[i] * h, shaped)
    if work.fsal:
        # The last stage was evaluated at the new state itself.
        y_new = stage
    else:
        hB = work.hB
        np.multiply(work.B, h, out=hB)
        hB[0] = 1.0
        y_new = np.dot(hB, Z, out=work.y_new)
    if with_error:
        np.multiply(work.E, h, out=work.hE)
        np.dot(work.hE, work.K, out=work.err)
    return y_new
