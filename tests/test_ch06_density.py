"""Chapter 6: the density simulation, against closed forms, an independent solver
and a Monte Carlo count that never looks at the divergence."""

import json
import math

import numpy as np
import pytest

from neural_odes import flows, printed, sims
from neural_odes.fields import linear
from neural_odes.formatting import fixed
from neural_odes.printed import ch06
from neural_odes.sims import cnf as cnf_sim
from neural_odes.sims import density as sim
from neural_odes.sims import trained_models


def gaussian_logpdf(x, cov):
    """log N(x; 0, cov) for points x of shape (N, 2)."""
    inv = np.linalg.inv(cov)
    return -0.5 * np.einsum("ni,ij,nj->n", x, inv, x) - 0.5 * np.log(np.linalg.det(cov)) - math.log(2 * math.pi)


class Shear:
    """f(h) = (a h2^2, -b h2): a nonlinear flow with divergence -b and a closed-form
    inverse, h2(0) = x2 e^(bt), h1(0) = x1 - a x2^2 (e^(2bt) - 1) / (2b)."""

    a, b = 0.6, 0.4

    def __call__(self, t, h):
        return np.stack([self.a * h[..., 1] ** 2, -self.b * h[..., 1]], axis=-1)

    def divergence(self, t, h):
        return np.full(np.shape(h)[:-1], -self.b)

    def exact(self, x, t):
        a, b = self.a, self.b
        z2 = x[:, 1] * math.exp(b * t)
        z1 = x[:, 0] - a * x[:, 1] ** 2 * (math.exp(2 * b * t) - 1) / (2 * b)
        return flows.gaussian_log_density(np.stack([z1, z2], axis=1)) + b * t


# -- the computation against closed forms ------------------------------------------

@pytest.mark.parametrize("time", [0.3, 1.0])
def test_linear_field_pushes_the_gaussian_to_the_right_gaussian(time):
    # h(t) = e^(At) z, so p_t = N(0, e^(At) e^(At)^T); tr A = -0.3 checks the sign of the divergence term
    A = np.array([[-0.4, 1.1], [-0.6, 0.1]])
    w, V = np.linalg.eig(A * time)
    M = np.real(V @ np.diag(np.exp(w)) @ np.linalg.inv(V))
    exact = gaussian_logpdf(sim.cell_centres(), M @ M.T).reshape(sim.GRID_ROWS, sim.GRID_COLS)
    got = sim.log_density_grid(linear(A), time)
    # RK4's error, even at the corners where log p is -20; the opposite sign of the
    # divergence term would be off by 2 |tr A| t = 0.6 t everywhere
    assert np.max(np.abs(got - exact)) < 1e-4


@pytest.mark.parametrize("time", [0.5, 1.0])
def test_nonlinear_flow_matches_its_closed_form(time):
    field = Shear()
    exact = field.exact(sim.cell_centres(), time).reshape(sim.GRID_ROWS, sim.GRID_COLS)
    got = sim.log_density_grid(field, time)
    near = exact > np.log(1e-4)  # where the density is not negligible
    assert np.max(np.abs(got - exact)[near]) < 1e-3


def test_time_zero_is_the_gaussian_and_its_box_probability():
    f = sim.frame(0.0)
    x = sim.cell_centres()
    np.testing.assert_array_equal(f["levels"].ravel(), sim.levels(flows.gaussian_log_density(x)).ravel())
    # the midpoint rule on a 0.1 grid integrates the Gaussian over the box almost exactly
    assert f["mass"] == pytest.approx(ch06.box_probability_gaussian(), abs=1e-4)
    assert printed.number("ch6.box_probability") == printed.number("ch6.density_mass_start")


# -- the trained CNF against an independent solver ---------------------------------

@pytest.mark.parametrize("time", [0.5, 1.0])
def test_trained_density_against_a_tight_scipy_solve(time):
    integrate = pytest.importorskip("scipy.integrate")
    field = trained_models.get("cnf").field
    x = sim.cell_centres()
    logp = sim.log_density_grid(field, time).ravel()
    rng = np.random.default_rng(3)
    # where the mass is, and a few random cells
    picks = np.concatenate([np.argsort(logp)[-12:], rng.choice(len(x), 12, replace=False)])

    def backward(t, z):  # z = [h, integral of div from t to time]
        h = z[:2][None, :]
        return np.concatenate([field(t, h)[0], field.divergence(t, h)])

    for i in picks:
        sol = integrate.solve_ivp(backward, (time, 0.0), np.concatenate([x[i], [0.0]]),
                                  method="DOP853", rtol=1e-10, atol=1e-10)
        h0, integral = sol.y[:2, -1], sol.y[2, -1]  # integral = -int_0^t div
        ref = flows.gaussian_log_density(h0[None, :])[0] + integral
        # RK4 with 8 steps per unit: the density within 1 % of the colour scale (a level or less)
        assert abs(math.exp(logp[i]) - math.exp(ref)) < 1e-2 * sim.DENSITY_SCALE, (time, x[i])


@pytest.mark.parametrize("time", [0.5, 1.0])
def test_mass_is_one_minus_what_the_flow_carries_outside_the_box(time):
    # Monte Carlo: flow Gaussian samples forward and count those outside the box.
    # It never uses the divergence, so it checks the density's sign, size and quadrature.
    outside = ch06.outside_fraction(time)
    se = math.sqrt(max(outside, 1 / ch06.OUTSIDE_SAMPLES) / ch06.OUTSIDE_SAMPLES)
    mass = sim.frame(time)["mass"]
    assert abs(mass - (1.0 - outside)) < 4 * se + 3e-3
    assert printed.number("ch6.outside_end_count") == str(int(round(ch06.outside_fraction(1.0)
                                                                    * ch06.OUTSIDE_SAMPLES)))


def test_mass_rises_as_the_flow_pulls_the_cloud_in():
    masses = [sim.frame(float(t))["mass"] for t in sim.TIMES]
    assert masses[0] < 0.985 and all(b > a for a, b in zip(masses[:25], masses[1:26]))
    deviation = max(abs(m - 1.0) for t, m in zip(sim.TIMES, masses) if t >= 0.5)
    assert float(printed.number("ch6.density_mass_deviation")) == pytest.approx(deviation, abs=5e-5)
    assert deviation <= 3e-3


# -- the table is exactly what the code computes --------------------------------------

@pytest.mark.parametrize("time", [0.0, 0.34, 1.0])
def test_table_frames_are_the_computed_frames(time):
    stored = sim.frame(time)
    fresh = sim.compute_frame(time)
    np.testing.assert_array_equal(stored["levels"], fresh["levels"])
    assert stored["mass"] == pytest.approx(fresh["mass"], rel=1e-12)
    assert stored["loglik"] == fresh["loglik"]


def test_table_covers_every_slider_position_and_its_key_names_the_content():
    data = json.loads(trained_models.table("density"))
    assert data["times"] == sim.TIMES.tolist() and len(data["times"]) == 51
    assert data["shape"] == [51, sim.GRID_ROWS, sim.GRID_COLS]
    assert data["key"] == sim.table_key()
    assert max(data["max_density"]) < sim.DENSITY_SCALE  # no colour is clipped
    assert max(data["max_density"]) > 0.6 * sim.DENSITY_SCALE  # and the scale is used


def test_colour_levels_follow_the_square_root_of_the_density():
    logp = np.log(np.array([[0.0, 1e-9], [0.25 * sim.DENSITY_SCALE, sim.DENSITY_SCALE]]) + 1e-300)
    np.testing.assert_array_equal(sim.levels(logp), [[0, 0], [128, 255]])
    assert sim.levels(np.log([[2 * sim.DENSITY_SCALE, 1.0]]))[0, 0] == 255


# -- readouts ---------------------------------------------------------------------------

@pytest.mark.parametrize("time", [0.0, 0.26, 0.5, 1.0, 0.333])
def test_loglik_is_the_cnf_simulations_readout(time):
    ours = sims.run("density", {"time": time})["readouts"]["loglik"]
    assert ours["value"] == round(cnf_sim.loglik_at(time), 9)
    if time in (0.0, 0.26, 0.5, 1.0):  # also a position of the cnf slider
        assert ours == sims.run("cnf", {"time": time})["readouts"]["loglik"]


def test_readouts_change_with_time_start_with_their_value_and_differ():
    r = {t: sims.run("density", {"time": t})["readouts"] for t in (0.0, 0.3, 0.6, 1.0)}
    assert len({x["mass"]["text"] for x in r.values()}) == 4
    assert len({x["loglik"]["text"] for x in r.values()}) == 4
    for x in r.values():
        assert x["mass"]["text"] == fixed(x["mass"]["value"], 4)
        float(x["loglik"]["text"].split()[0])
    assert r[0.0]["mass"]["text"].split()[0] == printed.number("ch6.density_mass_start")
    assert r[1.0]["mass"]["text"].split()[0] == printed.number("ch6.density_mass_end")


def test_an_off_grid_time_is_computed_and_lies_between_its_neighbours():
    mid = sim.frame(0.51)["mass"]
    lo, hi = sim.frame(0.50)["mass"], sim.frame(0.52)["mass"]
    assert min(lo, hi) - 1e-4 <= mid <= max(lo, hi) + 1e-4


# -- the scene ---------------------------------------------------------------------------

def test_scene_is_deterministic_small_and_draws_the_image_under_the_points():
    a = sims.run("density", {"time": 0.42})
    sim._MEMO.clear()
    b = sims.run("density", {"time": 0.42})
    assert json.dumps(a) == json.dumps(b)
    assert len(json.dumps(a)) < 20_000
    marks = a["panels"][0]["marks"]
    assert [m["type"] for m in marks] == ["image", "points"]
    img = marks[0]
    assert img["extent"] == [*sim.XLIM, *sim.YLIM]
    assert len(img["levels"]) == sim.GRID_ROWS and len(img["levels"][0]) == sim.GRID_COLS
    held = sim.heldout_points()
    assert marks[1]["x"] == pytest.approx(held[:, 0].tolist(), abs=1e-6)


def test_drawing_changes_with_time():
    a = sims.run("density", {"time": 0.3})["panels"]
    b = sims.run("density", {"time": 0.6})["panels"]
    assert a != b


def test_the_density_gathers_on_the_moons():
    # at t = 1 the brightest cells lie near held-out moon points; at t = 0 at the origin
    x = sim.cell_centres()
    end = np.asarray(sim.frame(1.0)["levels"]).ravel()
    held = sim.heldout_points()
    bright = x[end >= np.quantile(end, 0.98)]
    dist = np.min(np.linalg.norm(bright[:, None, :] - held[None, :, :], axis=2), axis=1)
    assert np.median(dist) < 0.2
    start = np.asarray(sim.frame(0.0)["levels"]).ravel()
    assert np.all(np.linalg.norm(x[start == start.max()], axis=1) < 0.5)


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "0.5", None, True])
def test_bad_time_raises(bad):
    with pytest.raises(ValueError, match="time"):
        sims.run("density", {"time": bad})


def test_unknown_table_raises():
    with pytest.raises(ValueError, match="name"):
        trained_models.table("nope")
