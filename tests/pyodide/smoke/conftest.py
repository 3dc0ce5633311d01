"""These tests describe Pyodide: CPython's pytest does not collect them."""

import sys

collect_ignore_glob = [] if sys.platform == "emscripten" else ["test_*.py"]
