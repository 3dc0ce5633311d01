"""Chapter 0's printed numbers: the ResNet staircase against the logistic curve."""

from ..formatting import fixed, significant
from ..sims.staircase import H0, RATE, T_END, exact, gap, resnet

LAYER_COUNTS = (1, 2, 4, 8, 16, 32, 64)


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


def numbers():
    one_layer = float(resnet(1).y[-1, 0])
    return {
        "h0": fixed(H0, 1),
        "rate": fixed(RATE, 0),
        "one_layer_update": fixed(RATE * H0 * (1 - H0), 2),
        "one_layer": fixed(one_layer, 2),
        "exact_end": fixed(float(exact(T_END)), 4),
        "gap_1": significant(gap(1), 3),
        "gap_4": significant(gap(4), 3),
        "gap_64": significant(gap(64), 3),
        "gap_ratio_4_64": fixed(gap(4) / gap(64), 1),
    }
