"""The simulations of the book: one model function per simulation id.

A model lives in ``sims/<id>.py`` as a function named ``<id>``; it takes its
control values as keyword arguments, declared next to it with
:func:`neural_odes.controls.declare`, and returns a scene (see
:mod:`neural_odes.scene`). The build calls it for the fallback figure and the
browser calls it through :func:`run_json` on every control change. Modules are
imported on first use, so starting the runtime does not pay for all of them.
"""

import importlib
import json

from ..controls import declaration

#: every simulation id of the book (ids as in the page contract)
SIM_IDS = ("staircase", "euler", "field", "grid", "tolerance", "orders", "difficulty", "memory", "reconstruct", "cnf",
           "density", "classifier", "tradeoff", "augment", "playground")


def model(sim_id):
    """The model function of ``sim_id``."""
    if sim_id not in SIM_IDS:
        raise ValueError(f"unknown simulation id {sim_id!r}; known ids: {', '.join(SIM_IDS)}")
    try:
        module = importlib.import_module(f"{__name__}.{sim_id}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{sim_id}":
            raise
        raise ValueError(f"simulation {sim_id!r} has no model yet (expected sims/{sim_id}.py)") from None
    return getattr(module, sim_id)


def available():
    """Ids whose model module exists."""
    out = []
    for sim_id in SIM_IDS:
        try:
            model(sim_id)
        except ValueError:
            continue
        out.append(sim_id)
    return out


def controls(sim_id):
    """``{name: declaration}`` of the parameters ``sim_id`` takes (see
    :mod:`neural_odes.controls`), in the model's order."""
    return declaration(model(sim_id))


def trained(sim_id):
    """Names of the trained models ``sim_id`` uses (its module's ``TRAINED``),
    so the build ships exactly those to the browser."""
    return tuple(getattr(importlib.import_module(f"{__name__}.{sim_id}"), "TRAINED", ()))


def parameters(sim_id):
    """Names of the parameters a simulation takes, in declaration order."""
    return list(controls(sim_id))


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
