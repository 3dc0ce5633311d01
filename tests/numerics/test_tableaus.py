import numpy as np
import pytest

from neural_odes.solvers import METHODS, ADAPTIVE_METHODS, get_method
from neural_odes.solvers.tableaus import DOPRI5, RK4


@pytest.mark.parametrize("name", list(METHODS))
def test_row_sums_equal_c(name):
    tab = METHODS[name]
    A = tab.matrix()
    np.testing.assert_allclose(A.sum(axis=1), tab.c, atol=1e-15)


@pytest.mark.parametrize("name", list(METHODS))
def test_weights_sum_to_one(name):
    assert abs(sum(METHODS[name].b) - 1.0) < 1e-15


@pytest.mark.parametrize("name", ADAPTIVE_METHODS)
def test_embedded_weights_and_error_weights(name):
    tab = METHODS[name]
    assert abs(sum(tab.b_hat) - 1.0) < 1e-15
    assert abs(sum(tab.e)) < 1e-15
    np.testing.assert_allclose(np.array(tab.b) - np.array(tab.b_hat), tab.e, atol=1e-16)


@pytest.mark.parametrize("name", list(METHODS))
def test_lower_triangular(name):
    tab = METHODS[name]
    assert all(len(row) == i for i, row in enumerate(tab.a))


@pytest.mark.parametrize("tab", [RK4, DOPRI5])
def test_order_conditions_up_to_four(tab):
    b, c, A = np.array(tab.b), np.array(tab.c), tab.matrix()
    assert np.isclose(b @ c, 1 / 2)
    assert np.isclose(b @ c**2, 1 / 3)
    assert np.isclose(b @ A @ c, 1 / 6)
    assert np.isclose(b @ c**3, 1 / 4)
    assert np.isclose(b @ (c * (A @ c)), 1 / 8)
    assert np.isclose(b @ A @ c**2, 1 / 12)
    assert np.isclose(b @ A @ A @ c, 1 / 24)


def test_dopri5_fifth_order_condition_and_fsal():
    b, c = np.array(DOPRI5.b), np.array(DOPRI5.c)
    assert np.isclose(b @ c**4, 1 / 5)
    assert DOPRI5.fsal and not RK4.fsal
    assert DOPRI5.order == 5 and DOPRI5.error_order == 4


def test_tableau_is_immutable():
    with pytest.raises(Exception):
        DOPRI5.order = 3


def test_registry_names_and_unknown_name_lists_valid_ones():
    assert {"euler", "midpoint", "rk4", "dopri5"} <= set(METHODS)
    with pytest.raises(ValueError, match="euler, midpoint, rk4"):
        get_method("rk45")
    with pytest.raises(ValueError, match="method must be one of"):
        get_method(None)
