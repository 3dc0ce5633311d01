"""Against scipy.integrate.solve_ivp (CPython only: Pyodide's book has no scipy)."""

import numpy as np
import pytest

scipy = pytest.importorskip("scipy")
from scipy.integrate import solve_ivp  # noqa: E402

from neural_odes.solvers import fixed_step, solve_ivp_adaptive  # noqa: E402
from problems import PROBLEMS, lotka_volterra, van_der_pol  # noqa: E402

NO_CLOSED_FORM = [
    ("van_der_pol", van_der_pol(2.0), np.array([2.0, 0.0]), (0.0, 10.0)),
    ("lotka_volterra", lotka_volterra, np.array([1.0, 1.0]), (0.0, 8.0)),
]


def reference(f, t_span, y0):
    shape = np.shape(y0)
    g = lambda t, y: np.asarray(f(t, y.reshape(shape))).ravel()  # noqa: E731
    sol = solve_ivp(g, t_span, np.ravel(y0), method="DOP853", rtol=1e-12, atol=1e-12)
    return sol.y[:, -1].reshape(shape)


@pytest.mark.parametrize("case", NO_CLOSED_FORM, ids=lambda c: c[0])
@pytest.mark.parametrize("tol", [1e-3, 1e-6, 1e-9])
def test_adaptive_against_tight_scipy_reference(case, tol):
    _, f, y0, t_span = case
    ref = reference(f, t_span, y0)
    ours = solve_ivp_adaptive(f, t_span, y0, rtol=tol, atol=tol)
    theirs = solve_ivp(f, t_span, y0, method="RK45", rtol=tol, atol=tol)
    err_ours = np.max(np.abs(ours.y[-1] - ref))
    err_theirs = np.max(np.abs(theirs.y[:, -1] - ref))
    assert err_ours <= 1.5 * err_theirs + 1e-13
    assert ours.nfe <= 1.05 * theirs.nfev


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.name)
def test_closed_forms_agree_with_scipy_reference(problem):
    np.testing.assert_allclose(reference(problem.f, problem.t_span, problem.y0),
                               problem.y_end, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.name)
def test_adaptive_tight_against_scipy_reference(problem):
    ref = reference(problem.f, problem.t_span, problem.y0)
    ours = solve_ivp_adaptive(problem.f, problem.t_span, problem.y0, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.y[-1], ref, rtol=1e-8, atol=1e-10)


@pytest.mark.parametrize("case", NO_CLOSED_FORM, ids=lambda c: c[0])
def test_rk4_against_scipy_reference(case):
    _, f, y0, t_span = case
    ours = fixed_step(f, t_span, y0, dt=0.001, method="rk4")
    np.testing.assert_allclose(ours.y[-1], reference(f, t_span, y0), atol=1e-8)
