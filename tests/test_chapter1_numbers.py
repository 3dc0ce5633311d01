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
