import os

import numpy as np
import pytest

from neural_odes.classifier import CLASSIFIER_HYPERPARAMS
from neural_odes.params import (flatten_params, params_from_json, params_to_json,
                                unflatten_params)
from neural_odes.trained import model_from_json
from neural_odes.training import cache as trained
from neural_odes.training.cache import cache_key, load_or_train

SMALL = dict(CLASSIFIER_HYPERPARAMS, iters=5, n_train=40, n_test=40, hidden=[4])


def test_json_round_trip_is_exact():
    p = {"W0": np.random.default_rng(0).standard_normal((3, 2)), "b0": np.array([0.1, 1e-300, -2.5])}
    back, meta = params_from_json(params_to_json(p, {"a": 1}))
    assert meta == {"a": 1}
    for k in p:
        np.testing.assert_array_equal(back[k], p[k])
    with pytest.raises(ValueError, match="^text must be JSON"):
        params_from_json("{}")
    with pytest.raises(ValueError, match="must be finite"):
        params_to_json({"x": np.array([np.nan])})


def test_flatten_round_trip():
    p = {"a": np.arange(6.0).reshape(2, 3), "b": np.array([7.0])}
    v = flatten_params(p)
    assert v.shape == (7,)
    back = unflatten_params(v, p)
    for k in p:
        np.testing.assert_array_equal(back[k], p[k])


def test_cache_key_depends_on_hyperparameters():
    assert cache_key("classifier", SMALL) != cache_key("classifier", dict(SMALL, iters=6))
    assert cache_key("classifier", SMALL) == cache_key("classifier", dict(SMALL))
    with pytest.raises(ValueError, match="^name must be one of cnf, classifier"):
        cache_key("gan")


def test_load_or_train_trains_once_then_loads(tmp_path):
    first = load_or_train("classifier", tmp_path, hp=SMALL)
    assert not first.from_cache and os.path.exists(first.path)
    second = load_or_train("classifier", tmp_path, hp=SMALL)
    assert second.from_cache and second.key == first.key
    for k in first.model.params:
        np.testing.assert_array_equal(first.model.params[k], second.model.params[k])
    third = load_or_train("classifier", tmp_path, hp=dict(SMALL, iters=6))
    assert not third.from_cache
    assert len([f for f in os.listdir(tmp_path) if f.endswith(".npz")]) == 1  # stale removed


def test_model_ships_as_json(tmp_path):
    res = load_or_train("classifier", tmp_path, hp=SMALL)
    model, meta = model_from_json(res.to_json())
    assert meta["name"] == "classifier" and meta["key"] == res.key
    x = np.array([[0.1, 0.2], [1.0, -1.0]])
    np.testing.assert_array_equal(model.flow(x).y[-1], res.model.flow(x).y[-1])


def test_cnf_ships_as_json(tmp_path):
    from neural_odes.flows import CNF_HYPERPARAMS

    hp = dict(CNF_HYPERPARAMS, iters=5, hidden=[6, 5], data_size=100, heldout_size=20)
    res = load_or_train("cnf", tmp_path, hp=hp)
    model, meta = model_from_json(res.to_json())
    assert meta["name"] == "cnf" and meta["info"]["hp"]["hidden"] == [6, 5]
    x = np.array([[0.1, 0.2], [1.0, -1.0]])
    np.testing.assert_array_equal(model.velocity(0.5, x), res.model.velocity(0.5, x))


def test_cache_key_covers_everything_training_imports():
    """Editing the step-size controller, the error norm or the validation must
    retrain: they are found from the import statements, not from a hand-kept list."""
    from neural_odes.training import classifier, cnf
    for trainer in (cnf, classifier):
        names = {m.__name__ for m in trained.dependencies(trainer)}
        assert {"neural_odes.solvers.controller", "neural_odes.solvers.norms",
                "neural_odes.solvers.validation", "neural_odes.fields", trainer.__name__} <= names
