"""Chapter 8's printed numbers: the trade-off curve of the trained classifier,
the 1-D / augmented flows of h -> -h, and the residual layer that reverses h."""

import math

from ..formatting import fixed, significant
from ..sims import augment as aug
from ..sims.tradeoff import FIXED_STEPS, N_POINTS, adaptive_point, curve, fixed_point, tolerance

DEFAULT_V = 0.5  # the tolerance slider's default
#: a residual layer h + f(h) with f(h) = RESIDUAL_RATE * h sends h to -h
RESIDUAL_RATE = -2.0


def numbers():
    c = curve()
    fixed_nfe, fixed_err = fixed_point()
    default_nfe, default_err = adaptive_point(DEFAULT_V)
    # the adaptive setting on the curve whose NFE is closest to the fixed network's
    i = min(range(len(c["nfe"])), key=lambda k: (abs(int(c["nfe"][k]) - fixed_nfe), c["error"][k]))
    plain = aug.augment(augmented=False)["readouts"]["max_error"]["value"]
    augmented = aug.augment(augmented=True)["readouts"]["max_error"]["value"]
    return {
        "points": str(N_POINTS),
        "loose_nfe": str(int(c["nfe"][0])),
        "loose_error": significant(float(c["error"][0]), 3),
        "tight_nfe": str(int(c["nfe"][-1])),
        "tight_error": significant(float(c["error"][-1]), 3),
        "default_nfe": str(default_nfe),
        "default_error": significant(default_err, 3),
        "fixed_steps": str(FIXED_STEPS),
        "fixed_nfe": str(fixed_nfe),
        "fixed_error": significant(fixed_err, 3),
        "near_fixed_nfe": str(int(c["nfe"][i])),
        "near_fixed_error": significant(float(c["error"][i]), 3),
        "squeeze": fixed(aug.SQUEEZE, 0),
        "squeeze_factor": fixed(math.exp(-aug.SQUEEZE), 3),
        "squeeze_layer_factor": fixed(1.0 - aug.SQUEEZE, 0),
        "plain_error": significant(plain, 3),
        "augmented_error": significant(augmented, 3),
        "augment_tol": significant(aug.TOL, 1),
        # a tolerance bounds each step's local error estimate, not the end-point error
        "default_tol": significant(tolerance(DEFAULT_V), 2),
        "default_error_ratio": fixed(default_err / tolerance(DEFAULT_V), 0),
        "nfe_ratio": fixed(int(c["nfe"][-1]) / int(c["nfe"][0]), 0),
        # one residual layer reverses h; the flow of the same field for time 1 only shrinks it
        "residual_rate": fixed(RESIDUAL_RATE, 0),
        "residual_factor": fixed(1.0 + RESIDUAL_RATE, 0),
        "residual_flow_factor": fixed(math.exp(RESIDUAL_RATE), 3),
    }
