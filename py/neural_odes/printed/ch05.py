"""Chapter 5's printed numbers: bytes kept by backprop and by the adjoint."""

import math

from ..controls import tolerance
from ..formatting import significant
from ..adjoint import relative_difference
from ..sims.memory import BATCH, FIELD, H0, HIDDEN, STEPS_MAX, gradients
from ..sims.reconstruct import SETUPS, T as RECON_T, reconstruct

DEFAULT_STEPS = 12  # the slider's default
STEP_COUNTS = (1, 4, 5, DEFAULT_STEPS, 50, 200)


def runs():
    """{steps: (backprop result, adjoint result, relative difference)}."""
    out = {}
    for n in STEP_COUNTS:
        bp, adj = gradients(n)
        out[n] = (bp, adj, relative_difference(adj, bp))
    return out


def crossover(adjoint_bytes, per_step):
    """Fewest steps at which the backprop tape outgrows the adjoint's buffers."""
    n = 1
    while n * per_step <= adjoint_bytes:
        n += 1
    return n


def memory_table():
    rows = [[str(n), str(bp.bytes_kept), str(adj.bytes_kept), significant(d, 3)]
            for n, (bp, adj, d) in runs().items()]
    return {"columns": ["Euler steps", "backprop bytes", "adjoint bytes", "gradient difference"],
            "rows": rows, "align": ["right"] * 4}


TABLES = {"memory-steps": memory_table}


RECON_LOOSE = 0.2  # the tolerance slider position the prose quotes


def reconstruct_numbers():
    """What the ``reconstruct`` simulation shows: the node's rates, the backward
    stretch e^(fast T), and the rebuilt start's error at one loose tolerance."""
    slow, fast = sorted(-r for r in SETUPS["contracting"].rates)

    def error(name, v):
        return reconstruct(field=name, tol=v)["readouts"]["recon_error"]

    tight = error("contracting", 1.0)["value"] / error("expanding", 1.0)["value"]
    return {
        "recon_T": f"{RECON_T:g}",
        "recon_fast": f"{fast:g}",
        "recon_slow": f"{slow:g}",
        "recon_growth": f"{round(math.exp(fast * RECON_T), -2):.0f}",
        "recon_loose_v": f"{RECON_LOOSE:g}",
        "recon_loose_tol": significant(tolerance(RECON_LOOSE), 2),
        "recon_con_loose": error("contracting", RECON_LOOSE)["text"],
        "recon_exp_loose": error("expanding", RECON_LOOSE)["text"],
        "recon_rot_loose": error("rotating", RECON_LOOSE)["text"],
        "recon_ratio_tight": f"{round(tight, -2):.0f}",
    }


def numbers():
    r = runs()
    bp1, adj1, d1 = r[1]
    bp12, adj12, d12 = r[DEFAULT_STEPS]
    bp200, adj200, d200 = r[200]
    per_step = bp1.bytes_kept
    n_params = sum(v.size for v in FIELD.params.values())
    return {
        **reconstruct_numbers(),
        "dim": str(FIELD.dim),
        "batch": str(BATCH),
        "float_bytes": str(H0.itemsize),
        "default_steps": str(DEFAULT_STEPS),
        "hidden": str(HIDDEN),
        "floats_per_point": str(2 + HIDDEN),
        "per_step_bytes": str(per_step),
        "n_params": str(n_params),
        "adjoint_bytes": str(adj12.bytes_kept),
        "backprop_12": str(bp12.bytes_kept),
        "backprop_200": str(bp200.bytes_kept),
        "steps_max": str(STEPS_MAX),
        "ratio_200": str(round(bp200.bytes_kept / adj200.bytes_kept)),
        "crossover": str(crossover(adj1.bytes_kept, per_step)),
        "diff_1": significant(d1, 3),
        "diff_12": significant(d12, 3),
        "diff_200": significant(d200, 3),
    }
