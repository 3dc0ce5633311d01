"""Chapter 7: the numbers of the prose on training, time rescaling and the exercises."""

import math

import pytest

from neural_odes import printed
from neural_odes.printed import ch07


def n(name):
    return printed.number(f"ch7.{name}")


def test_exact_flow_classifies_like_the_trained_discretization():
    acc, disagree = ch07.exact_flow_accuracy()
    assert n("test_accuracy_exact") == f"{100 * acc:.1f}" == n("test_accuracy")
    assert n("exact_disagree") == str(disagree) == "0"


def test_time_rescaling_pairs_agree_in_accuracy():
    # s T = 1.5 and s T = 0.75: the same end points, so the same accuracy
    assert ch07.readouts(0.5, 3.0, 1.0)[1] == ch07.readouts(1.0, 1.5, 1.0)[1]
    assert ch07.readouts(1.0, 0.75, 0.5) == ch07.readouts(0.5, 1.5, 0.5)
    assert (n("acc_s075"), n("nfe_s075")) == (n("acc_half"), n("nfe_half")) == ("84.0", "44")


def test_the_first_step_guess_breaks_the_nfe_match_at_the_default():
    nfe_a, acc_a = ch07.readouts(0.5, 3.0, 0.5)
    nfe_b, acc_b = ch07.readouts(1.0, 1.5, 0.5)
    assert acc_a == acc_b and nfe_a != nfe_b
    assert (n("nfe_s3_half_default"), n("nfe_default")) == ("68", "74")


def test_overshoot_swaps_the_sides():
    assert float(n("acc_s3")) + float(n("acc_s3_flipped")) == pytest.approx(100.0)
    assert float(n("acc_s3_flipped")) > 95.0


def test_rescaling_exercise_against_closed_forms():
    for s, T, auto, tdep in ch07.rescaling_exercise():
        assert auto == pytest.approx(math.exp(-s * T), abs=1e-8)
        assert tdep == pytest.approx(math.exp(-s * T * T / 2), abs=1e-8)
    assert n("ex_auto_a") == n("ex_auto_b") == "0.223"
    assert (n("ex_tdep_a"), n("ex_tdep_b")) == ("0.687", "0.472")
    assert n("state_penalty") == "0.05"
