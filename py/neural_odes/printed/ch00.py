"""Chapter 0's printed numbers: the ResNet staircase against the logistic curve."""

import numpy as np

from ..formatting import fixed, significant
from ..sims.staircase import H0, RATE, T_END, block, exact, gap, resnet
from ..solvers import fixed_step

LAYER_COUNTS = (1, 2, 4, 8, 16, 32, 64)
#: layers of the unscaled ResNet of an exercise (each adds the whole f(h))
UNSCALED_LAYERS = 6
#: the gap an exercise asks the reader to get below
GAP_TARGET = 0.01


def staircase_table():
    """Layers, the last layer's output and its gap to the curve's end value."""
    rows = []
    previous = None
    for n in LAYER_COUNTS:
        g = gap(n)
        ratio = "" if previous is None else fixed(previous / g, 2)
        rows.append([f"{n}", fixed(float(resnet(n).y[-1, 0]), 4), significant(g, 3), ratio or "–"])
        previous = g
    rows.append(["∞ (the ODE)", fixed(float(exact(T_END)), 4), "0", "–"])
    return {"columns": ["layers N", "output after N layers", "gap to the curve", "shrink factor vs. the row above"],
            "rows": rows, "align": ["right", "right", "right", "right"]}


TABLES = {"staircase-gaps": staircase_table}


def unscaled(layers=UNSCALED_LAYERS):
    """Hidden states of a ResNet whose layers each add the whole ``f(h)``
    (no 1/N): Euler's method with step 1 on ``[0, layers]``."""
    sol = fixed_step(block, (0.0, float(layers)), np.array([H0]), dt=1.0, method="euler")
    return [float(h) for h in sol.y[:, 0]]


def fewest_layers_below(target=GAP_TARGET):
    """Smallest N whose gap is below ``target`` (the slider goes to 64)."""
    return next(n for n in range(1, 65) if gap(n) < target)


def numbers():
    one_layer = float(resnet(1).y[-1, 0])
    two = resnet(2).y[:, 0]
    return {
        "h0": fixed(H0, 1),
        "rate": fixed(RATE, 0),
        "one_layer_update": fixed(RATE * H0 * (1 - H0), 2),
        "one_layer": fixed(one_layer, 2),
        "two_layer_first": fixed(float(two[1]), 3),
        "two_layer_out": fixed(float(two[2]), 4),
        "exact_end": fixed(float(exact(T_END)), 4),
        "gap_1": significant(gap(1), 3),
        "gap_4": significant(gap(4), 3),
        "gap_8": significant(gap(8), 3),
        "gap_16": significant(gap(16), 3),
        "gap_32": significant(gap(32), 3),
        "gap_64": significant(gap(64), 3),
        "gap_ratio_4_64": fixed(gap(4) / gap(64), 1),
        # first order: N * gap settles to a constant
        "gap_times_n_16": fixed(16 * gap(16), 3),
        "gap_times_n_64": fixed(64 * gap(64), 3),
        "half_gap_16": significant(gap(16) / 2, 3),
        "gap_target": f"{GAP_TARGET:g}",
        "predicted_layers": fixed(16 * gap(16) / GAP_TARGET, 1),
        "fewest_layers": f"{fewest_layers_below()}",
        "gap_fewest": significant(gap(fewest_layers_below()), 3),
        "gap_fewest_minus_one": significant(gap(fewest_layers_below() - 1), 3),
        "unscaled_layers": f"{UNSCALED_LAYERS}",
        "unscaled_states": ", ".join(fixed(h, 3) for h in unscaled()),
        "unscaled_max": fixed(4.0 / 3.0, 3),
    }
