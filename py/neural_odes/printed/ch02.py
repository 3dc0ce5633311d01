"""Chapter 2's printed numbers: the flow time and what the fields do in it."""

import functools
import math

import numpy as np

from ..fields import JACOBIANS, get_field, saddle, spiral_sink, swirl
from ..formatting import fixed, significant
from ..sims.field import DT, MAX_PARTICLES, T_FLOW, flow
from ..sims.grid import DT as GRID_DT, LINES, grid
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
#: the swirl radius of the simulation exercise, where the angular speed is 1
EXERCISE_RADIUS = 1.0
#: the cycle's starting points of the exercise: near the centre and far outside
CYCLE_STARTS = ((0.1, 0.0), (3.0, 1.8))
#: where the area factors of the Liouville exercise are measured
AREA_POINT = (1.0, 0.5)


def area_factor(name, point=AREA_POINT, eps=1e-5):
    """Determinant of the flow map's Jacobian at ``point`` after the flow time:
    how much the field ``name`` scales the area of a small patch there. Central
    differences of flowed particles (the simulation's own RK4 flow)."""
    x, y = point
    starts = np.array([[x + eps, y], [x - eps, y], [x, y + eps], [x, y - eps]])
    end = flow(get_field(name), starts).y[-1]
    jac = np.column_stack([(end[0] - end[1]) / (2 * eps), (end[2] - end[3]) / (2 * eps)])
    return float(np.linalg.det(jac))


def cycle_distances():
    """How far the two exercise particles are from the loop at the flow time.

    From the closed form of the radius, ``dr/dt = r (1 - r^2)``:
    ``r(t)^2 = 1 / (1 + (1/r0^2 - 1) e^(-2t))`` (mu = 1). The simulation's RK4
    flow agrees to about 2e-7 (tested), too little to see, but the outer
    particle is only a few millionths from the loop."""
    out = []
    for x, y in CYCLE_STARTS:
        r0 = math.hypot(x, y)
        r = 1.0 / math.sqrt(1.0 + (1.0 / r0 ** 2 - 1.0) * math.exp(-2.0 * T_FLOW))
        out.append(abs(r - CYCLE_RADIUS))
    return out


def saddle_stretch(gap=0.1):
    """Factor by which the saddle pulls apart two particles that start ``gap``
    apart on either side of the vertical axis (exactly e^T)."""
    end = flow(saddle, np.array([[gap / 2, 1.0], [-gap / 2, 1.0]])).y[-1]
    return float(np.hypot(*(end[0] - end[1])) / gap)


def _number(x):
    return f"{x:g}"


def sink_A():
    """The sink's matrix A, read off the field f(h) = A h: its columns are f(e_i)."""
    return np.asarray(spiral_sink(0.0, np.eye(2))).T


def sink_matrix():
    """The sink's matrix A as LaTeX."""
    rows = [" & ".join(_number(float(v)) for v in row) for row in sink_A()]
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


def _point(p):
    return "(" + ", ".join(_number(v) for v in p) + ")"


def grid_numbers():
    """What the ``grid`` simulation shows at flow time 1."""
    trace = float(np.trace(JACOBIANS["sink"](0.0, np.zeros(2))))
    return {
        "grid_lines": str(LINES),
        "grid_dt": f"{GRID_DT:g}",
        "sink_rate": fixed(-trace, 1),  # the sink shrinks areas like e^(-rate t)
        "grid_swirl_det": grid(field="swirl", time=1.0)["readouts"]["min_det"]["text"],
        "grid_sink_det": grid(field="sink", time=1.0)["readouts"]["min_det"]["text"],
        "grid_cycle_det": grid(field="cycle", time=1.0)["readouts"]["min_det"]["text"],
    }


# Cached: the build asks for one number at a time, and the prose prints dozens.
@functools.lru_cache(maxsize=1)
def numbers():
    return {
        **grid_numbers(),
        "sink_matrix": sink_matrix(),
        "cycle_start_inner": _point(CYCLE_STARTS[0]),
        "cycle_start_outer": _point(CYCLE_STARTS[1]),
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
        "exercise_radius": f"{EXERCISE_RADIUS:g}",
        "swirl_turns_exercise": fixed(swirl_turns(EXERCISE_RADIUS), 2),
        "swirl_turns_formula": fixed(T_FLOW * 2.0 / (1.0 + EXERCISE_RADIUS ** 2) / (2 * math.pi), 2),
        "cycle_gap_inner": significant(cycle_distances()[0], 2),
        "cycle_gap_outer": significant(cycle_distances()[1], 2),
        "saddle_stretch": fixed(saddle_stretch(), 0),
        "sink_trace": fixed(float(np.trace(sink_A())), 1),
        "sink_area": fixed(math.exp(float(np.trace(sink_A())) * T_FLOW), 4),
        "sink_area_measured": fixed(area_factor("sink"), 4),
        "sink_shrink_squared": fixed(sink_shrink() ** 2, 4),
        "swirl_area_measured": fixed(area_factor("swirl"), 4),
        "saddle_area_measured": fixed(area_factor("saddle"), 4),
        "cycle_div_radius": fixed(math.sqrt(0.5), 2),
    }
