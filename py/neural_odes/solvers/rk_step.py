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

__all__ = ["counted", "RKWorkspace", "acquire", "release", "rk_step"]


def counted(f):
    """Wrap ``f`` so its evaluations are counted: the only place NFE is counted.

    Parameters
    ----------
    f : callable
        ``f(t, y) -> dy/dt``.

    Returns
    -------
    fun : callable
        ``fun(t, y)`` calls ``f(t, y)`` and adds one to ``calls[0]``; a call on a
        whole batch counts once.
    calls : list of one int
        The running count (a closure is measurably cheaper per call than a
        class with ``__call__``, and this call sits in the innermost loop).
    """
    calls = [0]

    def fun(t, y):
        calls[0] += 1
        return f(t, y)

    return fun, calls


_PLANS: dict = {}


def _plan(tableau: Tableau):
    """``(coefficients, fsal)`` of a tableau, built once and reused.

    Keyed by identity: hashing a frozen tableau (nested tuples) on every solve
    would cost more than building a workspace.
    """
    entry = _PLANS.get(id(tableau))
    if entry is None or entry[0] is not tableau:
        entry = (tableau, _coefficients(tableau), tableau.fsal)
        _PLANS[id(tableau)] = entry
    return entry[1], entry[2]


def _coefficients(tableau: Tableau) -> np.ndarray:
    """Stage rows ``[0, a[i, :]]``, then ``[0, b]`` and ``[0, e]``; shape (s+2, s+1),
    read-only."""
    s = tableau.stages
    A = np.zeros((s + 2, s + 1))
    A[:s, 1:] = tableau.matrix()
    A[s, 1:] = tableau.b
    if tableau.adaptive:
        A[s + 1, 1:] = tableau.e
    A.flags.writeable = False
    return A


class RKWorkspace:
    """Preallocated buffers and precomputed coefficient arrays for one solve.

    Parameters
    ----------
    tableau : Tableau
    y0 : ndarray, any shape
        Initial state; copied into ``Z[0]``.
    """

    def __init__(self, tableau: Tableau, y0: np.ndarray):
        s = len(tableau.c)
        n = y0.size
        coefficients, fsal = _plan(tableau)
        self.tableau = tableau
        self.shape = y0.shape
        self.n = n
        self.s = s
        self.c = tableau.c
        self.fsal = fsal
        self.Z = np.zeros((s + 1, n))
        self.Z[0] = y0.ravel()
        # The same memory seen with the state's shape, so f's output (shape of
        # y0) is stored without a reshape per stage.
        self.Zs = self.Z.reshape((s + 1,) + self.shape)
        # Row i: [1, a[i, 0], ..., a[i, i-1]]; the 1 multiplies y in Z[0].
        # Rows s and s+1 hold the weights b and the error weights e, so one
        # multiplication by h per step scales every coefficient at once.
        self.A = coefficients
        self.hA = np.zeros_like(self.A)
        # Column 0 multiplies y: 1 in the stage rows and in the b row. Only the
        # columns that multiply stage derivatives are rescaled by h, one call
        # per step.
        self.hA[: s + 1, 0] = 1.0
        self.A_k = self.A[:, 1:]
        self.hA_k = self.hA[:, 1:]
        self.b_row = self.hA[s]
        self.e_row = self.hA[s + 1, 1:]
        self.stage = np.empty(n)
        self.stage_shaped = self.stage.reshape(self.shape)
        self.y_new = np.empty(n)
        self.err = np.empty(n)
        self.K = self.Z[1:]
        # Views fixed once (slicing inside the loop would allocate view
        # objects): (coefficients, rows they combine, node c_i, row receiving
        # k_i) for stages 2..s, so the stage loop does no indexing.
        hA, Z, Zs, c = self.hA, self.Z, self.Zs, self.c
        self.stage_plan = tuple((hA[i, : i + 1], Z[: i + 1], c[i], Zs[i + 1]) for i in range(1, s))

    @property
    def y(self) -> np.ndarray:
        """Current state, flat, shape (n,)."""
        return self.Z[0]

    def accept(self, fun, t_new: float, y_new: np.ndarray) -> None:
        """Make ``y_new`` the current state and fill the first stage there.

        FSAL tableaus already evaluated ``f`` at ``y_new`` in their last stage;
        the others evaluate it now.
        """
        Z = self.Z
        Z[0] = y_new
        if self.fsal:
            Z[1] = Z[self.s]
        else:
            self.Zs[1] = fun(t_new, self.Zs[0])


# Idle workspaces, reused by later solves of the same tableau and state shape
# (the book's simulations solve the same problem again at every slider move,
# and building the views costs more than a short solve's steps). Bounded so a
# run over many shapes does not keep memory alive.
_IDLE: dict = {}
_IDLE_SHAPES = 16


def acquire(tableau: Tableau, y0: np.ndarray) -> RKWorkspace:
    """A workspace holding ``y0`` as its state: an idle one if there is one.

    Hand it back with :func:`release` when the solve ends (also on error).
    A solve started from inside ``f`` simply gets a workspace of its own.
    """
    idle = _IDLE.get((id(tableau), y0.shape))
    if idle:
        work = idle.pop()
        if work.tableau is tableau:
            work.Z[0] = y0.ravel()
            return work
    return RKWorkspace(tableau, y0)


def release(work: RKWorkspace) -> None:
    """Return a workspace from :func:`acquire`; do not use it afterwards."""
    key = (id(work.tableau), work.shape)
    idle = _IDLE.get(key)
    if idle is None:
        if len(_IDLE) >= _IDLE_SHAPES:
            del _IDLE[next(iter(_IDLE))]
        idle = _IDLE[key] = []
    if len(idle) < 2:
        idle.append(work)


def rk_step(fun, t: float, h: float, work: RKWorkspace, with_error: bool) -> np.ndarray:
    """Advance one explicit Runge–Kutta step from ``(t, Z[0])`` by ``h``.

    ``work.Z[1]`` must already hold ``f(t, y)`` (the first stage); this lets FSAL
    tableaus reuse the previous step's last stage and lets the caller reuse the
    derivative computed for the automatic initial step.

    Parameters
    ----------
    fun : callable
        ``fun(t, y)`` with ``y`` of the state's shape (normally wrapped by
        :func:`counted`).
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
    np.multiply(work.A_k, h, out=work.hA_k)
    stage = work.stage
    shaped = work.stage_shaped
    # ndarray.dot is about twice as fast as np.dot on small arrays (no
    # __array_function__ dispatch), and this is the innermost loop.
    for coef, rows, ci, k_row in work.stage_plan:
        coef.dot(rows, out=stage)
        k_row[...] = fun(t + ci * h, shaped)
    if work.fsal:
        # The last stage was evaluated at the new state itself.
        y_new = stage
    else:
        y_new = work.b_row.dot(work.Z, out=work.y_new)
    if with_error:
        work.e_row.dot(work.K, out=work.err)
    return y_new
