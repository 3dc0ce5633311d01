"""Gradients through a Neural ODE: backprop through the solver, and the adjoint.

Both compute ``dL/dh(0)`` and ``dL/dtheta`` for a loss ``L(h(T))`` of the end
state of ``dh/dt = f(t, h; theta)``, with ``f`` an :class:`~neural_odes.fields.MLPField`
and the same fixed-step Runge–Kutta method, and both report the bytes they kept
alive for the backward pass (the sum of ``.nbytes`` of the arrays stored).

* :func:`backprop_through_solver` is reverse-mode differentiation of the
  discrete solver ("discretize, then optimize"): every stage of every step stores
  its input and hidden activations on a tape, so memory grows linearly with the
  number of steps. It is the exact gradient of the computed ``h(T)``.
* :func:`adjoint_gradients` is the adjoint sensitivity method ("optimize, then
  discretize", Chen et al. 2018, after Pontryagin): it solves the augmented ODE
  for ``[h, a, g]`` backward from ``T`` to ``0``,

  ``dh/dt = f``,  ``da/dt = -a^T df/dh``,  ``dg/dt = -a^T df/dtheta``,

  with ``h(T)`` from the forward solve, ``a(T) = dL/dh(T)`` and ``g(T) = 0``;
  then ``a(0) = dL/dh(0)`` and ``g(0) = dL/dtheta``. Only the current augmented
  state and the stage buffers are alive, so memory is constant in the number of
  steps. It is *approximate*: ``h`` is reconstructed by integrating backward,
  which is not exactly the forward trajectory, and the backward solve has its
  own discretization error; the two gradients agree as the steps shrink.
* :func:`reconstruct_state` isolates that first approximation: the state alone,
  solved forward with the adaptive solver and rebuilt backward from the computed
  ``h(T)`` with the same solver and tolerance (chapter 5's ``reconstruct``).

References
----------
R. T. Q. Chen, Y. Rubanova, J. Bettencourt, D. Duvenaud, "Neural Ordinary
Differential Equations", NeurIPS 2018, Sec. 2 and Appendix B.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .params import flatten_params, unflatten_params
from .solvers import get_method, solve_ivp_adaptive
from .solvers.rk_step import RKWorkspace, counted, rk_step
from .solvers.validation import validate_t_span, validate_y0

__all__ = [
    "GradientResult",
    "squared_error_loss",
    "backprop_through_solver",
    "adjoint_gradients",
    "reconstruct_state",
    "relative_difference",
]


@dataclass
class GradientResult:
    """Gradients of a loss at the end state, and what they cost.

    Attributes
    ----------
    loss : float
        ``L(h(T))`` from the forward solve.
    h_T : ndarray, shape of h0
        End state of the forward solve.
    grad_h0 : ndarray, shape of h0
        ``dL/dh(0)``.
    grad_params : dict of ndarray
        ``dL/dtheta``, same keys and shapes as the field's parameters.
    bytes_kept : int
        Sum of ``.nbytes`` of the arrays kept alive for the backward pass.
    nfe : int
        Evaluations of the field (forward and backward; a VJP counts as one).
    method : str
        Method name: ``"backprop"`` or ``"adjoint"``.
    """

    loss: float
    h_T: np.ndarray
    grad_h0: np.ndarray
    grad_params: dict
    bytes_kept: int
    nfe: int
    method: str

    def flat_grad(self, names) -> np.ndarray:
        """``[dL/dh0, dL/dtheta]`` as one vector (parameters in ``names`` order)."""
        return np.concatenate([self.grad_h0.ravel(), flatten_params(self.grad_params, names)])


def squared_error_loss(target):
    """The loss ``L(h) = 0.5 * sum((h - target)^2) / N``, with its gradient.

    Parameters
    ----------
    target : array_like, shape (N, d) or (d,)

    Returns
    -------
    callable
        ``loss(h) -> (value, dL/dh)``.
    """
    target = np.array(target, dtype=float)
    n = target.shape[0] if target.ndim == 2 else 1

    def loss(h):
        r = h - target
        return 0.5 * float(np.sum(r * r)) / n, r / n

    return loss


def _check(field, h0, t_span, steps):
    t0, t1 = validate_t_span(t_span)
    h0 = validate_y0(h0)
    if not (isinstance(steps, (int, np.integer)) and steps >= 1):
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not (hasattr(field, "forward") and hasattr(field, "vjp")):
        raise ValueError("field must provide forward(t, h) and vjp(t, h, v) (an MLPField)")
    return t0, t1, h0, int(steps)


def backprop_through_solver(field, h0, loss, *, t_span=(0.0, 1.0), steps=12,
                            method="rk4") -> GradientResult:
    """Reverse-mode differentiation through a fixed-step Runge–Kutta solve.

    Parameters
    ----------
    field : MLPField
        The vector field ``f(t, h; theta)``.
    h0 : array_like, shape (d,) or (N, d)
        Initial state.
    loss : callable
        ``loss(h_T) -> (value, dL/dh_T)``, e.g. :func:`squared_error_loss`.
    t_span : (float, float)
    steps : int
        Number of equal steps.
    method : str
        Any name in :data:`~neural_odes.solvers.METHODS` (its propagated
        solution is used).

    Returns
    -------
    GradientResult
        ``bytes_kept`` is the size of the tape: for each stage of each step, the
        field's input and hidden activations, so it grows linearly in ``steps``.
    """
    t0, t1, h0, steps = _check(field, h0, t_span, steps)
    tab = get_method(method)
    A = tab.matrix()
    b = np.array(tab.b)
    c = tab.c
    s = tab.stages
    dt = (t1 - t0) / steps
    shape = h0.shape

    # Every evaluation of f and every vector-Jacobian product is counted by the
    # solvers' one counter (a VJP counts as one evaluation).
    forward, forward_calls = counted(field.forward)
    vjp, vjp_calls = counted(lambda t, args: field.vjp(t, *args))
    tape = []  # per step: list of (t_i, activations_i) for each stage
    y = h0
    for n in range(steps):
        t = t0 + n * dt
        K = []
        stages = []
        for i in range(s):
            yi = y
            for j in range(i):
                if A[i, j] != 0.0:
                    yi = yi + (dt * A[i, j]) * K[j]
            ti = t + c[i] * dt
            out, acts = forward(ti, yi)
            K.append(out.reshape(shape))
            stages.append((ti, acts))
        for i in range(s):
            if b[i] != 0.0:
                y = y + (dt * b[i]) * K[i]
        tape.append(stages)
    bytes_kept = sum(a.nbytes for stages in tape for _, acts in stages for a in acts)
    value, ybar = loss(y)
    ybar = np.array(ybar, dtype=float).reshape(shape)

    names = field.param_names()
    gp = {k: np.zeros_like(field.params[k]) for k in names}
    for n in range(steps - 1, -1, -1):
        stages = tape[n]
        Kbar = [(dt * b[i]) * ybar for i in range(s)]
        ybar_prev = ybar.copy()
        for i in range(s - 1, -1, -1):
            ti, acts = stages[i]
            xbar, pbar = vjp(ti, (acts[0][:, : field.dim].reshape(shape), Kbar[i], acts))
            for k in names:
                gp[k] += pbar[k]
            ybar_prev += xbar
            for j in range(i):
                if A[i, j] != 0.0:
                    Kbar[j] = Kbar[j] + (dt * A[i, j]) * xbar
        ybar = ybar_prev
        tape[n] = None  # released as the reverse pass goes, as autodiff does
    return GradientResult(loss=value, h_T=y, grad_h0=ybar, grad_params=gp,
                          bytes_kept=int(bytes_kept), nfe=forward_calls[0] + vjp_calls[0],
                          method="backprop")


def _integrate_endpoint(fun, t0, t1, y0_flat, steps, tab, shape):
    """Fixed-step solve that keeps only the current state (no trajectory).

    Returns the final state (flat) and the workspace (whose buffers are all the
    memory the solve used).
    """
    work = RKWorkspace(tab, y0_flat.reshape(shape))
    dt = (t1 - t0) / steps
    work.k1[...] = np.asarray(fun(t0, work.y.reshape(shape))).ravel()
    for n in range(steps):
        t = t0 + n * dt
        y_new = rk_step(fun, t, dt, work, with_error=False)
        if n + 1 < steps:
            work.accept(fun, t + dt)
    return y_new.copy(), work


def adjoint_gradients(field, h0, loss, *, t_span=(0.0, 1.0), steps=12,
                      method="rk4") -> GradientResult:
    """Gradients by the adjoint method: an augmented ODE solved backward in time.

    Parameters
    ----------
    field : MLPField
    h0 : array_like, shape (d,) or (N, d)
    loss : callable
        ``loss(h_T) -> (value, dL/dh_T)``.
    t_span : (float, float)
    steps : int
        Number of equal steps, used both forward (for ``h(T)``) and backward.
    method : str
        Name in :data:`~neural_odes.solvers.METHODS`.

    Returns
    -------
    GradientResult
        ``bytes_kept`` counts the augmented state ``[h, a, g]`` with the stage
        buffers of the solver (the only arrays alive during the backward
        solve), plus the forward end state; it does not depend on ``steps``.

    Notes
    -----
    Approximate (see the module notes): the backward solve reconstructs ``h``
    rather than remembering it.
    """
    t0, t1, h0, steps = _check(field, h0, t_span, steps)
    tab = get_method(method)
    shape = h0.shape
    names = field.param_names()

    fwd, fwd_calls = counted(field)
    hT, fwd_work = _integrate_endpoint(fwd, t0, t1, h0.ravel(), steps, tab, shape)
    hT = hT.reshape(shape)
    value, aT = loss(hT)
    aT = np.array(aT, dtype=float).reshape(shape)

    nh = h0.size
    n_par = sum(field.params[k].size for k in names)
    # Where each parameter's block of the flat state lies (flatten_params' order):
    # the derivative is written there directly, one negation per block.
    blocks, start = [], 2 * nh
    for k in names:
        size = field.params[k].size
        blocks.append((k, slice(start, start + size)))
        start += size

    def augmented(t, z):
        h = z[:nh].reshape(shape)
        a = z[nh : 2 * nh].reshape(shape)
        out, acts = field.forward(t, h)
        dh, dp = field.vjp(t, h, a, acts)
        dz = np.empty(2 * nh + n_par)
        dz[:nh] = out.ravel()
        np.negative(dh.ravel(), out=dz[nh : 2 * nh])
        for k, block in blocks:
            np.negative(dp[k].ravel(), out=dz[block])
        return dz

    bwd, bwd_calls = counted(augmented)
    z_T = np.concatenate([hT.ravel(), aT.ravel(), np.zeros(n_par)])
    z0, bwd_work = _integrate_endpoint(bwd, t1, t0, z_T, steps, tab, z_T.shape)
    bytes_kept = bwd_work.nbytes + hT.nbytes
    grad_h0 = z0[nh : 2 * nh].reshape(shape)
    gp = unflatten_params(z0[2 * nh :], field.params, names)
    return GradientResult(loss=value, h_T=hT, grad_h0=grad_h0, grad_params=gp,
                          bytes_kept=int(bytes_kept), nfe=fwd_calls[0] + bwd_calls[0],
                          method="adjoint")


def reconstruct_state(f, h0, *, t_span=(0.0, 1.0), rtol, atol):
    """The state half of the adjoint's backward pass, with the adaptive solver.

    Solves ``dh/dt = f(t, h)`` forward from ``h0`` over ``t_span = (0, T)``,
    then solves the same equation backward from the *computed* ``h(T)`` to 0,
    as the adjoint method rebuilds ``h`` instead of storing it (in
    :func:`adjoint_gradients` it is the first block of the augmented state).
    Both solves are :func:`~neural_odes.solvers.solve_ivp_adaptive` (Dormand–Prince)
    with the same ``rtol`` and ``atol``.

    Parameters
    ----------
    f : callable
        ``f(t, h) -> dh/dt``.
    h0 : array_like, shape (d,) or (N, d)
    t_span : (float, float)
        ``(0, T)``; the backward solve runs over ``(T, 0)``.
    rtol, atol : float

    Returns
    -------
    (Solution, Solution)
        The forward solve (``y[-1]`` is the computed ``h(T)``) and the backward
        one (``t`` decreasing from ``T`` to 0; ``y[-1]`` is the rebuilt ``h(0)``).

    Notes
    -----
    Each solve keeps its local errors near the tolerance, but the backward solve
    also carries the forward solve's error in ``h(T)``, and errors evolve like
    nearby solutions: where the field contracts forward (eigenvalues with real
    part ``-a < 0``), running it backward multiplies them by up to ``e^{a T}``,
    so ``h`` rebuilt at 0 can be far from the ``h0`` it started from.
    """
    t0, t1 = validate_t_span(t_span)
    forward = solve_ivp_adaptive(f, (t0, t1), h0, rtol=rtol, atol=atol)
    backward = solve_ivp_adaptive(f, (t1, t0), forward.y[-1], rtol=rtol, atol=atol)
    return forward, backward


def relative_difference(a: GradientResult, b: GradientResult) -> float:
    """``|g_a - g_b| / |g_b|`` over all gradient entries (``h0`` and parameters)."""
    names = sorted(a.grad_params)
    ga = a.flat_grad(names)
    gb = b.flat_grad(names)
    denom = float(np.linalg.norm(gb))
    return float(np.linalg.norm(ga - gb)) / (denom if denom > 0.0 else 1.0)
