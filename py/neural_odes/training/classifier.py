"""Training the Neural ODE classifier of chapter 7: backpropagation through a
fixed-step RK4 solve, Adam, and a geometric learning-rate decay."""

from __future__ import annotations

from ..classifier import CLASSIFIER_HYPERPARAMS, NeuralODEClassifier, classifier_data
from .blas import single_threaded_blas
from .optim import Adam

__all__ = ["train_classifier"]


def train_classifier(hp: dict | None = None, *, verbose: bool = False):
    """Train the book's classifier (deterministic for given hyper-parameters).

    Returns
    -------
    model : NeuralODEClassifier
    info : dict
        ``train_accuracy``, ``test_accuracy`` (fixed-step RK4 at ``T``),
        ``final_loss`` and ``hp``.
    """
    hp = dict(CLASSIFIER_HYPERPARAMS if hp is None else hp)
    with single_threaded_blas():
        return _train_classifier(hp, verbose)


def _train_classifier(hp, verbose):
    (x, y), (xt, yt) = classifier_data(hp)
    model = NeuralODEClassifier(hidden=hp["hidden"], seed=hp["seed"])
    opt = Adam(model.params, lr=hp["lr"])
    iters = hp["iters"]
    decay = (hp["lr_final"] / hp["lr"]) ** (1.0 / max(1, iters - 1))
    loss = float("nan")
    for it in range(iters):
        loss, grads = model.loss_and_grads(x, y, hp)
        opt.step(grads, lr=hp["lr"] * decay ** it)
        if verbose and it % 100 == 0:
            print(f"classifier iter {it}: loss {loss:.4f}")
    kw = dict(T=hp["T"], strength=hp["strength"], steps=hp["steps"], method=hp["method"])
    info = {
        "final_loss": loss,
        "train_accuracy": model.accuracy(model.flow(x, **kw).y[-1], y),
        "test_accuracy": model.accuracy(model.flow(xt, **kw).y[-1], yt),
        "hp": hp,
    }
    return model, info
