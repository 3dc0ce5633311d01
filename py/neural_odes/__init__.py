"""Numerics and simulation models of the interactive book *Neural ODEs*.

Pure numpy: nothing here imports scipy or matplotlib or touches files at import
time, so the same package runs in CPython at build time and in Pyodide in the
reader's browser.
"""

__version__ = "0.1.0"
