"""Chapter 5: the reconstruct simulation, the adjoint's backward re-solve of the
state, against closed forms and scipy."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from neural_odes import printed, sims
from neural_odes.adjoint import reconstruct_state
from neural_odes.printed import ch05
from neural_odes.controls import tolerance
from neural_odes.sims import reconstruct as rec
from neural_odes.solvers import solve_ivp_adaptive

NAMES = ("contracting", "expanding", "rotating")
SLIDER = [round(0.01 * k, 2) for k in range(101)]


def readouts(name, v):
    return sims.run("reconstruct", {"field": name, "tol": v})["readouts"]


@pytest.fixture(scope="module")
def sweep():
    """{field: [readouts at every slider position]}."""
    return {name: [readouts(name, v) for v in SLIDER] for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_exact_paths_are_the_matrix_exponential(name):
    setup = rec.SETUPS[name]
    t = np.linspace(0.0, rec.T, 7)
    c, d = np.array(setup.center), np.array(setup.start) - np.array(setup.center)
    want = np.array([c + expm(setup.A * s) @ d for s in t])
    np.testing.assert_allclose(setup.exact(t), want, rtol=1e-12, atol=1e-12)
    # and they solve the ODE (scipy, independently of the closed form)
    f = setup.field()
    ref = solve_ivp(lambda s, h: f(s, h), (0.0, rec.T), d + c, method="DOP853", rtol=1e-12, atol=1e-12, t_eval=t)
    np.testing.assert_allclose(setup.exact(t), ref.y.T, atol=1e-9)


def test_the_expanding_path_is_the_contracting_one_run_backward():
    con, exp_ = rec.SETUPS["contracting"], rec.SETUPS["expanding"]
    t = np.linspace(0.0, rec.T, 31)
    np.testing.assert_allclose(exp_.exact(t), con.exact(rec.T - t), atol=1e-12)
    np.testing.assert_array_equal(exp_.A, -con.A)


def test_eigenvalues_of_the_fields():
    assert sorted(np.linalg.eigvals(rec.SETUPS["contracting"].A).real) == [-5.0, -1.0]
    assert sorted(np.linalg.eigvals(rec.SETUPS["expanding"].A).real) == [1.0, 5.0]
    rot = np.linalg.eigvals(rec.SETUPS["rotating"].A)
    assert np.allclose(rot.real, 0.0) and sorted(rot.imag) == [-4.0, 4.0]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("v", [0.0, 0.5, 1.0])
def test_backward_solve_starts_from_the_computed_end_and_counts_its_evaluations(name, v):
    setup = rec.SETUPS[name]
    calls = [0]
    f = setup.field()

    def counting(t, h):
        calls[0] += 1
        return f(t, h)

    tol = tolerance(v)
    fwd, bwd = reconstruct_state(counting, np.array(setup.start), t_span=(0.0, rec.T), rtol=tol, atol=tol)
    assert calls[0] == fwd.nfe + bwd.nfe  # counted independently of the solver
    assert fwd.t[0] == 0.0 and fwd.t[-1] == rec.T and bwd.t[0] == rec.T and bwd.t[-1] == 0.0
    np.testing.assert_array_equal(bwd.y[0], fwd.y[-1])
    # the same adaptive solver at the same tolerance, both ways
    again_f = solve_ivp_adaptive(f, (0.0, rec.T), np.array(setup.start), rtol=tol, atol=tol)
    again_b = solve_ivp_adaptive(f, (rec.T, 0.0), fwd.y[-1], rtol=tol, atol=tol)
    for sol, again in ((fwd, again_f), (bwd, again_b)):
        assert sol.nfe == again.nfe
        np.testing.assert_array_equal(sol.y, again.y)
    r = readouts(name, v)
    assert (r["nfe_forward"]["value"], r["nfe_backward"]["value"]) == (fwd.nfe, bwd.nfe)
    assert r["nfe_forward"]["text"] == f"{fwd.nfe} evaluations"
    error = np.linalg.norm(bwd.y[-1] - np.array(setup.start))
    assert r["recon_error"]["value"] == pytest.approx(error, rel=1e-3)


def test_the_backward_solve_inherits_the_forward_error_stretched_by_the_field():
    # Against exact arithmetic: solving exactly backward from the computed h(T)
    # misses h(0) by e^(-A T) (h_T computed - h_T exact); at the tightest
    # tolerance that is nearly all of the contracting field's reconstruction error.
    setup = rec.SETUPS["contracting"]
    fwd, bwd = rec.solves("contracting", 1.0)
    c = np.array(setup.center)
    inherited = expm(-setup.A * rec.T) @ (fwd.y[-1] - setup.exact([rec.T])[0])
    assert np.linalg.norm(inherited) == pytest.approx(np.linalg.norm(bwd.y[-1] - np.array(setup.start)), rel=0.5)
    # the forward solve itself is accurate: its end point is off by about the tolerance
    assert np.linalg.norm(fwd.y[-1] - setup.exact([rec.T])[0]) < 10 * tolerance(1.0) * (1 + np.abs(c).max())


def test_contracting_drifts_visibly_at_the_loose_end_and_the_others_do_not(sweep):
    err = {name: np.array([r["recon_error"]["value"] for r in sweep[name]]) for name in NAMES}
    loose = np.array(SLIDER) <= 0.2
    # at least 0.03 (four pixels at 1280 px), mostly far more, up to off the plot
    assert (err["contracting"][loose] > 0.03).all() and np.median(err["contracting"][loose]) > 1.0
    assert (err["expanding"] < 0.02).all()  # under two pixels everywhere
    assert (err["rotating"][np.array(SLIDER) >= 0.2] < 0.05).all()
    # the backward stretch e^(5 T) ~ 1800 separates the same path run both ways
    for v in (0.5, 0.8, 1.0):
        i = SLIDER.index(v)
        assert err["contracting"][i] > 100 * err["expanding"][i]
    i = SLIDER.index(1.0)
    assert err["contracting"][i] / err["expanding"][i] == pytest.approx(math.exp(5 * rec.T), rel=0.5)


@pytest.mark.parametrize("name", NAMES)
def test_readouts_follow_the_tolerance(sweep, name):
    err = np.log10([r["recon_error"]["value"] for r in sweep[name]])
    nfe_f = [r["nfe_forward"]["value"] for r in sweep[name]]
    nfe_b = [r["nfe_backward"]["value"] for r in sweep[name]]
    n = len(SLIDER)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    # monotone-ish: tighter tolerance, smaller error and more evaluations, for almost every pair
    assert np.mean([err[i] > err[j] for i, j in pairs]) > 0.9
    assert np.mean([nfe_f[i] <= nfe_f[j] for i, j in pairs]) > 0.97
    assert np.mean([nfe_b[i] <= nfe_b[j] for i, j in pairs]) > 0.97
    # over the whole range the error falls by orders of magnitude and the cost grows
    assert err[0] - err[-1] > 5 and nfe_f[-1] > 5 * nfe_f[0] and nfe_b[-1] > 5 * nfe_b[0]


@pytest.mark.parametrize("name", NAMES)
def test_neighbouring_slider_positions_print_different_errors(sweep, name):
    texts = [r["recon_error"]["text"] for r in sweep[name]]
    values = [r["recon_error"]["value"] for r in sweep[name]]
    for a, b, va, vb in zip(texts, texts[1:], values, values[1:]):
        assert a != b or va == vb


def test_scene_marks_and_off_plot_note():
    s = sims.run("reconstruct", {"field": "contracting", "tol": 0.0})
    marks = s["panels"][0]["marks"]
    fwd, bwd = rec.solves("contracting", 0.0)
    kinds = [(m["type"], m["color"]) for m in marks]
    assert kinds[:7] == [("line", "fg"), ("line", "primary"), ("points", "primary"), ("line", "accent"),
                         ("points", "accent"), ("points", "fg"), ("points", "accent")]
    assert len(marks[1]["x"]) == len(fwd.t) and len(marks[3]["x"]) == len(bwd.t)
    assert marks[6]["marker"] == "x"
    # the rebuilt start left the plot: a note says so, and so does the description
    assert marks[-1]["type"] == "text" and "off the plot" in marks[-1]["text"]
    assert "outside the plotted area" in s["alt"]
    inside = sims.run("reconstruct", {"field": "contracting", "tol": 0.5})
    assert not any(m["type"] == "text" for m in inside["panels"][0]["marks"])
    assert "outside" not in inside["alt"]


def test_deterministic():
    args = {"field": "rotating", "tol": 0.37}
    assert sims.run("reconstruct", args) == sims.run("reconstruct", args)


@pytest.mark.parametrize("args, name", [
    ({"field": "stiff", "tol": 0.5}, "field"),
    ({"field": 3, "tol": 0.5}, "field"),
    ({"field": "rotating", "tol": -0.1}, "tol"),
    ({"field": "rotating", "tol": 1.01}, "tol"),
    ({"field": "rotating", "tol": float("inf")}, "tol"),
    ({"field": "rotating", "tol": "0.5"}, "tol"),
    ({"field": "rotating"}, "tol"),
])
def test_bad_arguments_name_themselves(args, name):
    with pytest.raises(ValueError, match=name):
        sims.run("reconstruct", args)


def test_reconstruct_state_checks_its_arguments():
    f = rec.SETUPS["rotating"].field()
    with pytest.raises(ValueError, match="t_span"):
        reconstruct_state(f, [1.0, 0.0], t_span=(1.0, 1.0), rtol=1e-3, atol=1e-3)
    with pytest.raises(ValueError, match="rtol"):
        reconstruct_state(f, [1.0, 0.0], rtol=-1.0, atol=1e-3)


def test_printed_numbers(sweep):
    n = printed.number
    assert (n("ch5.recon_T"), n("ch5.recon_fast"), n("ch5.recon_slow")) == ("1.5", "5", "1")
    assert n("ch5.recon_growth") == "1800" and math.exp(7.5) == pytest.approx(1808, abs=1)
    i = SLIDER.index(ch05.RECON_LOOSE)
    assert n("ch5.recon_loose_v") == "0.2" and n("ch5.recon_loose_tol") == "0.0040"
    for name, key in (("contracting", "con"), ("expanding", "exp"), ("rotating", "rot")):
        assert n(f"ch5.recon_{key}_loose") == sweep[name][i]["recon_error"]["text"]
    tight = SLIDER.index(1.0)
    ratio = sweep["contracting"][tight]["recon_error"]["value"] / sweep["expanding"][tight]["recon_error"]["value"]
    assert n("ch5.recon_ratio_tight") == f"{round(ratio, -2):.0f}"
