"""Numbers print as a reader expects: rounded half up."""

import pytest

from neural_odes.formatting import distinct_decimals, fixed, significant


@pytest.mark.parametrize("x, decimals, text", [
    (1.5625, 3, "1.563"),  # half to even would give 1.562
    (2.675, 2, "2.68"),  # the float is 2.67499999..., a reader sees 2.675
    (0.125, 2, "0.13"),
    (-1.5625, 3, "-1.563"),
    (-0.0004, 3, "0.000"),  # no "-0.000"
    (1.05 ** 10, 3, "1.629"),
    (3, 2, "3.00"),
])
def test_fixed_rounds_half_up(x, decimals, text):
    assert fixed(x, decimals) == text


@pytest.mark.parametrize("x, digits, text", [
    (0.0862212707001282, 3, "0.0862"),
    (0.000206, 3, "0.000206"),
    (2.0615e-7, 3, "2.06e-7"),
    (9.9951e-6, 3, "1.00e-5"),
    (123.45, 3, "123"),
    (0.0, 3, "0"),
])
def test_significant(x, digits, text):
    assert significant(x, digits) == text


def test_distinct_decimals_separates_close_values():
    assert distinct_decimals([1.648515], 1.648721) == 4
    assert distinct_decimals([1.5625], 1.648721) == 3


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "1.0", None, True])
def test_refuses_non_numbers(bad):
    with pytest.raises(ValueError):
        fixed(bad, 2)
