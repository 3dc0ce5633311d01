"""A kept adaptive solve answers the solve to any earlier end time exactly
(AdaptivePath.until), the way chapter 7's classifier moves its T slider."""

import numpy as np
import pytest

from neural_odes.fields import MLPField, turbulent
from neural_odes.solvers import solve_ivp_adaptive
from neural_odes.solvers.adaptive import adaptive_path


def _van_der_pol(t, h):
    return np.array([h[1], 8.0 * (1.0 - h[0] ** 2) * h[1] - h[0]])


def _assert_same(a, b):
    assert a.nfe == b.nfe and a.n_accepted == b.n_accepted and a.n_rejected == b.n_rejected
    for name in ("t", "y", "step_sizes", "rejected_t", "rejected_h"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


CASES = {
    # rejections along the way (stiff stretches of Van der Pol, a turbulent particle)
    "van der pol": (_van_der_pol, (0.0, 20.0), np.array([2.0, 0.0]), 1e-3),
    "turbulent": (turbulent(0.9), (0.0, 4.0), np.array([-2.0, 1.2]), 1e-2),
    # a batch through a tanh MLP, as the classifier flows its points
    "mlp batch": (MLPField(2, (16,), seed=3, init_gain=2.0),
                  (0.0, 3.0), np.random.default_rng(0).standard_normal((20, 2)), 1e-8),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_until_equals_a_fresh_solve_at_every_end_time(name):
    f, span, y0, tol = CASES[name]
    path = adaptive_path(f, span, y0, rtol=tol, atol=tol)
    assert path.solution.n_accepted > 10
    for T in np.linspace(span[0], span[1], 241)[1:]:
        _assert_same(path.until(T), solve_ivp_adaptive(f, (span[0], T), y0, rtol=tol, atol=tol))


def test_the_full_span_is_the_kept_solution_and_a_bad_time_raises():
    f, span, y0, tol = CASES["van der pol"]
    path = adaptive_path(f, span, y0, rtol=tol, atol=tol)
    _assert_same(path.solution, solve_ivp_adaptive(f, span, y0, rtol=tol, atol=tol))
    assert path.until(span[1]) is path.solution
    for bad in (span[0], span[1] + 0.5, -1.0):
        with pytest.raises(ValueError, match="T must be"):
            path.until(bad)
