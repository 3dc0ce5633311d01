"""Chapter 9: the numbers of the exercises (a linear field through every formula,
and the playground's swirl at double speed)."""

import math

import numpy as np
import pytest

from neural_odes import printed
from neural_odes.printed import ch09


def n(name):
    return printed.number(f"ch9.{name}")


def test_linear_example_against_closed_forms():
    M, det, a0 = ch09.linear_example()
    T = ch09.LINEAR_T
    rot = np.array([[math.cos(T), -math.sin(T)], [math.sin(T), math.cos(T)]])
    exact = math.exp(-0.5 * T) * rot  # e^{TA} for A = -0.5 I + rotation generator
    assert np.allclose(M, exact, atol=1e-8)
    assert det == pytest.approx(math.exp(np.trace(ch09.LINEAR_A) * T), abs=1e-8)
    # a(0) = e^{T A^T} a(T) with a(T) = e_1: the first row of the flow map
    assert np.allclose(a0, exact[0], atol=1e-8)
    assert (n("lin_trace"), n("lin_det"), n("lin_a0_1"), n("lin_a0_2")) == ("-1", "0.368", "0.328", "-0.510")
    assert n("lin_contraction") == "0.607"


def test_double_speed_swirl_costs_about_twice():
    assert n("fast_code") == ch09.FAST_SWIRL_CODE
    ratio = int(n("fast_nfe")) / int(n("default_nfe"))
    assert 1.8 < ratio < 2.2
    assert (n("fast_nfe"), n("fast_steps"), n("fast_t_equiv")) == ("740", "123", "12")


def test_quiz_9_3_states_the_backward_cost_as_the_literature_does():
    # correction 4 of issue 9: the backward solve is not "as many steps or more"
    from pathlib import Path
    text = (Path(__file__).parents[1] / "docs/chapters/09-cheat-sheet.md").read_text()
    quiz = text[text.index("id: 9-3"):text.index("id: 9-4")]
    assert "about as many steps as the forward one, or more" not in quiz
    assert "roughly half" in quiz and "[@chen2018neural, Fig. 3]" in quiz and "[@kidger2021hey]" in quiz
