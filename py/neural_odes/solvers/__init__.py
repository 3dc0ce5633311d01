"""ODE solvers of the book: fixed-step Euler, midpoint, RK4 and adaptive
Dormand–Prince 5(4), in pure numpy (runs unchanged in Pyodide).

Public API
----------
fixed_step(f, t_span, y0, *, dt, method="euler") -> Solution
solve_ivp_adaptive(f, t_span, y0, *, rtol=1e-6, atol=1e-9, method="dopri5",
                   first_step=None, max_steps=10000, safety=0.9,
                   min_factor=0.2, max_factor=10.0) -> Solution
Solution, SolverError, METHODS (name -> Tableau), get_method(name)

Pieces, one per module: ``tableaus`` (methods as data), ``rk_step`` (the one
generic step, its reusable work buffers and the NFE counter), ``controller``
(accept/reject, next step), ``norms`` (RMS error norm), ``validation`` (argument
checks), ``errors``, ``result``, ``fixed`` and ``adaptive`` (the two drivers).
"""

from .adaptive import solve_ivp_adaptive
from .errors import SolverError
from .fixed import fixed_step, fixed_step_count
from .methods import ADAPTIVE_METHODS, METHODS, get_method
from .result import Solution
from .tableaus import Tableau

__all__ = [
    "fixed_step",
    "fixed_step_count",
    "solve_ivp_adaptive",
    "Solution",
    "SolverError",
    "METHODS",
    "ADAPTIVE_METHODS",
    "get_method",
    "Tableau",
]
