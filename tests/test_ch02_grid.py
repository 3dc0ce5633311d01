"""Chapter 2: the grid simulation, a square grid carried by the flow map, and the
flow map's Jacobian determinant, against scipy, finite differences, Liouville's
formula and closed forms."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from neural_odes import printed, sims
from neural_odes.fields import FIELDS, JACOBIANS
from neural_odes.sims import grid as grid_mod
from neural_odes.solvers import fixed_step

NAMES = ("swirl", "sink", "saddle", "cycle")
SLIDER = [round(0.01 * k, 2) for k in range(101)]
RTOL_REF = 1e-12


def divergence(name, h):
    """div f, written here from the fields' formulas (not from the module's Jacobians)."""
    r2 = h[..., 0] ** 2 + h[..., 1] ** 2
    return {"swirl": 0.0 * r2, "sink": -0.6 + 0.0 * r2, "saddle": 0.0 * r2, "cycle": 2.0 - 4.0 * r2}[name]


def scipy_flow(name, starts, t):
    """Positions and log det (by Liouville: d log det / dt = div f) at time t, by scipy."""
    n = len(starts)

    def rhs(_, y):
        h = y[: 2 * n].reshape(n, 2)
        return np.concatenate([FIELDS[name](0.0, h).ravel(), divergence(name, h)])

    y0 = np.concatenate([np.asarray(starts, float).ravel(), np.zeros(n)])
    if t == 0:
        return np.asarray(starts, float), np.zeros(n)
    y = solve_ivp(rhs, (0.0, t), y0, method="DOP853", rtol=RTOL_REF, atol=RTOL_REF).y[:, -1]
    return y[: 2 * n].reshape(n, 2), y[2 * n:]


def analytic_det(name, starts, t):
    """Closed forms of det(d phi_t / d h0): Liouville's exp(integral of div f)."""
    starts = np.asarray(starts, float)
    if name in ("swirl", "saddle"):  # divergence-free
        return np.ones(len(starts))
    if name == "sink":  # div = trace A = -0.6 everywhere
        return np.full(len(starts), math.exp(-0.6 * t))
    # cycle: u = r^2 obeys u' = 2u(1 - u), so u(t) = u0 e^2t / (1 + u0 (e^2t - 1)) and
    # the integral of div = 2 - 4u is 2t - 2 log(1 + u0 (e^2t - 1))
    u0 = (starts ** 2).sum(axis=1)
    return np.exp(2 * t - 2 * np.log1p(u0 * math.expm1(2 * t)))


@pytest.mark.parametrize("name", NAMES)
def test_jacobians_against_finite_differences(name):
    rng = np.random.default_rng(3)
    h = rng.uniform(-2.0, 2.0, (20, 2))
    eps = 1e-6
    fd = np.stack([(FIELDS[name](0.0, h + eps * e) - FIELDS[name](0.0, h - eps * e)) / (2 * eps)
                   for e in np.eye(2)], axis=-1)
    np.testing.assert_allclose(JACOBIANS[name](0.0, h), fd, atol=1e-8)
    assert JACOBIANS[name](0.0, h[0]).shape == (2, 2)  # one state as well as a batch


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("t", [0.0, 0.05, 0.37, 0.5, 0.99, 1.0])
def test_flow_and_determinant_against_scipy_and_liouville(name, t):
    state = grid_mod.flow_state(name, t)
    starts = grid_mod.grid_points()
    ref_pos, ref_logdet = scipy_flow(name, starts, t)
    np.testing.assert_allclose(state[:2].T, ref_pos, atol=2e-6)
    det = grid_mod.determinants(state)
    np.testing.assert_allclose(det, np.exp(ref_logdet), rtol=5e-5)
    np.testing.assert_allclose(det, analytic_det(name, starts, t), rtol=5e-5)


@pytest.mark.parametrize("name", NAMES)
def test_jacobian_of_the_flow_map_against_finite_differences(name):
    t, eps = 0.8, 1e-5
    state = grid_mod.flow_state(name, t)
    starts = grid_mod.grid_points()
    pick = [0, 30, 200, 671, 900, 1341]  # corners, edges and the middle
    for i in pick:
        M = state[2:, i].reshape(2, 2)
        cols = [(scipy_flow(name, [starts[i] + eps * e], t)[0][0] - scipy_flow(name, [starts[i] - eps * e], t)[0][0])
                / (2 * eps) for e in np.eye(2)]
        np.testing.assert_allclose(M, np.stack(cols, axis=1), rtol=1e-4, atol=1e-5)


def test_a_time_between_nodes_is_the_same_rk4_solve_not_an_interpolation():
    z0 = np.zeros((6, len(grid_mod.grid_points())))
    z0[:2] = grid_mod.grid_points().T
    z0[2] = z0[5] = 1.0
    for name, t in (("cycle", 0.37), ("swirl", 0.99), ("saddle", 0.05)):
        direct = fixed_step(grid_mod.variational(name), (0.0, t), z0.ravel(), dt=grid_mod.DT, method="rk4")
        # equal up to rounding (the solver alternates the order of its stage sums), where a
        # linear interpolation between nodes 0.05 apart would be off by about 1e-3
        np.testing.assert_allclose(grid_mod.flow_state(name, t).ravel(), direct.y[-1], rtol=1e-13, atol=1e-14)


def signed_cell_areas(state):
    """Signed areas (shoelace) of the flowed grid cells, from the lattice nodes."""
    xy = state[:2].reshape(2, 2 * grid_mod.LINES, grid_mod.SAMPLES)[:, : grid_mod.LINES]
    step = (grid_mod.SAMPLES - 1) // (grid_mod.LINES - 1)
    nodes = xy[:, :, ::step]  # (2, row, column): horizontal lines at the crossings
    a, b = nodes[:, :-1, :-1], nodes[:, :-1, 1:]
    c, d = nodes[:, 1:, 1:], nodes[:, 1:, :-1]
    quad = [a, b, c, d]
    return 0.5 * sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(quad, quad[1:] + quad[:1]))


@pytest.mark.parametrize("name", NAMES)
def test_the_grid_bends_but_never_tears_or_folds(name):
    spacing = 2 * grid_mod.HALF / (grid_mod.SAMPLES - 1)
    for t in SLIDER[::5]:
        state = grid_mod.flow_state(name, t)
        assert (signed_cell_areas(state) > 0).all(), (name, t)  # no cell turns over
        assert (grid_mod.determinants(state) > 0).all(), (name, t)
        lines = state[:2].reshape(2, 2 * grid_mod.LINES, grid_mod.SAMPLES)
        gaps = np.hypot(*np.diff(lines, axis=2))
        # neighbours stay neighbours: the gap grows at most like e^(L t) (L < 3 here)
        assert gaps.max() < spacing * math.exp(3 * t) * (1 + 1e-9), (name, t)


def test_the_swirl_bends_the_lines():
    state = grid_mod.flow_state("swirl", 1.0)
    middle = state[:2].reshape(2, 2 * grid_mod.LINES, grid_mod.SAMPLES)[:, grid_mod.LINES // 2]
    # the horizontal line through the centre no longer lies on any straight line
    chord = middle[:, -1] - middle[:, 0]
    offsets = (middle[0] - middle[0, 0]) * chord[1] - (middle[1] - middle[1, 0]) * chord[0]
    assert np.abs(offsets).max() / np.hypot(*chord) > 0.3


@pytest.mark.parametrize("name", NAMES)
def test_readout_is_the_smallest_determinant(name):
    for t in (0.0, 0.42, 1.0):
        s = sims.run("grid", {"field": name, "time": t})
        det = grid_mod.determinants(grid_mod.flow_state(name, t))
        assert s["readouts"]["min_det"]["value"] == pytest.approx(det.min(), rel=1e-9)
        assert min(analytic_det(name, grid_mod.grid_points(), t)) == pytest.approx(
            s["readouts"]["min_det"]["value"], rel=5e-5)
    assert sims.run("grid", {"field": name, "time": 0.0})["readouts"]["min_det"]["text"] == "1.0000"


def test_readouts_across_the_slider():
    for name in ("sink", "cycle"):  # areas shrink: every slider step prints a new value
        texts = [sims.run("grid", {"field": name, "time": t})["readouts"]["min_det"]["text"] for t in SLIDER]
        assert len(set(texts)) == len(SLIDER), name
        values = [float(x) for x in texts]
        assert values == sorted(values, reverse=True) and values[-1] > 0
    for name in ("swirl", "saddle"):  # they keep every area: det is 1 at every time
        texts = {sims.run("grid", {"field": name, "time": t})["readouts"]["min_det"]["text"] for t in SLIDER}
        assert texts == {"1.0000"}, name


def test_scene_draws_the_grid_over_the_arrows():
    s = sims.run("grid", {"field": "saddle", "time": 1.0})
    marks = s["panels"][0]["marks"]
    assert marks[0]["type"] == "arrows" and marks[0]["color"] == "muted"
    square = marks[1]
    assert square["dash"] == "dashed" and len(square["x"]) == 5
    lines = marks[2:]
    assert len(lines) == 2 * grid_mod.LINES and all(len(m["x"]) == grid_mod.SAMPLES for m in lines)
    # the saddle stretches x by e and squeezes y by 1/e, and the grid stays in view
    assert max(max(m["x"]) for m in lines) == pytest.approx(math.e * grid_mod.HALF, rel=1e-5)
    assert max(max(m["y"]) for m in lines) == pytest.approx(grid_mod.HALF / math.e, rel=1e-5)
    assert max(max(map(abs, m["x"])) for m in lines) < grid_mod.XLIM[1]
    assert "saddle" in s["alt"] and "1.0000" in s["alt"]


def test_deterministic_whatever_the_order_of_calls():
    a = sims.run("grid", {"field": "cycle", "time": 0.63})
    grid_mod._CACHE.clear()
    sims.run("grid", {"field": "cycle", "time": 0.2})
    assert sims.run("grid", {"field": "cycle", "time": 0.63}) == a


@pytest.mark.parametrize("args, name", [
    ({"field": "vortex", "time": 0.5}, "field"),
    ({"field": None, "time": 0.5}, "field"),
    ({"field": "swirl", "time": -0.01}, "time"),
    ({"field": "swirl", "time": 1.5}, "time"),
    ({"field": "swirl", "time": float("nan")}, "time"),
    ({"field": "swirl", "time": "1"}, "time"),
    ({"field": "swirl", "time": True}, "time"),
    ({"field": "swirl"}, "time"),
    ({"field": "swirl", "time": 0.5, "steps": 3}, "steps"),
])
def test_bad_arguments_name_themselves(args, name):
    with pytest.raises(ValueError, match=name):
        sims.run("grid", args)


def test_printed_numbers():
    n = printed.number
    assert n("ch2.grid_lines") == str(grid_mod.LINES) == "11"
    assert n("ch2.sink_rate") == "0.6" and n("ch2.grid_dt") == str(grid_mod.DT) == "0.05"
    assert n("ch2.grid_swirl_det") == "1.0000"
    assert n("ch2.grid_sink_det") == "0.5488" and math.exp(-0.6) == pytest.approx(0.5488, abs=5e-5)
    cycle = sims.run("grid", {"field": "cycle", "time": 1.0})["readouts"]["min_det"]["text"]
    assert n("ch2.grid_cycle_det") == cycle == "0.0231"
