"""Chapter 4: the difficulty simulation and the printed numbers (NFE, stiffness)."""

import math

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.fields import turbulent
from neural_odes.printed import ch04
from neural_odes.sims.difficulty import CALM_START, TOL, TURBULENT_START, solve_both
from neural_odes.solvers import solve_ivp_adaptive


def test_no_turbulence_means_the_same_cost_and_a_straight_drift():
    calm, rough = solve_both(0.0)
    assert calm.nfe == rough.nfe == 20
    # uniform drift (1, 0) for time 4: exact end points
    np.testing.assert_allclose(calm.y[-1], CALM_START + [4.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(rough.y[-1], TURBULENT_START + [4.0, 0.0], atol=1e-12)


def test_same_solver_same_tolerance_for_both():
    f = turbulent(0.5)
    calm, rough = solve_both(0.5)
    for start, sol in ((CALM_START, calm), (TURBULENT_START, rough)):
        ref = solve_ivp_adaptive(f, f.t_span, start, rtol=TOL, atol=TOL)
        assert ref.nfe == sol.nfe
        np.testing.assert_array_equal(ref.y, sol.y)
    assert TOL == 10 ** -4.5


def test_turbulent_particle_costs_more_and_more():
    nfe = {s: solve_both(s)[1].nfe for s in (0.0, 0.25, 0.5, 0.75, 1.0)}
    values = list(nfe.values())
    assert values == sorted(values) and values[-1] > 20 * values[0]
    for s in (0.25, 0.5, 0.75, 1.0):
        calm, rough = solve_both(s)
        assert rough.nfe > 3 * calm.nfe


@pytest.mark.parametrize("s", [round(0.01 * k, 2) for k in range(0, 101, 3)] + [0.85, 0.9, 1.0])
def test_turbulent_particle_crosses_the_vortices_at_every_setting(s):
    # The start point was chosen so the path is never caught in a vortex (it
    # would hide as a tiny loop at the start).
    _, rough = solve_both(s)
    assert rough.y[-1, 0] > 0.5
    assert 0.8 < rough.y[:, 1].min() and rough.y[:, 1].max() < 1.65


def test_scene_readouts_and_dots():
    scene = sims.run("difficulty", {"turbulence": 0.5})
    calm, rough = solve_both(0.5)
    r = scene["readouts"]
    assert r["nfe_calm"] == {"value": calm.nfe, "text": f"{calm.nfe} evaluations"}
    assert r["nfe_turbulent"] == {"value": rough.nfe, "text": f"{rough.nfe} evaluations"}
    marks = scene["panels"][0]["marks"]
    dots = [m for m in marks if m["type"] == "points"]
    assert [len(m["x"]) for m in dots] == [calm.n_accepted + 1, rough.n_accepted + 1]
    assert "tolerance 3.16e-5" in scene["alt"]


def test_readouts_change_with_the_slider_and_scene_is_deterministic():
    a = sims.run("difficulty", {"turbulence": 0.2})
    b = sims.run("difficulty", {"turbulence": 0.8})
    assert a["readouts"]["nfe_turbulent"]["value"] < b["readouts"]["nfe_turbulent"]["value"]
    assert sims.run("difficulty", {"turbulence": 0.8}) == b


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "0.5", None, True])
def test_bad_turbulence_raises(bad):
    with pytest.raises(ValueError, match="turbulence"):
        sims.run("difficulty", {"turbulence": bad})


def test_stiff_closed_form():
    # h' = -lam (h - cos t), h(0) = 1: check the formula against its own ODE
    for lam in (1.0, 1000.0):
        t, eps = 0.7, 1e-6
        h = ch04.stiff_exact(lam, t)
        dh = (ch04.stiff_exact(lam, t + eps) - ch04.stiff_exact(lam, t - eps)) / (2 * eps)
        assert dh == pytest.approx(-lam * (h - math.cos(t)), rel=1e-6, abs=1e-6)
        assert ch04.stiff_exact(lam, 0.0) == pytest.approx(1.0)


def test_stiffness_burns_nfe_without_gaining_accuracy():
    runs = ch04.stiff_runs()
    nfes = [runs[lam][0] for lam in ch04.STIFFNESS]
    assert nfes == sorted(nfes) and nfes[-1] > 50 * nfes[0]
    for lam in ch04.STIFFNESS:
        assert runs[lam][1] < 1e-5  # every run meets the tolerance about equally
    # the stiffest run is about as accurate as the mildest, not better
    assert runs[1000.0][1] > 0.5 * runs[1.0][1]
    assert ch04.STIFF_TOL == 1e-5


def test_a_looser_tolerance_does_not_rescue_the_stiff_run():
    tight, loose = ch04.stiff_runs(1e-5), ch04.stiff_runs(1e-4)
    assert loose[1000.0][0] > 0.8 * tight[1000.0][0]  # stability, not accuracy, limits the steps
    assert loose[1.0][0] < tight[1.0][0]  # the mild problem does get cheaper
    assert printed.number("ch4.stiff_nfe_1000_loose") == str(loose[1000.0][0])


def test_printed_numbers():
    calm, rough = solve_both(0.5)
    assert printed.number("ch4.tol_exponent") == "-4.5"
    assert printed.number("ch4.calm_default") == str(calm.nfe)
    assert printed.number("ch4.turbulent_default") == str(rough.nfe)
    assert printed.number("ch4.ratio_default") == f"{rough.nfe / calm.nfe:.1f}"
    assert printed.number("ch4.nfe_zero") == "20"
    assert printed.number("ch4.turbulent_max") == str(solve_both(1.0)[1].nfe)
    runs = ch04.stiff_runs()
    assert printed.number("ch4.stiff_nfe_1") == str(runs[1.0][0])
    assert printed.number("ch4.stiff_nfe_1000") == str(runs[1000.0][0])
    assert printed.number("ch4.stiff_ratio") == str(round(runs[1000.0][0] / runs[1.0][0]))


def test_tables():
    t = printed.table("difficulty-nfe")
    assert [row[0] for row in t["rows"]] == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert t["rows"][0][1:3] == ["20", "20"]
    s = printed.table("stiff-nfe")
    assert [row[0] for row in s["rows"]] == ["1", "10", "100", "1000"]


# --- stability limits and the exercises -------------------------------------

def test_stability_function_is_the_one_step_factor():
    from neural_odes.solvers import fixed_step, get_method
    for name in ("euler", "rk4", "dopri5"):
        for z in (-0.5, -2.5):
            sol = fixed_step(lambda t, h: z * h, (0.0, 1.0), [1.0], dt=1.0, method=name)
            assert sol.y[-1, 0] == pytest.approx(ch04.stability_function(get_method(name), z), rel=1e-12)


def test_real_stability_limits():
    assert ch04.real_stability_limit("euler") == pytest.approx(2.0, abs=1e-9)
    assert ch04.real_stability_limit("rk4") == pytest.approx(2.785, abs=1e-3)   # the textbook value
    dp = ch04.real_stability_limit("dopri5")
    assert 3.3 < dp < 3.31
    from neural_odes.solvers import get_method
    tab = get_method("dopri5")
    assert abs(ch04.stability_function(tab, -(dp - 1e-6))) <= 1 < abs(ch04.stability_function(tab, -(dp + 1e-3)))
    n = printed.number
    assert (n("ch4.dp_limit"), n("ch4.euler_limit"), n("ch4.dp_per_eval")) == ("3.31", "2", "0.55")


def test_stiff_run_sits_at_the_stability_limit():
    n = printed.number
    assert (n("ch4.stiff_min_steps"), n("ch4.stiff_min_nfe")) == ("605", "3630")   # ceil(2000 / 3.3066)
    tight = ch04.stiff_solution(1000.0)
    loose = ch04.stiff_solution(1000.0, ch04.STIFF_TOL_LOOSE)
    assert 605 <= tight.n_accepted <= 1.05 * 605 and 605 <= loose.n_accepted <= 1.05 * 605
    assert loose.n_rejected > 5 * tight.n_rejected     # the loose controller keeps overstepping the limit
    assert (n("ch4.stiff_accepted"), n("ch4.stiff_rejected")) == ("611", "6")
    assert (n("ch4.stiff_accepted_loose"), n("ch4.stiff_rejected_loose")) == ("606", "84")
    assert n("ch4.stiff_median_lam_dt") == "3.28"


def test_euler_beats_dopri5_on_the_stiff_problem():
    nfe, err = ch04.euler_stiff(1001)
    dp_nfe, dp_err = ch04.stiff_runs()[1000.0]
    assert nfe == 1001 and nfe < dp_nfe / 3 and err < dp_err
    n = printed.number
    assert (n("ch4.euler_min_steps"), n("ch4.euler_stiff_steps"), n("ch4.euler_stiff_nfe"),
            n("ch4.euler_stiff_error")) == ("1000", "1001", "1001", "4.1e-7")


def test_difficulty_exercise_accounting():
    n = printed.number
    calm0, rough0 = solve_both(0.0)
    calm1, rough1 = solve_both(1.0)
    assert (calm0.n_accepted, calm0.n_rejected, rough0.n_accepted, rough0.n_rejected) == (3, 0, 3, 0)
    for sol in (calm0, rough0, calm1, rough1):
        assert sol.nfe == 2 + 6 * (sol.n_accepted + sol.n_rejected)
    assert (n("ch4.zero_accepted"), n("ch4.zero_rejected")) == ("3", "0")
    assert (n("ch4.full_calm_accepted"), n("ch4.full_accepted"), n("ch4.full_rejected")) == ("5", "77", "20")
    assert n("ch4.ratio_max") == "18.3"
