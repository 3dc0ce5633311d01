"""Parameter dictionaries: flattening for ODE states and JSON for the browser.

Trained parameters are plain ``dict[str, ndarray]``. The adjoint carries the
parameter gradient inside its augmented state as one flat vector, and the build
ships trained parameters to the reader's browser as JSON; both conversions live
here and are pure (no file I/O).
"""

from __future__ import annotations

import json
import math

import numpy as np

__all__ = ["flatten_params", "unflatten_params", "params_to_json", "params_from_json"]


def flatten_params(params: dict, names=None) -> np.ndarray:
    """Concatenate arrays into one vector.

    Parameters
    ----------
    params : dict of ndarray
    names : sequence of str, optional
        Order of the keys (default: sorted keys).

    Returns
    -------
    ndarray, shape (P,)
    """
    names = sorted(params) if names is None else list(names)
    return np.concatenate([np.asarray(params[k], dtype=float).ravel() for k in names])


def unflatten_params(vector: np.ndarray, like: dict, names=None) -> dict:
    """Split a vector back into arrays shaped like ``like``.

    Parameters
    ----------
    vector : ndarray, shape (P,)
    like : dict of ndarray
        Supplies the shapes.
    names : sequence of str, optional
        The order used by :func:`flatten_params`.
    """
    names = sorted(like) if names is None else list(names)
    out = {}
    i = 0
    for k in names:
        shape = np.shape(like[k])
        size = int(np.prod(shape))
        out[k] = np.array(vector[i : i + size]).reshape(shape)
        i += size
    if i != np.size(vector):
        raise ValueError(f"vector has {np.size(vector)} entries, the parameters need {i}")
    return out



def params_to_json(params: dict, meta: dict | None = None) -> str:
    """Serialize parameters (and optional metadata) as a JSON string.

    Floats are written with ``repr`` precision, so a round trip is exact.

    Parameters
    ----------
    params : dict of ndarray
    meta : dict, optional
        JSON-serializable extras (architecture, hyper-parameters).

    Returns
    -------
    str
        ``{"params": {name: {"shape": [...], "data": [...]}}, "meta": {...}}``
    """
    body = {}
    for k in sorted(params):
        arr = np.asarray(params[k], dtype=float)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"params[{k!r}] must be finite to be written as JSON")
        body[k] = {"shape": list(arr.shape), "data": [float(x) for x in arr.ravel()]}
    return json.dumps({"params": body, "meta": meta or {}}, separators=(",", ":"))


def params_from_json(text: str) -> tuple[dict, dict]:
    """Inverse of :func:`params_to_json`.

    Returns
    -------
    params : dict of ndarray
    meta : dict
    """
    try:
        doc = json.loads(text)
        body = doc["params"]
    except (ValueError, KeyError, TypeError):
        raise ValueError("text must be JSON written by params_to_json") from None
    params = {}
    for k, entry in body.items():
        shape = tuple(int(s) for s in entry["shape"])
        data = np.array(entry["data"], dtype=float)
        if data.size != math.prod(shape):
            raise ValueError(f"params[{k!r}] has {data.size} values for shape {shape}")
        params[k] = data.reshape(shape)
    return params, doc.get("meta", {})
