"""Chapter 1's printed numbers and the euler simulation, against hand-worked values."""

import math

import pytest

from neural_odes import printed, sims
from neural_odes.sims.euler import euler_path


def test_two_steps_of_half_give_1_5625():
    sol = euler_path(0.5)
    assert list(sol.y[:, 0]) == [1.0, 1.25, 1.5625]


def test_ten_steps_give_1_05_to_the_10th():
    assert euler_path(0.1).y[-1, 0] == pytest.approx(1.05 ** 10, rel=1e-14)
    assert euler_path(0.1).y[-1, 0] == pytest.approx(1.628894626777442, rel=1e-14)


def test_thousand_steps():
    value = euler_path(0.001).y[-1, 0]
    assert value == pytest.approx(1.0005 ** 1000, rel=1e-12)
    assert round(value, 6) == 1.648515


def test_exact_value_is_e_to_the_half():
    assert printed.number("ch1.exact") == "1.648721"
    assert math.exp(0.5) == pytest.approx(1.6487212707001282)


def test_printed_numbers():
    assert printed.number("ch1.two_steps") == "1.563"
    assert printed.number("ch1.two_steps_exact") == "1.5625"
    assert printed.number("ch1.half_step_one") == "1.25"
    assert printed.number("ch1.ten_steps") == "1.629"
    assert printed.number("ch1.thousand_steps") == "1.648515"


def test_worked_table_rows():
    table = printed.table("euler-worked")
    rows = {row[0]: row for row in table["rows"]}
    assert rows["1"][2:] == ["1.500", "0.149"]
    assert rows["2"][2:] == ["1.563", "0.0862"]
    assert rows["10"][2:] == ["1.629", "0.0198"]
    assert rows["1000"][2:] == ["1.6485", "0.000206"]
    assert rows["exact"][2] == "1.6487"  # differs from the 1000-step row as printed
    assert len({row[2] for row in table["rows"]}) == len(table["rows"])


def test_unknown_keys_name_the_alternatives():
    with pytest.raises(ValueError, match="two_steps"):
        printed.number("ch1.nope")
    with pytest.raises(ValueError, match="euler-worked"):
        printed.table("nope")


@pytest.mark.parametrize("dt, steps, last", [(0.5, 2, 0.5), (0.3, 4, 0.1), (0.05, 20, 0.05), (1.0, 1, 1.0),
                                             (0.35, 3, 0.3), (0.15, 7, 0.1)])
def test_steps_and_shortened_last_step(dt, steps, last):
    sol = euler_path(dt)
    assert len(sol.t) - 1 == steps
    assert sol.t[-1] == 1.0
    assert sol.t[-1] - sol.t[-2] == pytest.approx(last)


def test_euler_scene_readouts():
    scene = sims.run("euler", {"dt": 0.5})
    r = scene["readouts"]
    assert r["steps"] == {"value": 2, "text": "2"}
    assert r["estimate"]["value"] == 1.5625 and r["estimate"]["text"] == "1.563"
    assert r["error"]["text"] == "0.0862"
    assert "1.563" in scene["alt"]


def test_every_slider_position_prints_a_different_estimate():
    texts = [sims.run("euler", {"dt": round(0.05 * k, 2)})["readouts"]["estimate"]["text"] for k in range(1, 21)]
    assert len(set(texts)) == 20


@pytest.mark.parametrize("bad", [0, -0.1, 1.5, float("nan"), "0.5"])
def test_euler_rejects_bad_step(bad):
    with pytest.raises(ValueError, match="dt"):
        sims.run("euler", {"dt": bad})


def test_run_checks_parameter_names():
    with pytest.raises(ValueError, match="unknown"):
        sims.run("euler", {"dt": 0.5, "x": 1})
    with pytest.raises(ValueError, match="known ids"):
        sims.run("nope", {})


# --- the sign of Euler's error: convexity, not growth ------------------------

def test_concave_solution_euler_overshoots():
    # dh/dt = 1 - h from 0: 0 -> 0.5 -> 0.75, above 1 - 1/e = 0.632
    from neural_odes.printed.ch01 import euler
    states = euler(lambda h: 1.0 - h, 0.0, 1.0, 0.5)
    assert states == [0.0, 0.5, 0.75]
    assert states[-1] > 1 - math.exp(-1)
    n = printed.number
    assert (n("ch1.concave_first"), n("ch1.concave_two_steps"), n("ch1.concave_exact")) == ("0.5", "0.75", "0.632")


def test_decay_is_convex_and_euler_undershoots_it_too():
    from neural_odes.printed.ch01 import euler
    assert euler(lambda h: -h, 1.0, 1.0, 0.5) == [1.0, 0.5, 0.25]
    for dt in (0.1, 0.25, 0.5, 0.9):
        n = round(1 / dt)
        assert (1 - dt) ** n < math.exp(-n * dt)
    assert (printed.number("ch1.decay_two_steps"), printed.number("ch1.decay_exact")) == ("0.25", "0.368")


def test_above_the_equilibrium_solutions_are_convex_and_euler_undershoots():
    from neural_odes.printed.ch01 import euler
    states = euler(lambda h: 1.0 - h, 2.0, 1.0, 0.5)
    assert states == [2.0, 1.5, 1.25] and states[-1] < 1 + math.exp(-1)
    n = printed.number
    assert (n("ch1.above_first"), n("ch1.above_two_steps"), n("ch1.above_exact")) == ("1.5", "1.25", "1.368")


def test_local_error_is_second_order_and_matches_taylor():
    from neural_odes.printed.ch01 import local_error
    assert local_error(0.5) == pytest.approx(math.exp(0.25) - 1.25, rel=1e-14)
    assert local_error(0.1) / local_error(0.05) == pytest.approx(4.0, abs=0.05)
    n = printed.number
    assert n("ch1.local_error_first") == "0.0340"
    assert n("ch1.taylor_term") == "0.03125"   # 1/2 * 0.5^2 * h''(0), h'' = h/4
    assert (n("ch1.local_error_01"), n("ch1.local_error_005"), n("ch1.local_ratio")) == ("0.00127", "0.000315", "4.03")


def test_global_error_bound_holds():
    from neural_odes.printed.ch01 import global_bound
    for dt in (0.5, 0.1, 0.05):
        assert abs(math.exp(0.5) - euler_path(dt).y[-1, 0]) <= global_bound(dt)
    assert global_bound(0.1) == pytest.approx(0.25 * math.exp(0.5) * 0.1 / 1.0 * (math.exp(0.5) - 1))
    assert (printed.number("ch1.bound_01"), printed.number("ch1.curvature_max")) == ("0.0267", "0.412")
    assert printed.number("ch1.ten_steps_error") == "0.0198"


def test_first_order_exercise_numbers():
    n = printed.number
    assert (n("ch1.err_02"), n("ch1.err_01"), n("ch1.err_005")) == ("0.0382", "0.0198", "0.0101")
    assert (n("ch1.err_02_half"), n("ch1.err_02_quarter")) == ("0.0191", "0.00955")
    assert n("ch1.err_ratio_01_005") == "1.96"
    # the slider readouts are the same numbers
    assert sims.run("euler", {"dt": 0.2})["readouts"]["error"]["text"] == n("ch1.err_02")
    assert sims.run("euler", {"dt": 0.05})["readouts"]["error"]["text"] == n("ch1.err_005")


def test_unstable_step_exercise():
    from neural_odes.printed.ch01 import euler
    assert euler(lambda h: -2 * h, 1.0, 6.0, 1.5) == [1.0, -2.0, 4.0, -8.0, 16.0]
    n = printed.number
    assert n("ch1.unstable_factor") == "-2"
    assert n("ch1.unstable_states") == "1, -2, 4, -8, 16"
    assert n("ch1.unstable_exact") == "6.1e-6"     # e^-12
    assert n("ch1.flip_states") == "1, -1, 1, -1"  # the one-layer ResNet h -> -h
    assert n("ch1.damped_states") == "1, -0.5, 0.25, -0.125, 0.0625"
    assert n("ch1.flow_slope") == "1.649"
