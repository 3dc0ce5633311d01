"""The trained models the simulations use (the CNF and the classifier), and the
tables computed from them.

In CPython (the build, the tests) they come from
``neural_odes.training.cache.load_or_train``,
which trains once and caches by content in the folder named by the environment
variable ``NEURAL_ODES_CACHE`` (the build and the test suite set it; nothing
here guesses a folder). In the browser the build ships their
parameters as JSON and the worker writes those a simulation uses (its module's
``TRAINED``) to the folder named by the environment variable
``NEURAL_ODES_TRAINED`` before calling it.
Loaded models are kept for the life of the process: the same model serves
every slider move.

A *table* is what a simulation computes from a trained model once for every
position of its slider, when one position takes far longer in the browser than a
slider move may (the density of chapter 6, the log-likelihood readout of its
``cnf`` simulation, chapter 8's cost of every tolerance). Its module computes it
(``compute_table()``, JSON text) and names its content (``table_key()``); in
CPython it is cached in the training cache folder under that key. A simulation
declares it in ``TRAINED`` like a model, the build ships it beside the trained
parameters, and the browser reads it the same way.
"""

import importlib
import os
from pathlib import Path

from .. import trained

#: table name -> module with ``table_key()`` and ``compute_table()``
TABLES = {"density": "neural_odes.sims.density", "cnf-loglik": "neural_odes.sims.cnf",
          "tradeoff": "neural_odes.sims.tradeoff"}
#: what a simulation may declare in ``TRAINED``: the trained models and the tables
NAMES = tuple(trained.MODELS) + tuple(TABLES)
ENV = "NEURAL_ODES_TRAINED"
CACHE_ENV = "NEURAL_ODES_CACHE"
_LOADED = {}  # name -> (model, info): a process cache, so each slider move reuses the model
_TABLES = {}  # name -> JSON text


def cache_dir():
    """The training cache folder, from ``NEURAL_ODES_CACHE``."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        raise RuntimeError(f"set {CACHE_ENV} to the folder of the training cache "
                           f"(the build uses <project>/.cache/trained)")
    return Path(folder)


def _load(name):
    if name not in _LOADED:
        shipped = os.environ.get(ENV)
        path = Path(shipped) / f"{name}.json" if shipped else None
        if path is not None and path.exists():
            model, meta = trained.model_from_json(path.read_text())
            _LOADED[name] = (model, meta.get("info", {}))
        else:
            from ..training.cache import load_or_train  # CPython only

            result = load_or_train(name, cache_dir())
            _LOADED[name] = (result.model, result.info)
    return _LOADED[name]


def get(name):
    """The trained model ``name`` ("cnf" or "classifier")."""
    return _load(name)[0]


def info(name):
    """Its training report (for example ``test_accuracy``, ``hp``)."""
    return _load(name)[1]


def table(name):
    """JSON text of the table ``name`` (see the module docstring)."""
    if name not in TABLES:
        raise ValueError(f"name must be one of {', '.join(TABLES)}; got {name!r}")
    if name not in _TABLES:
        shipped = os.environ.get(ENV)
        path = Path(shipped) / f"{name}.json" if shipped else None
        if path is not None and path.exists():
            _TABLES[name] = path.read_text()
        else:
            _TABLES[name] = _cached_table(name)
    return _TABLES[name]


def _cached_table(name):
    module = importlib.import_module(TABLES[name])
    folder = cache_dir()
    path = folder / f"{name}-{module.table_key()[:16]}.json"
    if path.exists():
        return path.read_text()
    text = module.compute_table()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{name}-*.json"):  # a stale table of older code
        old.unlink()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
    return text


def export_json(name):
    """JSON of ``name``'s parameters and report (or of the table ``name``), as the
    browser loads it (CPython only)."""
    if name in TABLES:
        return table(name)
    from ..training.cache import load_or_train  # CPython only

    return load_or_train(name, cache_dir()).to_json()
