"""Build-time training with a content-keyed cache.

``load_or_train("cnf", cache_dir)`` returns the trained model, training it only
when no cached parameters match the *current* training code and
hyper-parameters: the cache key is a hash of the source of every module the
training depends on (the training module and, transitively, every module of the
package it imports, found from the import statements, so none can be forgotten)
plus the hyper-parameters, so editing the code or a hyper-parameter retrains,
and anything else reuses the ``.npz`` file. The folder is always passed in.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import os
import time
from dataclasses import dataclass, field

import numpy as np

from ..trained import MODELS as _MODELS, jsonable, model_from_params, model_json
from . import classifier, cnf

__all__ = ["TRAINERS", "TrainedModel", "cache_key", "dependencies", "load_or_train", "table_key", "train"]

#: name -> (training function, the module that trains it: the cache key covers it
#: and everything it imports)
TRAINERS = {
    "cnf": (cnf.train_cnf, cnf),
    "classifier": (classifier.train_classifier, classifier),
}
assert TRAINERS.keys() == _MODELS.keys()


def _imported(module):
    """Names of the package's modules that ``module`` imports (relative or absolute)."""
    package = __name__.split(".")[0]
    here = module.__name__ if hasattr(module, "__path__") else module.__name__.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = here.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != package:
                continue
            out.add(base)
            for alias in node.names:  # `from . import flows` names a module
                out.add(f"{base}.{alias.name}")
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == package)
    return out


def dependencies(module):
    """Every module of the package that ``module`` depends on, itself included,
    following imports transitively; sorted by name."""
    seen, todo = {}, [module]
    while todo:
        mod = todo.pop()
        if mod.__name__ in seen:
            continue
        seen[mod.__name__] = mod
        for name in _imported(mod):
            try:
                todo.append(importlib.import_module(name))
            except ModuleNotFoundError:
                pass  # `from .x import some_function`: not a module
    return [seen[name] for name in sorted(seen)]


def _entry(name):
    """(training function, trainer module, default hyper-parameters) of ``name``."""
    if name not in TRAINERS:
        raise ValueError(f"name must be one of {', '.join(TRAINERS)}; got {name!r}")
    fn, trainer = TRAINERS[name]
    return fn, trainer, _MODELS[name][1]


@dataclass
class TrainedModel:
    """A trained model and where it came from.

    Attributes
    ----------
    name : str
        ``"cnf"`` or ``"classifier"``.
    model : CNF or NeuralODEClassifier
    info : dict
        Training report (e.g. ``test_accuracy``, ``final_loss``,
        ``train_seconds``, ``hp``), stored with the parameters.
    key : str
        The cache key (hex digest).
    from_cache : bool
        True when the parameters were loaded rather than trained now.
    """

    name: str
    model: object
    info: dict
    key: str
    from_cache: bool = False
    path: str | None = field(default=None)

    def to_json(self) -> str:
        """Parameters and training report as JSON, for the browser."""
        return model_json(self.name, self.model, self.key, self.info)


def cache_key(name: str, hp: dict | None = None) -> str:
    """Hash of the training code's source and the hyper-parameters.

    Parameters
    ----------
    name : str
    hp : dict, optional
        Defaults to the model's default hyper-parameters.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    _, trainer, default_hp = _entry(name)
    hp = default_hp if hp is None else hp
    digest = hashlib.sha256()
    digest.update(name.encode())
    for module in dependencies(trainer):
        digest.update(module.__name__.encode())
        digest.update(inspect.getsource(module).encode())
    digest.update(json.dumps(hp, sort_keys=True).encode())
    return digest.hexdigest()


def train(name: str, hp: dict | None = None, *, verbose: bool = False) -> TrainedModel:
    """Train now, without any cache."""
    fn, _, default_hp = _entry(name)
    hp = dict(default_hp if hp is None else hp)
    start, cpu_start = time.perf_counter(), time.process_time()
    model, info = fn(hp, verbose=verbose)
    info = dict(info)
    info["train_seconds"] = time.perf_counter() - start
    info["train_cpu_seconds"] = time.process_time() - cpu_start
    return TrainedModel(name, model, jsonable(info), cache_key(name, hp))


def load_or_train(name: str, cache_dir, *, hp: dict | None = None,
                  verbose: bool = False) -> TrainedModel:
    """Load cached parameters for ``name`` or train and cache them.

    Parameters
    ----------
    name : str
        ``"cnf"`` or ``"classifier"``.
    cache_dir : str or path-like
        Directory of the ``.npz`` files (created if missing). The file is
        ``<name>-<first 16 hex digits of the key>.npz``; stale files of the same
        name are removed when a new one is written.
    hp : dict, optional
        Hyper-parameters (defaults of the model when omitted).

    Returns
    -------
    TrainedModel
    """
    _, _, default_hp = _entry(name)
    hp = dict(default_hp if hp is None else hp)
    key = cache_key(name, hp)
    cache_dir = os.fspath(cache_dir)
    path = os.path.join(cache_dir, f"{name}-{key[:16]}.npz")
    if os.path.exists(path):
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["__meta__"]))
                p = {k: np.array(data[k]) for k in data.files if k != "__meta__"}
            if meta.get("key") == key:
                return TrainedModel(name, model_from_params(name, p, hp), meta["info"],
                                    key, from_cache=True, path=path)
        except (OSError, ValueError, KeyError):
            pass  # unreadable or foreign file: retrain and overwrite it
    result = train(name, hp, verbose=verbose)
    os.makedirs(cache_dir, exist_ok=True)
    for old in os.listdir(cache_dir):
        if old.startswith(f"{name}-") and old.endswith(".npz"):
            os.remove(os.path.join(cache_dir, old))
    meta = json.dumps({"key": key, "info": result.info})
    tmp = path + ".tmp.npz"
    np.savez(tmp, __meta__=np.array(meta), **result.model.params)
    os.replace(tmp, path)
    result.path = path
    return result


def table_key(name: str, *modules) -> str:
    """Content key of a table computed from trained model ``name`` by ``modules``
    (see :mod:`neural_odes.sims.trained_models`): the model's cache key and the
    modules' source, constants included."""
    digest = hashlib.sha256()
    digest.update(cache_key(name).encode())
    for module in modules:
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()
