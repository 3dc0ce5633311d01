import math

import numpy as np
import pytest

from neural_odes.convergence import (ORDER_STEPS, convergence_curve, loglog_slope,
                                     logistic_exact)


@pytest.mark.parametrize("method,order", [("euler", 1), ("midpoint", 2), ("bosh3", 3),
                                          ("rk4", 4), ("dopri5", 5)])
def test_measured_orders_round_to_the_theory(method, order):
    curve = convergence_curve(method)
    assert round(curve["order"]) == order
    assert curve["order"] == pytest.approx(order, abs=0.3)
    assert np.all(np.diff(curve["error"]) < 0)
    assert len(curve["nfe"]) == len(ORDER_STEPS[method])


def test_slope_helper():
    x = np.array([1.0, 10.0, 100.0])
    assert loglog_slope(x, 3 * x**-2) == pytest.approx(-2.0)
    with pytest.raises(ValueError, match="positive arrays"):
        loglog_slope([1.0, 2.0], [0.0, 1.0])


def test_logistic_closed_form():
    assert logistic_exact(0.0) == pytest.approx(0.1)
    assert logistic_exact(1.0) == pytest.approx(1 / (1 + 9 * math.exp(-3)))
