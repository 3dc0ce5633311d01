"""Run inside Pyodide by tests/pyodide/run_pytest.mjs (see tests/test_pyodide_node.py)."""

import sys


def test_platform_is_emscripten():
    assert sys.platform == "emscripten"
    assert sys.version_info[:2] == (3, 12)


def test_numpy_is_pyodides():
    import numpy

    assert numpy.__version__ == "2.0.2"
    assert float(numpy.linalg.norm(numpy.array([3.0, 4.0]))) == 5.0


def test_project_package_from_the_wheel():
    import importlib.metadata

    import neural_odes

    assert "/site-packages/neural_odes/" in neural_odes.__file__
    assert importlib.metadata.version("neural-odes-book") == neural_odes.__version__
