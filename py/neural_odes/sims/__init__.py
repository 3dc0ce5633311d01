"""The simulations of the book: one model function per simulation id.

A model takes its control values as keyword arguments and returns a scene
(see :mod:`neural_odes.scene`). The build calls it for the fallback figure and
the browser calls it through :func:`run_json` on every control change.
"""

import inspect
import json

from .euler import euler

#: simulation id (as used in the ``sim`` directive and ``data-sim``) -> model
MODELS = {
    "euler": euler,
}


def parameters(sim_id):
    """Names of the controls a simulation takes, in signature order."""
    return list(inspect.signature(model(sim_id)).parameters)


def model(sim_id):
    try:
        return MODELS[sim_id]
    except KeyError:
        raise ValueError(f"unknown simulation id {sim_id!r}; known ids: {', '.join(sorted(MODELS))}") from None


def run(sim_id, params):
    """Call the model of ``sim_id`` with ``params`` (a dict) and return its scene."""
    expected = set(parameters(sim_id))
    unknown, missing = set(params) - expected, expected - set(params)
    if unknown or missing:
        raise ValueError(f"simulation {sim_id!r} takes {sorted(expected)}; "
                         f"unknown {sorted(unknown)}, missing {sorted(missing)}")
    return model(sim_id)(**params)


def run_json(sim_id, params_json):
    """Entry point for the browser worker: JSON in, JSON out."""
    return json.dumps(run(sim_id, json.loads(params_json)), separators=(",", ":"))
