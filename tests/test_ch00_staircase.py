"""Chapter 0: the ResNet staircase and its printed numbers, against hand-worked values."""

import math

import pytest

from neural_odes import printed, sims
from neural_odes.sims.staircase import exact, gap, resnet


def test_exact_curve_is_the_logistic():
    assert exact(0.0) == pytest.approx(0.1)
    assert exact(1.0) == pytest.approx(1.0 / (1.0 + 9.0 * math.exp(-3.0)), rel=1e-15)
    # it solves h' = 3h(1-h): a centred difference agrees with the right-hand side
    t, d = 0.4, 1e-6
    slope = (exact(t + d) - exact(t - d)) / (2 * d)
    assert slope == pytest.approx(3 * exact(t) * (1 - exact(t)), rel=1e-8)


def test_one_layer_by_hand():
    # 0.1 + 3 * 0.1 * 0.9 = 0.37
    assert resnet(1).y[-1, 0] == pytest.approx(0.37, rel=1e-15)
    assert printed.number("ch0.one_layer") == "0.37"
    assert printed.number("ch0.one_layer_update") == "0.27"


def test_two_layers_by_hand():
    h1 = 0.1 + 0.5 * 3 * 0.1 * 0.9           # 0.235
    h2 = h1 + 0.5 * 3 * h1 * (1 - h1)        # 0.5046625
    assert list(resnet(2).y[:, 0]) == pytest.approx([0.1, 0.235, 0.5046625], rel=1e-15)
    assert h2 == pytest.approx(0.5046625)


def test_layers_are_euler_steps_of_size_one_over_n():
    sol = resnet(8)
    assert len(sol.t) == 9 and sol.t[-1] == 1.0
    for k in range(8):
        h = sol.y[k, 0]
        assert sol.y[k + 1, 0] == pytest.approx(h + (1 / 8) * 3 * h * (1 - h), rel=1e-14)


def test_gap_shrinks_about_in_half_per_doubling():
    gaps = [gap(n) for n in (1, 2, 4, 8, 16, 32, 64)]
    assert all(a > b for a, b in zip(gaps, gaps[1:]))
    assert gaps[-2] / gaps[-1] == pytest.approx(2.0, abs=0.1)  # first order


def test_printed_numbers():
    n = printed.number
    assert n("ch0.exact_end") == "0.6906"
    assert n("ch0.gap_1") == "0.321"        # 0.690568 - 0.37
    assert n("ch0.gap_4") == "0.0872"
    assert n("ch0.gap_64") == "0.00441"
    assert n("ch0.gap_ratio_4_64") == "19.8"
    assert n("ch0.h0") == "0.1" and n("ch0.rate") == "3"


def test_table_rows():
    table = printed.table("staircase-gaps")
    rows = {r[0]: r for r in table["rows"]}
    assert rows["1"][1:3] == ["0.3700", "0.321"]
    assert rows["2"][1:3] == ["0.5047", "0.186"]
    assert rows["64"][2] == "0.00441"
    assert rows["∞ (the ODE)"][1] == "0.6906"
    assert len({r[1] for r in table["rows"]}) == len(table["rows"])


def test_scene_readout_and_staircase_shape():
    s = sims.run("staircase", {"layers": 4})
    assert s["readouts"]["gap"]["text"] == "0.0872"
    stair = s["panels"][0]["marks"][1]
    assert len(stair["x"]) == 2 * 4 + 1  # the start, then a tread end and a riser top per layer
    assert stair["x"][:3] == [0.0, 0.25, 0.25]
    assert "0.0872" in s["alt"]


def test_every_slider_position_prints_a_different_gap():
    texts = [sims.run("staircase", {"layers": k})["readouts"]["gap"]["text"] for k in range(1, 65)]
    assert len(set(texts)) == 64


def test_same_arguments_same_scene():
    assert sims.run("staircase", {"layers": 7}) == sims.run("staircase", {"layers": 7})


@pytest.mark.parametrize("bad", [0, 65, 2.5, -1, float("nan"), "4", True])
def test_rejects_bad_layers(bad):
    with pytest.raises(ValueError, match="layers"):
        sims.run("staircase", {"layers": bad})


def test_accepts_whole_float_from_a_slider():
    assert sims.run("staircase", {"layers": 4.0})["readouts"]["gap"]["text"] == "0.0872"


def test_exercise_numbers_gap_scaling():
    n = printed.number
    assert (n("ch0.gap_8"), n("ch0.gap_16"), n("ch0.gap_32")) == ("0.0395", "0.0186", "0.00897")
    assert n("ch0.half_gap_16") == "0.00928"          # 0.018551 / 2
    # first order: N * gap settles (to about 0.28)
    assert (n("ch0.gap_times_n_16"), n("ch0.gap_times_n_64")) == ("0.297", "0.282")
    assert n("ch0.predicted_layers") == "29.7"         # 0.297 / 0.01
    # 29 is the first slider position below 0.01, 28 is not
    assert gap(29) < 0.01 < gap(28)
    assert (n("ch0.fewest_layers"), n("ch0.gap_fewest"), n("ch0.gap_fewest_minus_one")) == ("29", "0.00993", "0.0103")


def test_exercise_numbers_two_layers_by_hand():
    assert printed.number("ch0.two_layer_first") == "0.235"
    assert printed.number("ch0.two_layer_out") == "0.5047"   # 0.5046625


def test_unscaled_resnet_is_the_chaotic_logistic_map():
    from neural_odes.printed.ch00 import unscaled
    states = unscaled(12)
    # h = 4/3 x turns h + 3h(1-h) into x -> 4x(1-x)
    for a, b in zip(states, states[1:]):
        x = 0.75 * a
        assert 0.75 * b == pytest.approx(4 * x * (1 - x), rel=1e-12)
    assert states[:4] == pytest.approx([0.1, 0.37, 1.0693, 0.84699253], rel=1e-7)
    assert all(0 <= h <= 4 / 3 for h in states)
    assert printed.number("ch0.unscaled_states") == "0.100, 0.370, 1.069, 0.847, 1.236, 0.362, 1.054"
    assert printed.number("ch0.unscaled_max") == "1.333"
