"""Chapter 5: the memory simulation (backprop through the solver vs the adjoint)."""

import numpy as np
import pytest

from neural_odes import printed, sims
from neural_odes.adjoint import relative_difference
from neural_odes.printed import ch05
from neural_odes.sims.memory import BATCH, FIELD, H0, HIDDEN, LOSS, gradients
from neural_odes.solvers import fixed_step


def test_backprop_tape_is_one_block_per_step():
    # each Euler step stores the field's input (2 numbers) and hidden layer
    # (16) for each of the 8 points, as 8-byte floats
    per_step = BATCH * (2 + HIDDEN) * 8
    assert per_step == 1152
    for n in (1, 7, 12, 200):
        bp, _ = gradients(n)
        assert bp.bytes_kept == n * per_step


def test_adjoint_memory_is_flat():
    sizes = {gradients(n)[1].bytes_kept for n in (1, 5, 12, 90, 200)}
    assert sizes == {4688}


def test_backprop_is_the_gradient_of_the_euler_solve():
    steps, eps = 3, 1e-6
    bp, _ = gradients(steps)

    def loss(h0):
        return LOSS(fixed_step(FIELD, (0.0, 1.0), h0, dt=1.0 / steps, method="euler").y[-1])[0]

    fd = np.zeros_like(H0)
    for idx in np.ndindex(H0.shape):
        e = np.zeros_like(H0)
        e[idx] = eps
        fd[idx] = (loss(H0 + e) - loss(H0 - e)) / (2 * eps)
    np.testing.assert_allclose(bp.grad_h0, fd, atol=1e-8)


def test_gradients_agree_better_with_more_steps():
    diffs = [relative_difference(*reversed(gradients(n))) for n in (1, 4, 16, 64)]
    assert diffs == sorted(diffs, reverse=True)
    # Euler is first order: four times the steps, about a quarter of the gap
    for a, b in zip(diffs[1:], diffs[2:]):
        assert 3.0 < a / b < 5.0


def test_scene_readouts():
    scene = sims.run("memory", {"steps": 12})
    r = scene["readouts"]
    assert r["backprop_bytes"] == {"value": 13824, "text": "13824 bytes"}
    assert r["adjoint_bytes"] == {"value": 4688, "text": "4688 bytes"}
    assert r["grad_diff"]["text"] == "0.00541"
    bp, adj = gradients(12)
    assert r["grad_diff"]["value"] == relative_difference(adj, bp)
    bars = [m for m in scene["panels"][0]["marks"] if m["type"] == "bars"]
    assert sum(m["heights"][0] for m in bars) == pytest.approx(13.824)
    assert sum(m["heights"][1] for m in bars) == pytest.approx(4.688)


def test_every_slider_position_prints_a_different_memory_and_difference():
    texts = [sims.run("memory", {"steps": n})["readouts"] for n in range(1, 201)]
    assert len({t["backprop_bytes"]["text"] for t in texts}) == 200
    assert len({t["grad_diff"]["text"] for t in texts}) == 200
    assert len({t["adjoint_bytes"]["text"] for t in texts}) == 1


def test_deterministic_and_integral_floats_accepted():
    assert sims.run("memory", {"steps": 30}) == sims.run("memory", {"steps": 30.0})


@pytest.mark.parametrize("bad", [0, 201, 2.5, -1, float("nan"), "12", None, True])
def test_bad_steps_raise(bad):
    with pytest.raises(ValueError, match="steps"):
        sims.run("memory", {"steps": bad})


def test_printed_numbers():
    assert printed.number("ch5.per_step_bytes") == "1152"
    assert printed.number("ch5.floats_per_point") == "18"
    assert printed.number("ch5.float_bytes") == "8"
    assert printed.number("ch5.adjoint_bytes") == "4688"
    assert printed.number("ch5.backprop_12") == "13824"
    assert printed.number("ch5.backprop_200") == "230400"
    assert printed.number("ch5.ratio_200") == "49"  # 230400 / 4688 = 49.1
    # 4 steps keep 4608 bytes (less than the adjoint's 4688), 5 keep 5760
    assert printed.number("ch5.crossover") == "5"
    assert printed.number("ch5.n_params") == str(2 * HIDDEN + HIDDEN + HIDDEN * 2 + 2) == "82"
    assert printed.number("ch5.diff_12") == "0.00541"
    assert printed.number("ch5.default_steps") == "12"


def test_memory_table():
    rows = {row[0]: row for row in printed.table("memory-steps")["rows"]}
    assert rows["4"][1:3] == ["4608", "4688"]
    assert rows["5"][1:3] == ["5760", "4688"]
    assert ch05.crossover(4688, 1152) == 5
