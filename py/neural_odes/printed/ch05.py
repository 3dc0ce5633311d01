"""Chapter 5's printed numbers: bytes kept by backprop and by the adjoint, what
each method evaluates, the ``reconstruct`` simulation, and the numbers of the
chapter's exercises."""

import math

import numpy as np

from ..controls import tolerance
from ..formatting import fixed, significant
from ..adjoint import adjoint_gradients, backprop_through_solver, relative_difference
from ..sims.memory import BATCH, FIELD, H0, HIDDEN, LOSS, METHOD, STEPS_MAX, gradients
from ..sims.reconstruct import SETUPS, T as RECON_T, reconstruct
from ..solvers import get_method, solve_ivp_adaptive

DEFAULT_STEPS = 12  # the slider's default
STEP_COUNTS = (1, 4, 5, DEFAULT_STEPS, 50, 200)
EXERCISE_STEPS = 50  # the simulation exercise's setting

#: the pencil exercise: f(h) = LAM * h, L = h(T), from h(0) = LIN_H0 to T = LIN_T
LAM, LIN_H0, LIN_T = -0.5, 2.0, 2.0
LIN_TOL = 1e-10


def runs():
    """{steps: (backprop result, adjoint result, relative difference)}."""
    out = {}
    for n in STEP_COUNTS:
        bp, adj = gradients(n)
        out[n] = (bp, adj, relative_difference(adj, bp))
    return out


def crossover(adjoint_bytes, per_step):
    """Fewest steps at which the backprop tape outgrows the adjoint's buffers."""
    n = 1
    while n * per_step <= adjoint_bytes:
        n += 1
    return n


class _Counting:
    """The chapter's field, counting its evaluations and vector–Jacobian products."""

    def __init__(self, field):
        self._field = field
        self.evaluations = 0
        self.vjps = 0

    def __getattr__(self, name):  # params, dim, param_names, ...
        return getattr(self._field, name)

    def __call__(self, t, h):
        self.evaluations += 1
        return self._field(t, h)

    def forward(self, t, h):
        self.evaluations += 1
        return self._field.forward(t, h)

    def vjp(self, *args):
        self.vjps += 1
        return self._field.vjp(*args)


def work(steps=DEFAULT_STEPS, method=METHOD):
    """What each gradient method asks of the field on the chapter's problem:
    ``{"backprop" | "adjoint": (evaluations of f, vector–Jacobian products, bytes kept)}``."""
    out = {}
    for name, fn in (("backprop", backprop_through_solver), ("adjoint", adjoint_gradients)):
        field = _Counting(FIELD)
        res = fn(field, H0, LOSS, t_span=(0.0, 1.0), steps=steps, method=method)
        out[name] = (field.evaluations, field.vjps, res.bytes_kept)
    return out


def linear_adjoint():
    """The pencil exercise solved as the chapter does it: ``[h, a, g]`` integrated
    backward from ``T`` (``dh/dt = LAM h``, ``da/dt = -LAM a``, ``dg/dt = -a h``).

    Returns ``(h(T), dL/dh(0), dL/dlambda)`` from the book's adaptive solver."""
    h_T = solve_ivp_adaptive(lambda t, h: LAM * h, (0.0, LIN_T), np.array([LIN_H0]),
                             rtol=LIN_TOL, atol=LIN_TOL).y[-1][0]

    def backward(t, z):
        h, a, _ = z
        return np.array([LAM * h, -LAM * a, -a * h])

    z0 = solve_ivp_adaptive(backward, (LIN_T, 0.0), np.array([h_T, 1.0, 0.0]),
                            rtol=LIN_TOL, atol=LIN_TOL).y[-1]
    return float(h_T), float(z0[1]), float(z0[2])


def memory_table():
    rows = [[str(n), str(bp.bytes_kept), str(adj.bytes_kept), significant(d, 3)]
            for n, (bp, adj, d) in runs().items()]
    return {"columns": ["Euler steps", "backprop bytes", "adjoint bytes", "gradient difference"],
            "rows": rows, "align": ["right"] * 4}


TABLES = {"memory-steps": memory_table}


RECON_LOOSE = 0.2  # the tolerance slider position the prose quotes


def reconstruct_numbers():
    """What the ``reconstruct`` simulation shows: the node's rates, the backward
    stretch e^(fast T), and the rebuilt start's error at one loose tolerance."""
    slow, fast = sorted(-r for r in SETUPS["contracting"].rates)

    def error(name, v):
        return reconstruct(field=name, tol=v)["readouts"]["recon_error"]

    tight = error("contracting", 1.0)["value"] / error("expanding", 1.0)["value"]
    return {
        "recon_T": f"{RECON_T:g}",
        "recon_fast": f"{fast:g}",
        "recon_slow": f"{slow:g}",
        "recon_growth": f"{round(math.exp(fast * RECON_T), -2):.0f}",
        "recon_loose_v": f"{RECON_LOOSE:g}",
        "recon_loose_tol": significant(tolerance(RECON_LOOSE), 2),
        "recon_con_loose": error("contracting", RECON_LOOSE)["text"],
        "recon_exp_loose": error("expanding", RECON_LOOSE)["text"],
        "recon_rot_loose": error("rotating", RECON_LOOSE)["text"],
        "recon_ratio_tight": f"{round(tight, -2):.0f}",
    }


def numbers():
    r = runs()
    bp1, adj1, d1 = r[1]
    bp12, adj12, d12 = r[DEFAULT_STEPS]
    bp200, adj200, d200 = r[200]
    bp50, adj50, d50 = r[EXERCISE_STEPS]
    per_step = bp1.bytes_kept
    n_params = sum(v.size for v in FIELD.params.values())
    euler = work()
    rk4 = work(method="rk4")
    rk4_per_step = rk4["backprop"][2] // DEFAULT_STEPS
    h_T, grad_h0, grad_lam = linear_adjoint()
    return {
        **reconstruct_numbers(),
        "dim": str(FIELD.dim),
        "batch": str(BATCH),
        "float_bytes": str(H0.itemsize),
        "default_steps": str(DEFAULT_STEPS),
        "hidden": str(HIDDEN),
        "floats_per_point": str(2 + HIDDEN),
        "per_step_bytes": str(per_step),
        "n_params": str(n_params),
        "adjoint_bytes": str(adj12.bytes_kept),
        "backprop_12": str(bp12.bytes_kept),
        "backprop_200": str(bp200.bytes_kept),
        "steps_max": str(STEPS_MAX),
        "ratio_200": str(round(bp200.bytes_kept / adj200.bytes_kept)),
        "crossover": str(crossover(adj1.bytes_kept, per_step)),
        "diff_1": significant(d1, 3),
        "diff_12": significant(d12, 3),
        "diff_200": significant(d200, 3),
        # the difference shrinks like the step size (Euler is first order)
        "diff_ratio": fixed(d12 / d200, 1),
        "steps_ratio": fixed(200 / DEFAULT_STEPS, 1),
        # what each method asks of the field, 12 Euler steps
        "bp_evals": str(euler["backprop"][0]),
        "bp_vjps": str(euler["backprop"][1]),
        "adj_evals": str(euler["adjoint"][0]),
        "adj_vjps": str(euler["adjoint"][1]),
        # the forward solve is the same in both; the rest rebuilds h backward
        "adj_evals_back": str(euler["adjoint"][0] - euler["backprop"][0]),
        # exercise: RK4 instead of Euler
        "rk4_stages": str(get_method("rk4").stages),
        "rk4_backprop_12": str(rk4["backprop"][2]),
        "rk4_per_step_bytes": str(rk4_per_step),
        "rk4_adjoint_bytes": str(rk4["adjoint"][2]),
        "rk4_crossover": str(crossover(rk4["adjoint"][2], rk4_per_step)),
        # exercise: the simulation at 50 steps
        "ex_steps": str(EXERCISE_STEPS),
        "backprop_50": str(bp50.bytes_kept),
        "adjoint_50": str(adj50.bytes_kept),
        "diff_50": significant(d50, 3),
        "diff_50_predicted": significant(d12 * DEFAULT_STEPS / EXERCISE_STEPS, 2),
        # exercise: the adjoint of dh/dt = lambda h by hand
        "lin_lam": fixed(LAM, 1),
        "lin_h0": fixed(LIN_H0, 0),
        "lin_T": fixed(LIN_T, 0),
        "lin_hT": fixed(h_T, 3),
        "lin_grad_h0": fixed(grad_h0, 3),
        "lin_grad_lam": fixed(grad_lam, 3),
        "lin_exact_grad_h0": fixed(math.exp(LAM * LIN_T), 3),
        "lin_exact_grad_lam": fixed(LIN_T * LIN_H0 * math.exp(LAM * LIN_T), 3),
    }
