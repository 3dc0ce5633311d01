"""One generic explicit Runge–Kutta step, written once for every tableau.

Layout of the work arrays: the state and the stage derivatives share one matrix
``Z``. In the "forward" order ``Z[0] = y`` and ``Z[1 + i] = k_i``, and stage
``i`` evaluates ``f`` at

    y + h * sum_j a[i, j] k_j  =  [1, h*a[i, 0], ..., h*a[i, i-1]] @ Z[:i+1],

which is a single small matrix–vector product into a preallocated buffer. The
loop over stages therefore costs one ``np.dot`` and one call of ``f`` per stage
and allocates nothing but what ``f`` itself returns. States of any shape
(``(d,)`` or a batch ``(N, d)``) are handled as flat vectors of ``n`` numbers;
``f`` always sees (and returns) the original shape.

``Z`` has one row more, ``s + 2``, and successive accepted steps use its rows in
alternating order: after a forward step the state sits in the last row and the
stages run towards row 0 ("backward" order, ``Z[s + 1] = y``, ``Z[s - i] = k_i``,
with every coefficient row reversed to match). The new state of a step is
written straight into the row where the next step expects it, and with
first-same-as-last tableaus the last stage of one step already lies where the
next step's first stage belongs. Accepting a step then moves no data at all.
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
    """Coefficient rows for both orders of ``Z``, shape (s+2, 2s+2), read-only.

    Rows ``0..s-1`` are the stages, row ``s`` the weights ``b``, row ``s+1`` the
    error weights ``e``. Columns ``0..s`` serve the forward order
    ``[1, a[i, 0], ..., a[i, s-1]]``; columns ``s+1..2s+1`` the backward order,
    the same numbers reversed, ``[a[i, s-1], ..., a[i, 0], 1]``. The columns
    that multiply stage derivatives, ``1..2s``, are contiguous, so one
    multiplication by ``h`` per step rescales both; the 1s (which multiply
    ``y``) sit in columns ``0`` and ``2s+1`` and are never touched.
    """
    s = tableau.stages
    forward = np.zeros((s + 2, s + 1))
    forward[:s, 1:] = tableau.matrix()
    forward[s, 1:] = tableau.b
    if tableau.adaptive:
        forward[s + 1, 1:] = tableau.e
    forward[: s + 1, 0] = 1.0
    A = np.concatenate([forward, forward[:, ::-1]], axis=1)
    A.flags.writeable = False
    return A


class _Order:
    """The views one order of ``Z`` needs, fixed once per workspace.

    Slicing inside the step loop would create view objects at every stage, so
    each stage's (coefficients, rows they combine, node ``c_i``, where the
    combination goes, the same seen with the state's shape, row receiving
    ``k_i``) is prepared here.
    """

    __slots__ = ("y", "y_shaped", "k1", "k1_shaped", "stages", "b", "b_rows",
                 "e", "e_rows", "target", "target_shaped", "next")

    def __init__(self, work: "RKWorkspace", forward: bool):
        s, Z, Zs, hA = work.s, work.Z, work.Zs, work.hA
        # Row of y, of k_i, and the row that receives the new state.
        y_row = 0 if forward else s + 1
        k_row = (lambda i: 1 + i) if forward else (lambda i: s - i)
        self.target = Z[s + 1 if forward else 0]
        self.target_shaped = Zs[s + 1 if forward else 0]
        self.y = Z[y_row]
        self.y_shaped = Zs[y_row]
        self.k1 = Z[k_row(0)]
        self.k1_shaped = Zs[k_row(0)]
        stages = []
        for i in range(1, s):
            if forward:
                coef, rows = hA[i, : i + 1], Z[: i + 1]
            else:
                coef, rows = hA[i, 2 * s + 1 - i:], Z[s + 1 - i: s + 2]
            last_is_new_state = work.fsal and i == s - 1
            out = self.target if last_is_new_state else work.stage
            out_shaped = self.target_shaped if last_is_new_state else work.stage_shaped
            stages.append((coef, rows, work.c[i], out, out_shaped, Zs[k_row(i)]))
        self.stages = tuple(stages)
        if forward:
            self.b, self.b_rows = hA[s, : s + 1], Z[: s + 1]
            self.e, self.e_rows = hA[s + 1, 1: s + 1], Z[1: s + 1]
        else:
            self.b, self.b_rows = hA[s, s + 1:], Z[1:]
            self.e, self.e_rows = hA[s + 1, s + 1: 2 * s + 1], Z[1: s + 1]


class RKWorkspace:
    """Preallocated buffers and precomputed coefficient arrays for one solve.

    Parameters
    ----------
    tableau : Tableau
    y0 : ndarray, any shape
        Initial state; becomes the current state :attr:`y`.
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
        self.Z = np.zeros((s + 2, n))
        # The same memory seen with the state's shape, so f's output (shape of
        # y0) is stored without a reshape per stage.
        self.Zs = self.Z.reshape((s + 2,) + self.shape)
        self.A = coefficients
        self.hA = coefficients.copy()
        self.h = None  # the step size hA's stage columns are scaled by
        self.A_k = self.A[:, 1: 2 * s + 1]
        self.hA_k = self.hA[:, 1: 2 * s + 1]
        self.stage = np.empty(n)
        self.stage_shaped = self.stage.reshape(self.shape)
        self.err = np.empty(n)
        self.forward = _Order(self, True)
        backward = _Order(self, False)
        self.forward.next, backward.next = backward, self.forward
        self.load(y0)

    @property
    def y(self) -> np.ndarray:
        """Current state, flat, shape (n,)."""
        return self.order.y

    @property
    def k1(self) -> np.ndarray:
        """First stage ``f(t, y)`` at the current state, flat, shape (n,).

        A solve stores ``f(t0, y0)`` here before the first step; afterwards
        :meth:`accept` keeps it up to date.
        """
        return self.order.k1

    @property
    def nbytes(self) -> int:
        """Bytes held by the work arrays (all the memory a solve needs)."""
        return int(self.Z.nbytes + self.stage.nbytes + self.err.nbytes)

    def load(self, y0: np.ndarray) -> None:
        """Start over from ``y0`` (in the forward order)."""
        self.order = self.forward
        self.forward.y[...] = y0.ravel()

    def accept(self, fun, t_new: float) -> None:
        """Make the new state of the last :func:`rk_step` current, at ``t_new``.

        That state already lies in the row where the other order keeps its
        state, so accepting only switches the order. FSAL tableaus evaluated ``f`` at ``y_new`` in their last stage,
        which is then the first stage; the others evaluate it now.
        """
        order = self.order = self.order.next
        if not self.fsal:
            order.k1_shaped[...] = fun(t_new, order.y_shaped)


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
            work.load(y0)
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
    """Advance one explicit Runge–Kutta step from ``(t, work.y)`` by ``h``.

    ``work.k1`` must already hold ``f(t, y)`` (the first stage); this lets FSAL
    tableaus reuse the previous step's last stage and lets the caller reuse the
    derivative computed for the automatic initial step. The current state is
    not changed: call ``work.accept`` to move on to the new one.

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
        Buffers; when ``with_error``, ``work.err`` holds on return the local
        error estimate ``h * sum_i e_i k_i``, shape (n,).
    with_error : bool
        Compute the embedded error estimate (tableau must be adaptive).

    Returns
    -------
    ndarray, shape (n,)
        The new state (a row of the workspace: copy it to keep it).
    """
    if h != work.h:  # fixed steps repeat one h: the coefficients stay scaled
        np.multiply(work.A_k, h, out=work.hA_k)
        work.h = h
    order = work.order
    # ndarray.dot is about twice as fast as np.dot on small arrays (no
    # __array_function__ dispatch), and this is the innermost loop.
    for coef, rows, ci, out, shaped, k_row in order.stages:
        coef.dot(rows, out=out)
        k_row[...] = fun(t + ci * h, shaped)
    if not work.fsal:
        order.b.dot(order.b_rows, out=order.target)
    if with_error:
        order.e.dot(order.e_rows, out=work.err)
    return order.target
