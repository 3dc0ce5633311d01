"""Chapter 2: the field simulation and its printed numbers."""

import math

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.fields import FIELDS
from neural_odes.sims import field as field_mod


def marks_of(scene, kind):
    return [m for m in scene["panels"][0]["marks"] if m["type"] == kind]


@pytest.mark.parametrize("name", ["swirl", "sink", "saddle", "cycle"])
def test_every_field_draws_arrows_and_example_paths(name):
    s = sims.run("field", {"field": name, "particles": []})
    (arrows,) = marks_of(s, "arrows")
    assert len(arrows["x"]) == field_mod.GRID[0] * field_mod.GRID[1]
    # the arrows point along the field
    pts = np.c_[arrows["x"], arrows["y"]]
    v = FIELDS[name](0.0, pts)
    dots = v[:, 0] * np.array(arrows["u"]) + v[:, 1] * np.array(arrows["v"])
    assert np.all(dots >= -1e-9)
    # example paths only when the reader has dropped nothing, and they are not counted
    assert all(m["color"] == "fg" and m["dash"] == "dashed" for m in marks_of(s, "line"))
    assert s["readouts"]["particles"] == {"value": 0, "text": "0"}


def test_particles_are_counted_and_drawn():
    pts = [[1.0, 0.0], [-0.5, 1.2], [2.0, -1.0]]
    s = sims.run("field", {"field": "swirl", "particles": pts})
    assert s["readouts"]["particles"]["text"] == "3"
    lines = marks_of(s, "line")
    assert len(lines) == 3 and all(m["color"] == "primary" for m in lines)
    assert all(m.get("reveal") for m in lines)
    starts = [m for m in marks_of(s, "points") if m["color"] == "accent"][0]
    assert list(zip(starts["x"], starts["y"])) == [tuple(p) for p in pts]
    assert "3 particles" in s["alt"]


def test_swirl_particle_keeps_its_radius_and_turns_at_its_angular_speed():
    # swirl: circles at angular speed 2 / (1 + r^2)
    s = sims.run("field", {"field": "swirl", "particles": [[1.0, 0.0]]})
    (path,) = marks_of(s, "line")
    r = np.hypot(path["x"], path["y"])
    assert np.allclose(r, 1.0, atol=1e-5)
    angle = field_mod.T_FLOW * 2 / (1 + 1.0)  # 6 radians
    assert (path["x"][-1], path["y"][-1]) == pytest.approx((math.cos(angle), math.sin(angle)), abs=1e-5)


def test_sink_particle_matches_the_closed_form():
    # A = [[-0.3, -1], [1, -0.3]]: h(t) = e^(-0.3 t) R(t) h(0)
    sol = field_mod.flow(FIELDS["sink"], np.array([[2.0, 0.0]]))
    T = field_mod.T_FLOW
    exact = 2.0 * math.exp(-0.3 * T) * np.array([math.cos(T), math.sin(T)])
    assert sol.y[-1, 0] == pytest.approx(exact, abs=1e-6)


def test_saddle_paths_stop_once_far_outside():
    s = sims.run("field", {"field": "saddle", "particles": [[0.5, 0.5]]})
    (path,) = marks_of(s, "line")
    assert max(abs(x) for x in path["x"]) < 5 and len(path["x"]) < field_mod.T_FLOW / field_mod.DT + 1
    # its end left the view, so no end marker is drawn
    assert [m["color"] for m in marks_of(s, "points")] == ["accent"]


def test_limit_cycle_attracts_to_the_unit_circle():
    sol = field_mod.flow(FIELDS["cycle"], np.array([[0.1, 0.0], [3.2, 2.0], [-3.2, -2.0]]))
    assert np.hypot(sol.y[-1, :, 0], sol.y[-1, :, 1]) == pytest.approx([1, 1, 1], abs=1e-3)


def test_changing_the_field_reflows_the_same_particles():
    pts = [[1.0, 0.5], [-1.0, -0.5]]
    a = sims.run("field", {"field": "swirl", "particles": pts})
    b = sims.run("field", {"field": "sink", "particles": pts})
    la, lb = marks_of(a, "line"), marks_of(b, "line")
    assert [(m["x"][0], m["y"][0]) for m in la] == [(m["x"][0], m["y"][0]) for m in lb]
    assert la[0]["x"][-1] != lb[0]["x"][-1]
    assert a["readouts"] == b["readouts"]


def test_deterministic():
    args = {"field": "cycle", "particles": [[0.3, -1.1], [2.0, 1.5]]}
    assert sims.run("field", args) == sims.run("field", args)


def test_points_at_the_edge_are_kept_in_view():
    s = sims.run("field", {"field": "swirl", "particles": [[9.0, -9.0]]})
    starts = [m for m in marks_of(s, "points") if m["color"] == "accent"][0]
    assert (starts["x"][0], starts["y"][0]) == (field_mod.XLIM[1], field_mod.YLIM[0])


@pytest.mark.parametrize("bad", [None, "1,2", [[1.0]], [[1.0, float("nan")]], [[1, "2"]], [[True, 0]],
                                 [[0.0, 0.0]] * 13])
def test_rejects_bad_particles(bad):
    with pytest.raises(ValueError, match="particles"):
        sims.run("field", {"field": "swirl", "particles": bad})


@pytest.mark.parametrize("bad", ["vortex", "", None])
def test_rejects_unknown_field(bad):
    with pytest.raises(ValueError, match="field"):
        sims.run("field", {"field": bad, "particles": []})


def test_printed_numbers():
    n = printed.number
    assert n("ch2.flow_time") == "6"
    assert n("ch2.rk4_steps") == "120"      # 6 / 0.05
    assert n("ch2.dt") == "0.05"
    assert n("ch2.max_particles") == "12"
    assert (n("ch2.swirl_r_inner"), n("ch2.swirl_r_outer"), n("ch2.cycle_radius")) == ("0.5", "2", "1")
    assert n("ch2.sink_shrink") == "0.17"   # e^(-1.8) = 0.1653
    assert math.exp(-0.3 * 6) == pytest.approx(0.1653, abs=1e-4)
    # swirl: turns = T * 2 / (1 + r^2) / (2 pi)
    assert n("ch2.swirl_turns_inner") == "1.53" and 6 * 2 / 1.25 / (2 * math.pi) == pytest.approx(1.528, abs=1e-3)
    assert n("ch2.swirl_turns_outer") == "0.38" and 6 * 2 / 5 / (2 * math.pi) == pytest.approx(0.382, abs=1e-3)


# --- exercises and the orientation argument ---------------------------------

def test_swirl_exercise_turns_at_unit_radius():
    n = printed.number
    assert n("ch2.exercise_radius") == "1"
    assert n("ch2.swirl_turns_exercise") == n("ch2.swirl_turns_formula") == "0.95"
    assert 6 / (2 * math.pi) == pytest.approx(0.955, abs=1e-3)


def test_cycle_particles_approach_the_loop_but_do_not_reach_it():
    from neural_odes.fields import limit_cycle
    from neural_odes.printed.ch02 import cycle_distances
    from neural_odes.sims.field import flow
    starts = np.array([[0.1, 0.0], [3.0, 1.8]])
    ends = flow(limit_cycle, starts).y[-1]
    for gap, start, end in zip(cycle_distances(), starts, ends):
        assert gap > 0
        # the simulation's RK4 flow lands where the closed form says, to 3e-7
        assert abs(np.hypot(*end) - 1) == pytest.approx(gap, abs=3e-7)
        # the inner particle is inside the loop, the outer one outside
        assert (np.hypot(*end) < 1) == (np.hypot(*start) < 1)
    assert (printed.number("ch2.cycle_gap_inner"), printed.number("ch2.cycle_gap_outer")) == ("0.00030", "2.8e-6")
    assert (printed.number("ch2.cycle_start_inner"), printed.number("ch2.cycle_start_outer")) == ("(0.1, 0)", "(3, 1.8)")


def test_saddle_stretch_is_e_to_the_t():
    from neural_odes.printed.ch02 import saddle_stretch
    assert saddle_stretch() == pytest.approx(math.exp(6), rel=1e-5)
    assert printed.number("ch2.saddle_stretch") == "403"


def test_liouville_area_factors():
    from neural_odes.printed.ch02 import area_factor, sink_A
    assert sink_A().tolist() == [[-0.3, -1.0], [1.0, -0.3]]
    assert area_factor("sink") == pytest.approx(math.exp(-0.6 * 6), rel=1e-5)
    assert area_factor("swirl") == pytest.approx(1.0, abs=1e-5)
    assert area_factor("saddle") == pytest.approx(1.0, abs=1e-5)
    # the cycle's divergence 2 - 4r^2 is positive at r = 0.5: areas there grow at first
    assert area_factor("cycle", point=(0.3, 0.0)) > 0
    n = printed.number
    assert n("ch2.sink_trace") == "-0.6"
    assert n("ch2.sink_area") == n("ch2.sink_area_measured") == n("ch2.sink_shrink_squared") == "0.0273"
    assert n("ch2.swirl_area_measured") == n("ch2.saddle_area_measured") == "1.0000"
    assert n("ch2.cycle_div_radius") == "0.71"
    assert n("ch2.sink_matrix") == r"\begin{pmatrix} -0.3 & -1 \\ 1 & -0.3 \end{pmatrix}"
