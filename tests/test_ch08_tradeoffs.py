"""Chapter 8: the tradeoff curve of the trained classifier and the augment flows."""

import math

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.classifier import nfe_vs_tolerance
from neural_odes.fields import linear
from neural_odes.sims import augment as aug
from neural_odes.sims import trained_models, tradeoff as tr
from neural_odes.solvers import solve_ivp_adaptive


# -- tradeoff ---------------------------------------------------------------

def test_tolerance_mapping():
    assert tr.tolerance(0.0) == pytest.approx(1e-1)
    assert tr.tolerance(0.5) == pytest.approx(10 ** -4.5)
    assert tr.tolerance(1.0) == pytest.approx(1e-8)


def test_curve_spans_the_slider_and_costs_more_when_tighter():
    c = tr.curve()
    assert c["tol"][0] == pytest.approx(1e-1) and c["tol"][-1] == pytest.approx(1e-8)
    assert list(c["nfe"]) == sorted(c["nfe"])
    assert c["error"][0] > 1.0 and c["error"][-1] < 1e-7
    assert c["error"][-1] < c["error"][len(c["error"]) // 2] < c["error"][0]


@pytest.mark.parametrize("v", [0.0, 0.37, 0.5, 1.0])
def test_current_point_matches_the_package_measurement(v):
    model = trained_models.get("classifier")
    ref = nfe_vs_tolerance(model, tr._inputs(), tolerances=[tr.tolerance(v)], T=tr.T,
                           strength=tr.STRENGTH, reference_rtol=tr.REFERENCE_RTOL)
    nfe, err = tr.adaptive_point(v)
    assert nfe == ref["nfe"][0]
    assert err == pytest.approx(ref["error"][0], rel=1e-9)


def test_points_on_the_slider_grid_lie_on_the_curve():
    c = tr.curve()
    for k in (0, 7, 14):
        nfe, err = tr.adaptive_point(tr.CURVE_V[k])
        assert nfe == c["nfe"][k] and err == pytest.approx(c["error"][k], rel=1e-9)


def test_fixed_depth_point_is_8_rk4_steps():
    nfe, err = tr.fixed_point()
    assert nfe == 32  # 8 steps x 4 stages, no step-size probing
    assert 1e-3 < err < 0.1


def test_rk4_curve_is_the_same_field_with_more_fixed_steps():
    rk = tr.rk4_curve()
    assert list(rk["steps"]) == [8, 16, 24, 32, 48, 64, 96, 128]
    assert list(rk["nfe"]) == [4 * n for n in rk["steps"]]  # four stages a step, nothing else
    assert (rk["nfe"][0], rk["error"][0]) == tr.fixed_point()  # its first point is the trained depth
    assert np.all(np.diff(rk["error"]) < 0)
    # the measurements quoted in issue 9, reproduced with the book's code
    by_steps = dict(zip(rk["steps"].tolist(), rk["error"].tolist()))
    assert by_steps[16] == pytest.approx(5.8e-4, rel=0.05)
    assert by_steps[32] == pytest.approx(3.5e-5, rel=0.05)
    assert by_steps[64] == pytest.approx(2.3e-6, rel=0.05)


def test_rk4_errors_against_an_independent_scipy_solve():
    integrate = pytest.importorskip("scipy.integrate")
    field = trained_models.get("classifier").field(tr.STRENGTH)
    x = tr._inputs()
    ref = integrate.solve_ivp(lambda t, y: field(t, y.reshape(-1, 2)).ravel(), (0.0, tr.T), x.ravel(),
                              method="DOP853", rtol=1e-12, atol=1e-12).y[:, -1].reshape(-1, 2)
    rk = tr.rk4_curve()
    for steps, err in zip(rk["steps"], rk["error"]):
        end = trained_models.get("classifier").flow(x, T=tr.T, strength=tr.STRENGTH, steps=int(steps),
                                                    method="rk4").y[-1]
        independent = np.max(np.linalg.norm(end - ref, axis=1))
        assert err == pytest.approx(independent, rel=1e-2, abs=1e-9)


def test_rk4_is_fourth_order_and_beats_the_adaptive_solver_only_at_low_cost():
    from neural_odes.printed import ch08
    assert 14.0 < ch08.rk4_ratio() < 18.0
    assert printed.number("ch8.rk4_ratio") == "16"
    c, rk = tr.curve(), tr.rk4_curve()
    adaptive = lambda n: min(e for m, e in zip(c["nfe"], c["error"]) if m <= n)  # noqa: E731  best within budget
    for n, e in zip(rk["nfe"], rk["error"]):
        if n <= 64:
            assert e < adaptive(n)  # at low cost the fixed steps are ahead
    assert min(c["error"]) < rk["error"][rk["nfe"] <= max(c["nfe"])].min()  # at high cost the adaptive solver
    crossover = ch08.crossover_nfe()
    assert 64 < crossover < 256
    assert printed.number("ch8.crossover_nfe") == str(int(round(crossover, -1)))
    for n in (16, 32, 64, 128):
        nfe, err = tr.fixed_point(n)
        assert printed.number(f"ch8.rk4_{n}_nfe") == str(nfe)
        assert float(printed.number(f"ch8.rk4_{n}_error")) == pytest.approx(err, rel=0.05)


def test_scene_draws_the_rk4_curve():
    marks = sims.run("tradeoff", {"tol": 0.3})["panels"][0]["marks"]
    (curve_mark,) = [m for m in marks if m["type"] == "line" and (m.get("label") or "").startswith("fixed RK4")]
    rk = tr.rk4_curve()
    assert curve_mark["x"] == [float(n) for n in rk["nfe"]]
    np.testing.assert_allclose(curve_mark["y"], np.log10(rk["error"]), atol=1e-6)
    assert max(curve_mark["x"]) <= tr.XLIM[1] and min(curve_mark["y"]) >= tr.YLIM[0]


def test_scene_readouts_change_with_tolerance():
    loose = sims.run("tradeoff", {"tol": 0.1})["readouts"]
    tight = sims.run("tradeoff", {"tol": 0.9})["readouts"]
    assert loose["nfe"]["value"] < tight["nfe"]["value"]
    assert loose["error"]["value"] > 100 * tight["error"]["value"]
    assert loose["nfe"]["text"] == f"{loose['nfe']['value']} evaluations"
    assert sims.run("tradeoff", {"tol": 0.9}) == sims.run("tradeoff", {"tol": 0.9})


def test_highlighted_point_is_the_readout():
    scene = sims.run("tradeoff", {"tol": 0.5})
    r = scene["readouts"]
    last = scene["panels"][0]["marks"][-1]
    assert last["x"] == [r["nfe"]["value"]]
    assert last["y"][0] == pytest.approx(math.log10(r["error"]["value"]), abs=1e-6)


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("inf"), "0.5", None, False])
def test_bad_tol_raises(bad):
    with pytest.raises(ValueError, match="tol"):
        sims.run("tradeoff", {"tol": bad})


# -- augment ----------------------------------------------------------------

def test_one_d_squeeze_matches_the_closed_form():
    sol = aug.flow_1d()
    np.testing.assert_allclose(sol.y[-1, :, 0], aug.INPUTS * math.exp(-aug.SQUEEZE), atol=1e-7)
    # paths never overtake each other: the order of the points is kept at every step
    assert np.all(np.diff(sol.y[:, :, 0], axis=1) > 0)


def test_plain_max_error_is_one_plus_e_to_minus_three():
    scene = sims.run("augment", {"augmented": False})
    value = scene["readouts"]["max_error"]["value"]
    assert value == pytest.approx(1.0 + math.exp(-3.0), abs=1e-7)
    assert scene["readouts"]["max_error"]["text"] == "1.05"


@pytest.mark.parametrize("a", [-10.0, -3.0, -1.0, 0.0, 0.5, 2.0])
def test_no_linear_1d_flow_gets_below_an_error_of_one(a):
    # the chapter's bound: any 1-D flow keeps 1 above -1, so one output misses by >= 1
    sol = solve_ivp_adaptive(linear([[a]]), (0.0, 1.0), aug.INPUTS[:, None], rtol=1e-8, atol=1e-8)
    assert np.max(np.abs(sol.y[-1, :, 0] + aug.INPUTS)) >= 1.0 - 1e-9


def test_augmented_flow_turns_half_a_circle():
    sol = aug.flow_2d()
    np.testing.assert_allclose(sol.y[-1, :, 0], -aug.INPUTS, atol=1e-7)
    np.testing.assert_allclose(sol.y[-1, :, 1], 0.0, atol=1e-7)
    radius = np.hypot(sol.y[:, :, 0], sol.y[:, :, 1])
    np.testing.assert_allclose(radius, np.broadcast_to(np.abs(aug.INPUTS), radius.shape), atol=1e-7)
    # positive inputs go over the top, negative ones underneath: paths never meet
    mid = sol.y[:, :, 1]
    assert np.all(mid[:, aug.INPUTS > 0] >= -1e-7) and np.all(mid[:, aug.INPUTS < 0] <= 1e-7)
    assert np.all(mid[1:-1, aug.INPUTS > 0] > 0) and np.all(mid[1:-1, aug.INPUTS < 0] < 0)


def test_augmented_readout_and_panels():
    on = sims.run("augment", {"augmented": True})
    off = sims.run("augment", {"augmented": False})
    assert on["readouts"]["max_error"]["value"] < 1e-7
    assert on != off and len(on["panels"]) == len(off["panels"]) == 2
    assert sims.run("augment", {"augmented": True}) == on


@pytest.mark.parametrize("bad", [0, 1, "true", None])
def test_bad_augmented_raises(bad):
    with pytest.raises(ValueError, match="augmented"):
        sims.run("augment", {"augmented": bad})


# -- printed numbers ----------------------------------------------------------

def test_printed_numbers():
    c = tr.curve()
    assert printed.number("ch8.loose_nfe") == str(c["nfe"][0])
    assert printed.number("ch8.tight_nfe") == str(c["nfe"][-1])
    assert printed.number("ch8.fixed_nfe") == "32"
    assert printed.number("ch8.fixed_steps") == "8"
    assert printed.number("ch8.points") == "100"
    assert printed.number("ch8.squeeze") == "3"
    assert printed.number("ch8.squeeze_factor") == "0.050"  # e^-3 = 0.0498
    assert printed.number("ch8.plain_error") == "1.05"
    default = sims.run("tradeoff", {"tol": 0.5})["readouts"]
    assert printed.number("ch8.default_nfe") == str(default["nfe"]["value"])
    assert printed.number("ch8.default_error") == default["error"]["text"]
    # the adaptive curve at the fixed network's cost is worse than the fixed network
    near = float(printed.number("ch8.near_fixed_error"))
    assert printed.number("ch8.near_fixed_nfe") == "32"
    assert near > float(printed.number("ch8.fixed_error"))
