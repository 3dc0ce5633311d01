"""Training the continuous normalizing flow of chapter 6 by flow matching, with Adam
and a geometric learning-rate decay."""

from __future__ import annotations

import numpy as np

from ..datasets import two_moons
from ..flows import CNF, CNF_HYPERPARAMS, heldout_data
from .blas import single_threaded_blas
from .optim import Adam

__all__ = ["train_cnf"]


def train_cnf(hp: dict | None = None, *, verbose: bool = False) -> tuple[CNF, dict]:
    """Train the book's CNF on two moons by flow matching (deterministic).

    Parameters
    ----------
    hp : dict, optional
        Hyper-parameters; defaults to :data:`CNF_HYPERPARAMS`.

    Returns
    -------
    model : CNF
    info : dict
        ``final_loss`` (mean of the last 100 steps), ``heldout_loglik`` (mean
        log-likelihood of held-out two-moons points, RK4 with 20 steps) and ``hp``.
    """
    hp = dict(CNF_HYPERPARAMS if hp is None else hp)
    with single_threaded_blas():
        return _train_cnf(hp, verbose)


def _train_cnf(hp, verbose):
    rng = np.random.default_rng(hp["seed"])
    data, _ = two_moons(hp["data_size"], noise=hp["data_noise"], seed=hp["seed"] + 1)
    model = CNF(hidden=hp["hidden"], seed=hp["seed"])
    opt = Adam(model.params, lr=hp["lr"])
    iters, B = hp["iters"], hp["batch"]
    decay = (hp["lr_final"] / hp["lr"]) ** (1.0 / max(1, iters - 1))
    losses = []
    for it in range(iters):
        x1 = data[rng.integers(0, data.shape[0], B)]
        x0 = rng.standard_normal((B, 2))
        t = rng.uniform(0.0, 1.0, B)
        loss, grads = model.flow_matching_loss(x0, x1, t)
        opt.step(grads, lr=hp["lr"] * decay ** it)
        losses.append(loss)
        if verbose and it % 500 == 0:
            print(f"cnf iter {it}: loss {loss:.4f}")
    heldout = heldout_data(hp)
    loglik, _ = model.log_density(heldout, steps=20)
    return model, {"final_loss": float(np.mean(losses[-100:])),
                   "heldout_loglik": float(np.mean(loglik)), "hp": hp}
