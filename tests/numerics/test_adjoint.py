import numpy as np
import pytest

from neural_odes.adjoint import (adjoint_gradients, backprop_through_solver,
                                 relative_difference, squared_error_loss)
from neural_odes.fields import MLPField
from neural_odes.solvers import fixed_step
from finite_differences import gradient

RNG = np.random.default_rng(0)
FIELD = MLPField(2, (16,), seed=0, init_gain=1.0)
H0 = RNG.standard_normal((8, 2))
LOSS = squared_error_loss(RNG.standard_normal((8, 2)))


def loss_of(h0, params, steps, method):
    f = FIELD.with_params(params)
    return LOSS(fixed_step(f, (0.0, 1.0), h0, dt=1.0 / steps, method=method).y[-1])[0]


@pytest.mark.parametrize("method", ["euler", "midpoint", "rk4", "dopri5"])
def test_backprop_is_the_exact_gradient_of_the_discrete_solve(method):
    steps = 5
    res = backprop_through_solver(FIELD, H0, LOSS, steps=steps, method=method)
    h0 = H0.copy()
    fd = gradient(lambda: loss_of(h0, FIELD.params, steps, method), h0)
    np.testing.assert_allclose(res.grad_h0, fd, atol=1e-8)
    P = {k: v.copy() for k, v in FIELD.params.items()}
    for k in ("W0", "b1"):
        fdp = gradient(lambda: loss_of(H0, P, steps, method), P[k])
        np.testing.assert_allclose(res.grad_params[k], fdp, atol=1e-8, err_msg=k)


def test_adjoint_converges_to_backprop_as_steps_grow():
    diffs = []
    for steps in (2, 8, 32):
        a = adjoint_gradients(FIELD, H0, LOSS, steps=steps)
        b = backprop_through_solver(FIELD, H0, LOSS, steps=steps)
        diffs.append(relative_difference(a, b))
        assert a.loss == pytest.approx(b.loss, rel=1e-12)
        np.testing.assert_allclose(a.h_T, b.h_T, rtol=1e-13)
    assert diffs[0] > diffs[1] > diffs[2]
    assert diffs[2] < 1e-6


def test_adjoint_against_finite_differences_of_the_exact_flow():
    a = adjoint_gradients(FIELD, H0, LOSS, steps=100)
    h0 = H0.copy()
    fd = gradient(lambda: loss_of(h0, FIELD.params, 100, "rk4"), h0)
    np.testing.assert_allclose(a.grad_h0, fd, atol=1e-7)


def test_memory_grows_for_backprop_and_is_flat_for_the_adjoint():
    bp = [backprop_through_solver(FIELD, H0, LOSS, steps=s).bytes_kept for s in (1, 10, 100)]
    adj = [adjoint_gradients(FIELD, H0, LOSS, steps=s).bytes_kept for s in (1, 10, 100)]
    assert bp[1] == 10 * bp[0] and bp[2] == 100 * bp[0]
    assert adj[0] == adj[1] == adj[2] > 0
    assert bp[2] > 10 * adj[2]


def test_euler_gradients_differ_visibly_at_few_steps():
    a = adjoint_gradients(FIELD, H0, LOSS, steps=3, method="euler")
    b = backprop_through_solver(FIELD, H0, LOSS, steps=3, method="euler")
    assert relative_difference(a, b) > 1e-3


def test_bad_arguments():
    with pytest.raises(ValueError, match="^steps must be a positive integer"):
        adjoint_gradients(FIELD, H0, LOSS, steps=0)
    with pytest.raises(ValueError, match="^field must provide"):
        backprop_through_solver(lambda t, h: h, H0, LOSS, steps=3)
    with pytest.raises(ValueError, match="^method must be one of"):
        backprop_through_solver(FIELD, H0, LOSS, steps=3, method="heun")


def test_memory_of_chapter_5():
    """Chapter 5's problem: the tape grows with the steps, the adjoint's memory
    does not; with RK4 the gradients agree closely, with Euler visibly."""
    from neural_odes.adjoint import relative_difference
    from neural_odes.sims import memory

    def both(steps, method):
        args = (memory.FIELD, memory.H0, memory.LOSS)
        return (backprop_through_solver(*args, steps=steps, method=method),
                adjoint_gradients(*args, steps=steps, method=method))

    (bp12, adj12), (bp200, adj200) = both(12, "rk4"), both(200, "rk4")
    assert bp200.bytes_kept == 200 * bp12.bytes_kept // 12
    assert adj200.bytes_kept == adj12.bytes_kept
    assert relative_difference(adj12, bp12) < 1e-6
    assert relative_difference(adj200, bp200) < relative_difference(adj12, bp12)
    assert 1e-3 < relative_difference(*reversed(both(12, "euler"))) < 1e-1


def test_nfe_is_counted_by_the_solvers_counter():
    """Backprop: one evaluation per stage forward, one VJP per stage backward."""
    result = backprop_through_solver(FIELD, H0, LOSS, steps=5, method="rk4")
    assert result.nfe == 2 * 4 * 5
