import numpy as np
import pytest

from neural_odes.classifier import (CLASSIFIER_HYPERPARAMS, NeuralODEClassifier,
                                    classifier_data, nfe_vs_tolerance)
from neural_odes.training.classifier import train_classifier
from neural_odes.datasets import two_moons
from finite_differences import partial


def test_data_is_deterministic_and_balanced():
    a, la = two_moons(101, seed=4)
    b, lb = two_moons(101, seed=4)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(la, lb)
    assert la.sum() == 51 and a.shape == (101, 2)
    (x, y), (xt, yt) = classifier_data()
    assert not np.allclose(x[:10], xt[:10])


def test_short_training_is_deterministic_and_learns():
    hp = dict(CLASSIFIER_HYPERPARAMS, iters=60, n_train=100, n_test=100, hidden=[8])
    m1, i1 = train_classifier(hp)
    m2, i2 = train_classifier(hp)
    for k in m1.params:
        np.testing.assert_array_equal(m1.params[k], m2.params[k])
    assert i1["train_accuracy"] == i2["train_accuracy"] > 0.85


def test_loss_gradient_against_finite_differences():
    hp = dict(CLASSIFIER_HYPERPARAMS, steps=3)
    model = NeuralODEClassifier(hidden=(5,), seed=1)
    x, y = two_moons(12, seed=3)
    _, grads = model.loss_and_grads(x, y, hp)
    loss = lambda: model.loss_and_grads(x, y, hp)[0]  # noqa: E731
    for k, idx in [("W0", (1, 0)), ("b1", (0,)), ("w_out", (1,)), ("b_out", (0,))]:
        assert grads[k][idx] == pytest.approx(partial(loss, model.params[k], idx), abs=1e-7), k


@pytest.mark.slow
def test_trained_classifier_reaches_95_percent(load_trained):
    res = load_trained("classifier")
    model = res.model
    (_, _), (xt, yt) = classifier_data()
    acc = model.accuracy(model.flow(xt, T=1.0, strength=1.5).y[-1], yt)
    assert acc >= 0.95
    assert res.info["test_accuracy"] == pytest.approx(acc)
    # The same model, solved adaptively at a middling tolerance, still separates.
    sol = model.flow(xt, T=1.0, strength=1.5, rtol=1e-4)
    assert model.accuracy(sol.y[-1], yt) >= 0.95

    curve = nfe_vs_tolerance(model, xt[:200], yt[:200])
    assert np.all(np.diff(curve["nfe"]) >= 0)  # tighter tolerance, more NFE
    assert curve["nfe"][-1] > 5 * curve["nfe"][0]
    assert curve["error"][-1] < 1e-5 < curve["error"][0]


def test_flow_at_time_zero_is_the_identity():
    model = NeuralODEClassifier(hidden=(4,), seed=0)
    x = np.array([[0.5, -0.5], [1.0, 2.0]])
    sol = model.flow(x, T=0.0, rtol=1e-3)
    assert sol.nfe == 0 and sol.t.tolist() == [0.0]
    np.testing.assert_array_equal(sol.y[-1], x)
    with pytest.raises(ValueError, match="^T must be a finite number >= 0"):
        model.flow(x, T=-1.0)
