"""Chapter 2's printed numbers: the flow time and what the fields do in it."""

import math

import numpy as np

from ..fields import spiral_sink, swirl
from ..formatting import fixed
from ..sims.field import DT, MAX_PARTICLES, T_FLOW, flow
from ..solvers import fixed_step_count


def sink_shrink():
    """How much the spiral sink shrinks a particle's distance to the centre in
    the flow time, measured on a flowed particle (exactly e^(-0.3 T))."""
    start = np.array([[2.0, 0.0]])
    end = flow(spiral_sink, start).y[-1, 0]
    return float(np.hypot(*end) / 2.0)


def swirl_turns(radius):
    """Turns a swirl particle at ``radius`` makes in the flow time, measured
    from its flowed path (the angular speed is 2 / (1 + r^2))."""
    path = flow(swirl, np.array([[radius, 0.0]])).y[:, 0]
    angle = np.unwrap(np.arctan2(path[:, 1], path[:, 0]))
    return float((angle[-1] - angle[0]) / (2 * math.pi))


SWIRL_RADII = (0.5, 2.0)
CYCLE_RADIUS = 1.0  # limit_cycle with mu = 1: the loop r = sqrt(mu)


def numbers():
    return {
        "swirl_r_inner": f"{SWIRL_RADII[0]:g}",
        "swirl_r_outer": f"{SWIRL_RADII[1]:g}",
        "cycle_radius": f"{CYCLE_RADIUS:g}",
        "flow_time": f"{T_FLOW:g}",
        "rk4_steps": f"{fixed_step_count((0.0, T_FLOW), DT)}",
        "dt": f"{DT:g}",
        "max_particles": f"{MAX_PARTICLES}",
        "sink_shrink": fixed(sink_shrink(), 2),
        "swirl_turns_inner": fixed(swirl_turns(SWIRL_RADII[0]), 2),
        "swirl_turns_outer": fixed(swirl_turns(SWIRL_RADII[1]), 2),
    }
