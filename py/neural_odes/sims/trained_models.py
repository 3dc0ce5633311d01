"""The trained models the simulations use (the CNF and the classifier).

In CPython (the build, the tests) they come from ``trained.load_or_train``,
which trains once and caches by content in the folder named by the environment
variable ``NEURAL_ODES_CACHE`` (the build and the test suite set it; nothing
here guesses a folder). In the browser the build ships their
parameters as JSON and the worker writes those a simulation uses (its module's
``TRAINED``) to the folder named by the environment variable
``NEURAL_ODES_TRAINED`` before calling it.
Loaded models are kept for the life of the process: the same model serves
every slider move.
"""

import os
from pathlib import Path

from .. import trained

NAMES = tuple(trained.MODELS)
ENV = "NEURAL_ODES_TRAINED"
CACHE_ENV = "NEURAL_ODES_CACHE"
_LOADED = {}  # name -> (model, info): a process cache, so each slider move reuses the model


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
            result = trained.load_or_train(name, cache_dir())
            _LOADED[name] = (result.model, result.info)
    return _LOADED[name]


def get(name):
    """The trained model ``name`` ("cnf" or "classifier")."""
    return _load(name)[0]


def info(name):
    """Its training report (for example ``test_accuracy``, ``hp``)."""
    return _load(name)[1]


def export_json(name):
    """JSON of ``name``'s parameters and report, as the browser loads them (CPython only)."""
    return trained.load_or_train(name, cache_dir()).to_json()
