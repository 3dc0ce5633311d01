"""Chapter 6: the cnf simulation and the printed numbers, against closed forms
and independent solves."""

import json
import math

import numpy as np
import pytest

from neural_odes import flows, printed, sims
from neural_odes.datasets import standard_normal
from neural_odes.fields import linear
from neural_odes.formatting import fixed
from neural_odes.printed import ch06
from neural_odes.sims import cnf as sim
from neural_odes.sims import trained_models
from neural_odes.solvers import fixed_step, solve_ivp_adaptive


def _numbers_in(obj):
    if isinstance(obj, dict):
        return sum(_numbers_in(v) for v in obj.values())
    if isinstance(obj, list):
        return sum(_numbers_in(v) for v in obj)
    return 1 if isinstance(obj, (int, float)) and not isinstance(obj, bool) else 0


def test_linear_worked_example_by_hand():
    # f(h) = -h/2 in the plane: divergence -1, so log p rises by exactly 1 in one unit of time
    assert printed.number("ch6.rate") == "-0.5"
    assert printed.number("ch6.div") == "-1"
    assert printed.number("ch6.logp0_origin") == "-1.838"  # -log(2 pi)
    assert printed.number("ch6.logp1_origin") == "-0.838"
    assert printed.number("ch6.density0_origin") == "0.159"  # 1 / (2 pi)
    assert printed.number("ch6.density1_origin") == "0.433"  # e / (2 pi)
    assert printed.number("ch6.density_factor") == "2.718"
    assert printed.number("ch6.rise") == "1"
    assert math.e / (2 * math.pi) == pytest.approx(0.43263, abs=1e-5)


def test_linear_log_density_matches_closed_form_away_from_origin():
    # h(1) = x means h(0) = x e^{1/2}; log p1(x) = log N(x e^{1/2}) + 1
    x = np.array([[0.3, -0.7], [1.2, 0.4]])
    logp, _ = flows.log_density(linear(-0.5 * np.eye(2)), x, rtol=1e-10, atol=1e-10)
    exact = flows.gaussian_log_density(x * math.exp(0.5)) + 1.0
    assert np.allclose(logp, exact, atol=1e-8)


def test_cloud_starts_as_the_seeded_gaussian():
    assert np.array_equal(sim.cloud_at(0.0), standard_normal(sim.N_SAMPLES, seed=sim.SAMPLE_SEED))


def test_loglik_at_time_zero_is_the_gaussian_closed_form():
    x = flows.heldout_data(trained_models.info("cnf")["hp"])[: sim.N_HELDOUT]
    closed = np.mean(-0.5 * np.sum(x * x, axis=1) - math.log(2 * math.pi))
    assert sim.loglik_at(0.0) == pytest.approx(closed, rel=1e-12)
    assert printed.number("ch6.loglik_start") == fixed(closed, 3)


def test_loglik_at_the_end_matches_a_tight_adaptive_solve():
    model = trained_models.get("cnf")
    x = flows.heldout_data(trained_models.info("cnf")["hp"])[: sim.N_HELDOUT]
    tight, _ = model.log_density(x, rtol=1e-9, atol=1e-9)
    assert sim.loglik_at(1.0) == pytest.approx(float(np.mean(tight)), abs=2e-3)
    # the trained flow explains held-out data far better than the Gaussian it starts from
    assert sim.loglik_at(1.0) > sim.loglik_at(0.0) + 0.5


def test_frames_match_a_direct_rk4_solve_and_a_tight_one():
    field = trained_models.get("cnf").field
    z0 = sim.cloud_at(0.0)
    direct = fixed_step(field, (0.0, 0.36), z0, dt=sim.FRAME_DT, method="rk4").y[-1]
    assert np.allclose(sim.cloud_at(0.36), direct, atol=1e-10)
    for t in (0.37, 0.555, 1.0):  # on the frame grid, between frames, off the slider's grid
        ref = solve_ivp_adaptive(field, (0.0, t), z0, rtol=1e-10, atol=1e-10).y[-1]
        assert np.allclose(sim.cloud_at(t), ref, atol=1e-5)


def test_flow_is_invertible_by_running_time_backward():
    assert float(printed.number("ch6.roundtrip_error")) < 1e-6


def test_printed_numbers_are_what_the_simulation_shows():
    s0 = sims.run("cnf", {"time": 0})
    s1 = sims.run("cnf", {"time": 1.0})
    assert s0["readouts"]["loglik"]["text"].split()[0] == printed.number("ch6.loglik_start")
    assert s1["readouts"]["loglik"]["text"].split()[0] == printed.number("ch6.loglik_end")
    times, curve = ch06.loglik_curve()
    low = int(np.argmin(curve))
    assert printed.number("ch6.loglik_low") == fixed(curve[low], 3)
    assert float(printed.number("ch6.loglik_low")) < float(printed.number("ch6.loglik_start"))
    assert 0 < times[low] < 1
    assert printed.number("ch6.n_samples") == str(sim.N_SAMPLES)
    assert printed.number("ch6.n_heldout") == str(sim.N_HELDOUT)
    hp = trained_models.info("cnf")["hp"]
    assert printed.number("ch6.hidden_width") == str(hp["hidden"][0])
    assert printed.number("ch6.iters") == str(hp["iters"]) and printed.number("ch6.data_size") == str(hp["data_size"])


def test_readouts_change_with_time_and_start_with_the_value():
    texts = {t: sims.run("cnf", {"time": t})["readouts"] for t in (0.0, 0.25, 0.5, 0.75, 1.0)}
    assert len({r["loglik"]["text"] for r in texts.values()}) == 5
    for t, r in texts.items():
        assert r["time"]["text"] == fixed(t, 2)
        float(r["loglik"]["text"].split()[0])


def test_scene_is_deterministic_and_small():
    a = sims.run("cnf", {"time": 0.42})
    sim._MEMO.clear()
    b = sims.run("cnf", {"time": 0.42})
    assert json.dumps(a) == json.dumps(b)
    assert _numbers_in(a) < 6000


def test_drawing_changes_with_time():
    a = sims.run("cnf", {"time": 0.3})["panels"][0]["marks"]
    b = sims.run("cnf", {"time": 0.6})["panels"][0]["marks"]
    assert a != b


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "0.5", None, True])
def test_bad_time_raises(bad):
    with pytest.raises(ValueError, match="time"):
        sims.run("cnf", {"time": bad})
