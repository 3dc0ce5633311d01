"""The trained models as data: which model class and hyper-parameters each name
means, and their parameters to and from JSON (the form the browser receives).

Pure and file-free, so it runs in Pyodide; training them is
:mod:`neural_odes.training` (build time only).
"""

from __future__ import annotations

import json

from .classifier import CLASSIFIER_HYPERPARAMS, NeuralODEClassifier
from .flows import CNF, CNF_HYPERPARAMS
from .params import params_from_json, params_to_json

__all__ = ["MODELS", "model_from_params", "model_from_json", "model_json", "params_to_json",
           "params_from_json"]

#: name -> (model class, default hyper-parameters)
MODELS = {
    "cnf": (CNF, CNF_HYPERPARAMS),
    "classifier": (NeuralODEClassifier, CLASSIFIER_HYPERPARAMS),
}


def _entry(name):
    try:
        return MODELS[name]
    except (KeyError, TypeError):
        raise ValueError(f"name must be one of {', '.join(MODELS)}; got {name!r}") from None


def jsonable(obj):
    """``obj`` with numpy values turned into lists (what JSON can carry)."""
    return json.loads(json.dumps(obj, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))


def model_json(name: str, model, key: str, info: dict) -> str:
    """Parameters and training report of a trained model as JSON, for the browser."""
    return params_to_json(model.params, {"name": name, "key": key, "info": jsonable(info)})


def model_from_params(name: str, p: dict, hp: dict | None = None):
    """Rebuild a model object from its parameter dict."""
    cls, default_hp = _entry(name)
    hp = default_hp if hp is None else hp
    return cls(params=p, hidden=tuple(hp["hidden"]))


def model_from_json(text: str):
    """Inverse of :func:`model_json`.

    Returns
    -------
    model : CNF or NeuralODEClassifier
    meta : dict
    """
    p, meta = params_from_json(text)
    hp = meta.get("info", {}).get("hp")
    return model_from_params(meta["name"], p, hp), meta
