"""A Neural ODE classifier for two interleaved classes (chapter 7).

The input point ``h(0) = x`` in the plane flows along ``dh/dt = s * MLP(h)`` (field
strength ``s``) until time ``T``; a linear read-out ``sigmoid(w . h(T) + b)`` then
gives the probability of class 1. Training (at ``s = 1.5``, ``T = 1``) uses
backpropagation through a fixed-step RK4 solve, with Adam on the binary
cross-entropy. At inference any solver and tolerance may be used: the model does
not change, only how accurately (and at what NFE) its flow is computed.

The MLP is autonomous (no time input): the same weights act at every moment.
"""

from __future__ import annotations

import math

import numpy as np

from .adjoint import backprop_through_solver
from .controls import tolerance
from .datasets import two_moons
from .fields import MLPField
from .solvers import Solution, fixed_step, solve_ivp_adaptive

__all__ = ["CLASSIFIER_HYPERPARAMS", "NeuralODEClassifier", "classifier_data",
           "nfe_vs_tolerance"]

#: Hyper-parameters of the book's classifier (part of the cache key).
CLASSIFIER_HYPERPARAMS = {
    "hidden": [32],
    "seed": 0,
    "n_train": 400,
    "n_test": 1000,
    "noise": 0.1,
    "strength": 1.5,
    "T": 1.0,
    "steps": 8,
    "method": "rk4",
    "iters": 400,
    "lr": 0.02,
    "lr_final": 0.002,
    "state_penalty": 0.05,
}

_READOUT = ("w_out", "b_out")


def classifier_data(hp: dict | None = None):
    """The classifier's train and test sets (two moons, deterministic).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        ``x`` shape (n, 2), labels shape (n,) in {0, 1}.
    """
    hp = CLASSIFIER_HYPERPARAMS if hp is None else hp
    train = two_moons(hp["n_train"], noise=hp["noise"], seed=hp["seed"] + 10)
    test = two_moons(hp["n_test"], noise=hp["noise"], seed=hp["seed"] + 20)
    return train, test


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class NeuralODEClassifier:
    """Flow, then a linear read-out.

    Parameters
    ----------
    params : dict of ndarray, optional
        The MLP's ``W0, b0, W1, b1, ...`` and the read-out ``w_out`` (2,) and
        ``b_out`` (1,). Fresh initialisation when omitted.
    hidden : sequence of int
        Hidden widths of the MLP.
    seed : int
        Initialisation seed.
    """

    def __init__(self, params=None, hidden=(32,), seed=0):
        self.hidden = tuple(int(w) for w in hidden)
        if params is None:
            base = MLPField(2, self.hidden, seed=seed, init_gain=0.5)
            params = dict(base.params)
            params["w_out"] = np.array([0.0, 1.0])
            params["b_out"] = np.zeros(1)
        self.params = params
        mlp = {k: v for k, v in params.items() if k not in _READOUT}
        self._mlp = MLPField(2, self.hidden, params=mlp)

    def field(self, strength: float = 1.5) -> MLPField:
        """The vector field ``strength * MLP(h)`` (parameters shared)."""
        return self._mlp.with_scale(strength)

    def flow(self, x, *, T=1.0, strength=1.5, rtol=None, atol=None, steps=None,
             method=None):
        """Flow the points ``x`` from time 0 to ``T``.

        Parameters
        ----------
        x : array_like, shape (N, 2) or (2,)
        T : float
            Integration time (> 0).
        strength : float
            Factor on the field.
        rtol, atol : float, optional
            When given, the adaptive solver (``method`` default ``"dopri5"``)
            integrates the whole batch as one system.
        steps : int, optional
            Otherwise, this many fixed steps (``method`` default ``"rk4"``;
            default 8 steps per unit time).

        Returns
        -------
        Solution
            For ``T == 0`` the trivial solution: ``t = [0]``, ``y = [x]``, no NFE.
        """
        T = float(T)
        if not (math.isfinite(T) and T >= 0.0):
            raise ValueError(f"T must be a finite number >= 0, got {T!r}")
        if T == 0.0:
            x = np.array(x, dtype=float)
            return Solution(t=np.zeros(1), y=x[None], nfe=0, n_accepted=0, n_rejected=0,
                            step_sizes=np.zeros(0), method=method or "none")
        f = self.field(strength)
        if rtol is not None or atol is not None:
            rtol = 1e-6 if rtol is None else rtol
            atol = rtol if atol is None else atol
            return solve_ivp_adaptive(f, (0.0, T), x, rtol=rtol, atol=atol,
                                      method=method or "dopri5")
        n = steps if steps is not None else max(1, int(np.ceil(8 * T)))
        return fixed_step(f, (0.0, T), x, dt=T / n, method=method or "rk4")

    def logits(self, h):
        """Read-out ``w . h + b``, shape (N,)."""
        h = np.asarray(h, dtype=float)
        return h @ self.params["w_out"] + self.params["b_out"][0]

    def predict(self, h):
        """Class labels (0 or 1) of flowed points, shape (N,)."""
        return (self.logits(h) > 0.0).astype(int)

    def accuracy(self, h, labels) -> float:
        """Fraction of flowed points ``h`` that the read-out classifies right."""
        return float(np.mean(self.predict(h) == np.asarray(labels)))

    def decision_line(self):
        """The read-out's boundary ``w . h + b = 0`` as ``(w, b)``."""
        return self.params["w_out"].copy(), float(self.params["b_out"][0])

    def loss_and_grads(self, x, labels, hp):
        """Binary cross-entropy at ``h(T)`` (plus ``state_penalty / 2`` times the
        mean squared norm of ``h(T)``) and gradients of all parameters, by
        backprop through the fixed-step solver."""
        labels = np.asarray(labels, dtype=float)
        n = labels.size
        readout = {}

        def loss(hT):
            z = self.logits(hT)
            p = _sigmoid(z)
            # log(1 + e^z) - y z, written to stay finite for large |z|
            value = float(np.mean(np.logaddexp(0.0, z) - labels * z))
            dz = (p - labels) / n
            readout["w_out"] = hT.T @ dz
            readout["b_out"] = np.array([dz.sum()])
            # A small penalty on |h(T)|^2 keeps the flowed cloud near its
            # original scale (the cheap way to a margin would be to blow the
            # plane up), which keeps the picture readable and the field tame.
            lam = hp.get("state_penalty", 0.0)
            value += 0.5 * lam * float(np.sum(hT * hT)) / n
            return value, np.outer(dz, self.params["w_out"]) + (lam / n) * hT

        res = backprop_through_solver(self.field(hp["strength"]), x, loss,
                                      t_span=(0.0, hp["T"]), steps=hp["steps"],
                                      method=hp["method"])
        grads = dict(res.grad_params)
        grads.update(readout)
        return res.loss, grads


def nfe_vs_tolerance(model: NeuralODEClassifier, x, labels=None, tolerances=None, *,
                     T=1.0, strength=1.5, reference_rtol=1e-10):
    """NFE, end-point error and accuracy of the trained model across tolerances.

    Each tolerance uses ``rtol = atol = tol`` with the adaptive Dormand–Prince
    solver on the whole batch ``x`` as one system.

    Parameters
    ----------
    model : NeuralODEClassifier
    x : ndarray, shape (N, 2)
    labels : ndarray, shape (N,), optional
    tolerances : array_like, optional
        Default ``10**(-1 - 7 v)`` for ``v`` in ``linspace(0, 1, 8)``: 1e-1 to 1e-8.
    T, strength : float
    reference_rtol : float
        Tolerance of the reference solution for the error.

    Returns
    -------
    dict
        ``tol``, ``nfe`` (int array), ``error`` (max end-point distance to the
        reference) and, with labels, ``accuracy``; all shape (m,).
    """
    if tolerances is None:
        tolerances = tolerance(np.linspace(0.0, 1.0, 8))
    tolerances = np.asarray(tolerances, dtype=float)
    ref = model.flow(x, T=T, strength=strength, rtol=reference_rtol,
                     atol=reference_rtol).y[-1]
    nfe = np.empty(tolerances.size, dtype=int)
    err = np.empty(tolerances.size)
    acc = np.empty(tolerances.size)
    for i, tol in enumerate(tolerances):
        sol = model.flow(x, T=T, strength=strength, rtol=tol, atol=tol)
        nfe[i] = sol.nfe
        err[i] = float(np.max(np.linalg.norm(sol.y[-1] - ref, axis=-1)))
        if labels is not None:
            acc[i] = model.accuracy(sol.y[-1], labels)
    out = {"tol": tolerances, "nfe": nfe, "error": err}
    if labels is not None:
        out["accuracy"] = acc
    return out
