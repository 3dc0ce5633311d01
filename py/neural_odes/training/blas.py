"""Keep OpenBLAS on one thread while training (CPython only).

The training loops multiply matrices of a few hundred rows by 64 columns: big
enough for OpenBLAS to split each product across threads, far too small to gain
from it. On a machine that is busy with anything else, the threads then wait on
each other and a 2-second training run takes a minute (measured: 1000 CNF steps
in 52 s with the default threads under load, 2 s with one thread).

:func:`single_threaded_blas` sets the thread count of numpy's bundled OpenBLAS to
one for the duration of a ``with`` block and restores it afterwards, through the
library's own ``*_set_num_threads`` entry point (what ``threadpoolctl`` does, in a
dozen lines, to avoid a dependency). Anywhere this cannot be done (Pyodide has no
threads, another BLAS, an unknown layout) it does nothing. Nothing happens at
import time.
"""

from __future__ import annotations

import contextlib
import glob
import os
import sys

__all__ = ["single_threaded_blas"]

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads",
            "openblas_get_num_threads64_", "openblas_get_num_threads")


def _openblas_controls():
    """``(get, set)`` of numpy's bundled OpenBLAS, or ``None``."""
    if sys.platform == "emscripten":
        return None
    try:
        import ctypes

        import numpy

        libs_dir = os.path.join(os.path.dirname(os.path.dirname(numpy.__file__)), "numpy.libs")
        for path in sorted(glob.glob(os.path.join(libs_dir, "*openblas*"))):
            lib = ctypes.CDLL(path)  # already loaded by numpy: same handle
            setter = next((getattr(lib, n) for n in _SETTERS if hasattr(lib, n)), None)
            getter = next((getattr(lib, n) for n in _GETTERS if hasattr(lib, n)), None)
            if setter is not None and getter is not None:
                getter.restype = ctypes.c_int
                setter.argtypes = [ctypes.c_int]
                return getter, setter
    except (OSError, AttributeError, ImportError):
        pass
    return None


@contextlib.contextmanager
def single_threaded_blas():
    """Run the block with numpy's OpenBLAS limited to one thread (no-op if unknown)."""
    controls = _openblas_controls()
    if controls is None:
        yield
        return
    get, set_ = controls
    before = int(get())
    set_(1)
    try:
        yield
    finally:
        set_(before)
