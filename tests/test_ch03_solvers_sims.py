"""Chapter 3: the tolerance and orders simulations and their printed numbers."""

import math

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.sims import orders as orders_mod
from neural_odes.sims import tolerance as tol_mod
from neural_odes.solvers import solve_ivp_adaptive


# --- tolerance -------------------------------------------------------------

@pytest.mark.parametrize("v, tol", [(0, 1e-1), (0.5, 10 ** -4.5), (1, 1e-8), (1 / 7, 1e-2)])
def test_slider_maps_to_powers_of_ten(v, tol):
    assert tol_mod.tolerance_of(v) == pytest.approx(tol, rel=1e-12)


def test_kepler_orbit_closes_after_one_period():
    # a very tight solve returns to the start: the error reference is exact
    sol = solve_ivp_adaptive(tol_mod.gravity, (0.0, tol_mod.PERIOD), tol_mod.start(), rtol=1e-12, atol=1e-12)
    assert np.hypot(*(sol.y[-1, :2] - tol_mod.start()[:2])) < 1e-8
    # energy -1/(2a) = -1/2 and the ellipse of orbit() passes through the start
    x, y, vx, vy = tol_mod.start()
    assert 0.5 * (vx * vx + vy * vy) - 1 / math.hypot(x, y) == pytest.approx(-0.5)
    ex, ey = tol_mod.orbit()
    assert (ex[0], ey[0]) == pytest.approx((x, y))


def test_tighter_tolerance_costs_more_and_errs_less():
    loose, mid, tight = (tol_mod.solve(v) for v in (0.0, 0.5, 1.0))
    assert loose.nfe < mid.nfe < tight.nfe
    assert tol_mod.end_error(loose) > tol_mod.end_error(mid) > tol_mod.end_error(tight)
    assert tol_mod.end_error(tight) < 1e-5


def test_nfe_accounting_of_dormand_prince():
    # six evaluations per attempt (FSAL), plus f(t0) and the initial-step probe
    for v in (0.0, 0.3, 0.5, 1.0):
        sol = tol_mod.solve(v)
        assert sol.nfe == 6 * (sol.n_accepted + sol.n_rejected) + 2


def test_steps_are_shortest_near_the_star():
    sol = tol_mod.solve(1.0)
    r = np.hypot(sol.y[:-1, 0], sol.y[:-1, 1])
    h = np.abs(sol.step_sizes)
    near, far = h[r < 0.5], h[r > 1.5]
    assert near.max() < far.min()


def test_tolerance_scene_readouts():
    s = sims.run("tolerance", {"tol": 0.5})
    r = s["readouts"]
    sol = tol_mod.solve(0.5)
    assert r["nfe"]["value"] == sol.nfe == 164
    assert r["accepted"]["text"] == "20" and r["rejected"]["text"] == "7"
    assert r["error"]["text"] == "0.00785"
    left, right = s["panels"]
    assert len(left["marks"][3]["x"]) == sol.n_accepted + 1          # a dot per accepted step
    assert len(right["marks"][2]["x"]) == sol.n_rejected             # a cross per rejected attempt
    assert right["marks"][2]["marker"] == "x"


def test_readouts_change_with_the_slider():
    a, b = sims.run("tolerance", {"tol": 0.2}), sims.run("tolerance", {"tol": 0.8})
    for name in ("nfe", "accepted", "error"):
        assert a["readouts"][name]["text"] != b["readouts"][name]["text"]
    assert sims.run("tolerance", {"tol": 0.37}) == sims.run("tolerance", {"tol": 0.37})


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "0.5", None, True])
def test_tolerance_rejects_bad_values(bad):
    with pytest.raises(ValueError, match="tol"):
        sims.run("tolerance", {"tol": bad})


# --- orders ----------------------------------------------------------------

@pytest.mark.parametrize("method, order", [("euler", 1), ("midpoint", 2), ("rk4", 4), ("dopri5", 5)])
def test_measured_slopes_near_the_orders(method, order):
    assert orders_mod.slope(method) == pytest.approx(order, abs=0.35)


def test_slope_is_a_least_squares_fit():
    nfe, err = orders_mod.runs("rk4")
    x, y = np.log(nfe), np.log(err)
    by_hand = -np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    assert orders_mod.slope("rk4") == pytest.approx(by_hand, rel=1e-10)


def test_halving_the_step_divides_the_error_by_two_to_the_order():
    for method, order in (("euler", 1), ("midpoint", 2), ("rk4", 4), ("dopri5", 5)):
        _, err = orders_mod.runs(method)
        assert err[-2] / err[-1] == pytest.approx(2 ** order, rel=0.15)


def test_nfe_per_step():
    per_step = {"euler": 1, "midpoint": 2, "rk4": 4}
    for method, k in per_step.items():
        nfe, _ = orders_mod.runs(method)
        assert list(nfe) == [k * n for n in orders_mod.STEP_COUNTS[method]]
    nfe, _ = orders_mod.runs("dopri5")
    assert list(nfe) == [6 * n + 1 for n in orders_mod.STEP_COUNTS["dopri5"]]  # FSAL


def test_orders_scene():
    s = sims.run("orders", {"method": "all"})
    assert [s["readouts"][f"slope_{m}"]["text"] for m in orders_mod.METHOD_NAMES] == ["1.03", "1.96", "3.94", "5.29"]
    marks = s["panels"][0]["marks"]
    assert all(m["color"] != "muted" for m in marks)
    one = sims.run("orders", {"method": "rk4"})
    colors = {m["text"]: m["color"] for m in one["panels"][0]["marks"] if m["type"] == "text"}
    assert colors == {"Euler": "muted", "midpoint": "muted", "RK4": "good", "Dormand–Prince": "muted"}
    assert one["panels"] != s["panels"]
    assert one["readouts"] == s["readouts"]


@pytest.mark.parametrize("bad", ["rk5", "", None, 3])
def test_orders_rejects_unknown_method(bad):
    with pytest.raises(ValueError, match="method"):
        sims.run("orders", {"method": bad})


# --- printed numbers -------------------------------------------------------

def test_printed_numbers():
    n = printed.number
    assert (n("ch3.loose_steps"), n("ch3.loose_nfe"), n("ch3.loose_error")) == ("5", "32", "5.0")
    assert (n("ch3.mid_tol"), n("ch3.mid_steps"), n("ch3.mid_rejected"), n("ch3.mid_nfe")) == ("3.2e-5", "20", "7", "164")
    assert n("ch3.mid_error") == "0.0079"
    assert (n("ch3.tight_nfe"), n("ch3.tight_error")) == ("530", "2.9e-6")
    assert n("ch3.nfe_ratio") == "17"        # 530 / 32 = 16.6
    assert [n(f"ch3.slope_{m}") for m in ("euler", "midpoint", "rk4", "dopri5")] == ["1.03", "1.96", "3.94", "5.29"]
    assert n("ch3.eccentricity") == "0.7"
    assert (n("ch3.calls_per_step"), n("ch3.start_calls")) == ("6", "2")   # 7 stages, FSAL; f(t0) + probe
    assert (n("ch3.loose_tol"), n("ch3.tight_tol")) == ("0.1", "1e-8")


def test_tables():
    sweep = printed.table("tolerance-sweep")
    assert [r[2] for r in sweep["rows"]] == ["32", "92", "164", "320", "530"]
    assert sweep["rows"][0][1] == "0.10" and sweep["rows"][-1][1] == "1.0e-8"
    slopes = printed.table("orders-slopes")
    assert [r[3] for r in slopes["rows"]] == ["1.03", "1.96", "3.94", "5.29"]


# --- the solver facts the chapter states -------------------------------------

def test_dormand_prince_facts():
    n = printed.number
    assert (n("ch3.stages"), n("ch3.order"), n("ch3.error_order")) == ("7", "5", "4")
    assert n("ch3.dp_nodes") == "0, 1/5, 3/10, 4/5, 8/9, 1, 1"


def test_controller_constants_are_the_solvers():
    from neural_odes.solvers.controller import Controller
    n = printed.number
    assert (n("ch3.safety"), n("ch3.min_factor"), n("ch3.max_factor"), n("ch3.max_shrink")) == ("0.9", "0.2", "10", "5")
    assert (n("ch3.q_plus_one"), n("ch3.growth_threshold")) == ("5", "0.59")
    c = Controller(4)  # defaults as the solver builds it for Dormand-Prince
    # the formula of the derivation, with the printed constants
    for err in (0.001, 0.3, 0.58, 0.6, 0.99):
        accepted, factor = c.decide(err, False)
        assert accepted and factor == pytest.approx(min(10.0, max(0.2, 0.9 * err ** -0.2)))
        assert (factor > 1) == (err < 0.9 ** 5)
    for err in (1.0, 2.0, 1e6):
        accepted, factor = c.decide(err, False)
        assert not accepted and factor == pytest.approx(max(0.2, 0.9 * err ** -0.2)) and factor <= 0.9
    assert c.decide(0.01, True) == (True, 1.0)    # no growth right after a rejection
    assert c.decide(0.0, False) == (True, 10.0)


def test_initial_step_heuristic_is_the_formula_of_the_derivation():
    from neural_odes.solvers.adaptive import initial_step
    tol = tol_mod.tolerance_of(0.5)
    y0 = tol_mod.start()
    f0 = tol_mod.gravity(0.0, y0)

    def norm(v, scale):
        return math.sqrt(float(np.mean((v / scale) ** 2)))

    scale = tol + tol * np.abs(y0)
    d0, d1 = norm(y0, scale), norm(f0, scale)
    h0 = 0.01 * d0 / d1
    d2 = norm(tol_mod.gravity(h0, y0 + h0 * f0) - f0, scale) / h0
    expected = min(100 * h0, (0.01 / max(d1, d2)) ** (1 / 5), tol_mod.PERIOD)
    got = initial_step(tol_mod.gravity, 0.0, y0, f0, 1.0, 4, tol, tol, tol_mod.PERIOD)
    assert got == pytest.approx(expected, rel=1e-12)
    assert printed.number("ch3.first_step") == "0.030"


def test_nfe_is_two_plus_six_per_attempt_at_every_slider_position():
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        sol = tol_mod.solve(v)
        assert sol.nfe == 2 + 6 * (sol.n_accepted + sol.n_rejected)


def test_end_point_error_is_many_times_the_tolerance():
    n = printed.number
    assert (n("ch3.error_ratio_min"), n("ch3.error_ratio_max"), n("ch3.tight_error_ratio")) == ("50", "391", "289")
    for v in (0.0, 0.25, 0.5, 0.75, 1.0):
        assert tol_mod.end_error(tol_mod.solve(v)) > 10 * tol_mod.tolerance_of(v)


def test_euler_would_need_tens_of_millions_to_match_dopri5():
    from neural_odes.printed.ch03 import euler_evaluations_to_match
    dp_nfe, dp_err, euler_nfe = euler_evaluations_to_match()
    assert dp_nfe == 97 and 4e-9 < dp_err < 6e-9
    assert 4e7 < euler_nfe < 7e7
    assert (printed.number("ch3.match_dp_nfe"), printed.number("ch3.match_dp_error"),
            printed.number("ch3.match_euler_millions")) == ("97", "5.2e-9", "53")


def test_tolerance_scaling_exercise():
    n = printed.number
    assert (n("ch3.scaling_from"), n("ch3.scaling_to"), n("ch3.scaling_decades")) == ("0.5", "1.0", "3.5")
    assert (n("ch3.scaling_tol_ratio"), n("ch3.scaling_step_prediction")) == ("3162", "5.0")
    assert (n("ch3.scaling_accepted_from"), n("ch3.scaling_accepted_to")) == ("20", "83")
    assert (n("ch3.scaling_nfe_from"), n("ch3.scaling_nfe_to")) == ("164", "530")
    assert (n("ch3.scaling_accepted_ratio"), n("ch3.scaling_nfe_ratio"), n("ch3.scaling_error_ratio")) == \
        ("4.15", "3.23", "2721")
    # the readouts of the simulation at the two settings are these numbers
    r = sims.run("tolerance", {"tol": 1.0})["readouts"]
    assert (r["nfe"]["value"], r["accepted"]["value"], r["rejected"]["value"]) == (530, 83, 5)


def test_step_count_approaches_tolerance_to_the_minus_one_fifth():
    # the claim of exercise 3.3: past the slider's range, steps grow 10^(1/5) per decade
    counts = [solve_ivp_adaptive(tol_mod.gravity, (0.0, tol_mod.PERIOD), tol_mod.start(), rtol=t, atol=t,
                                 max_steps=100000).n_accepted for t in (1e-10, 1e-12)]
    assert np.log10(counts[1] / counts[0]) / 2 == pytest.approx(0.2, abs=0.01)
