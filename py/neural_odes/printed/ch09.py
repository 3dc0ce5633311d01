"""Chapter 9's printed numbers: what the playground does with its default field
and with the exercise's faster one, and the linear field of the pencil exercise."""

import math

import numpy as np

from ..formatting import fixed, significant
from ..sims import playground as pg
from ..solvers import solve_ivp_adaptive

#: the simulation exercise: the default swirl, twice as fast
FAST_SWIRL_CODE = "return 2 * np.stack([-h[:, 1], h[:, 0]], 1)"
#: the pencil exercise: a spiral sink f(h) = A h, flowed until LINEAR_T
LINEAR_A = np.array([[-0.5, -1.0], [1.0, -0.5]])
LINEAR_T = 1.0
LINEAR_TOL = 1e-10


def default_run():
    """The default swirl's Solution in the playground."""
    f = pg.compile_field(pg.DEFAULT_CODE)
    return pg.flow(f)


def fast_run():
    """The exercise's swirl at double speed, as the playground solves it."""
    return pg.flow(pg.compile_field(FAST_SWIRL_CODE))


def linear_example():
    """Flow map, its determinant, and the adjoint ``a(0)`` for ``a(T) = (1, 0)``
    of ``dh/dt = A h`` until ``T``, all from the book's adaptive solver."""
    A, T = LINEAR_A, LINEAR_T

    def solve(f, span, y0):
        return solve_ivp_adaptive(f, span, y0, rtol=LINEAR_TOL, atol=LINEAR_TOL).y[-1]

    # columns of the flow map: the images of the two unit vectors
    M = np.stack([solve(lambda t, h: A @ h, (0.0, T), e) for e in np.eye(2)], axis=1)
    a0 = solve(lambda t, a: -A.T @ a, (T, 0.0), np.array([1.0, 0.0]))
    return M, float(np.linalg.det(M)), a0


def numbers():
    sol = default_run()
    fast = fast_run()
    M, det, a0 = linear_example()
    return {
        "particles": str(pg.STARTS.shape[0]),
        "t_end": fixed(pg.T_END, 0),
        "default_steps": str(sol.n_accepted),
        "default_nfe": str(sol.nfe),
        "grid_arrows": str(pg.GRID_X.size * pg.GRID_Y.size),
        "tol": significant(pg.RTOL, 1),
        # the simulation exercise
        "fast_code": FAST_SWIRL_CODE,
        "fast_steps": str(fast.n_accepted),
        "fast_nfe": str(fast.nfe),
        "fast_t_equiv": fixed(2 * pg.T_END, 0),
        # the pencil exercise
        "lin_T": fixed(LINEAR_T, 0),
        "lin_trace": fixed(float(np.trace(LINEAR_A)), 0),
        "lin_det": fixed(det, 3),
        "lin_contraction": fixed(math.exp(0.5 * float(np.trace(LINEAR_A)) * LINEAR_T), 3),
        "lin_a0_1": fixed(float(a0[0]), 3),
        "lin_a0_2": fixed(float(a0[1]), 3),
    }
