"""The method registry: solvers by name, in one place.

Simulations and book directives name methods with these strings, so an unknown
name fails with a message listing the valid ones.
"""

from __future__ import annotations

from types import MappingProxyType

from .tableaus import TABLEAUS, Tableau

__all__ = ["METHODS", "ADAPTIVE_METHODS", "get_method"]

#: Every method by name (read-only mapping from name to :class:`Tableau`).
METHODS = MappingProxyType(dict(TABLEAUS))

#: The names of methods with an embedded error estimate.
ADAPTIVE_METHODS = tuple(name for name, tab in METHODS.items() if tab.adaptive)


def get_method(name, *, adaptive: bool = False) -> Tableau:
    """Look a method up by name.

    Parameters
    ----------
    name : str
        One of ``METHODS``.
    adaptive : bool
        Require an embedded error estimate (for adaptive stepping).

    Raises
    ------
    ValueError
        If the name is unknown, listing the valid names; or if ``adaptive`` is
        requested of a method without an error estimate.
    """
    tab = METHODS.get(name) if isinstance(name, str) else None
    if tab is None:
        raise ValueError(
            f"method must be one of {', '.join(METHODS)}; got {name!r}"
        )
    if adaptive and not tab.adaptive:
        raise ValueError(
            f"method {name!r} has no error estimate and cannot adapt its step; "
            f"adaptive methods are: {', '.join(ADAPTIVE_METHODS)}"
        )
    return tab
