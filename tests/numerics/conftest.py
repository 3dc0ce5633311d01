"""Shared fixtures of the numerics tests (run in CPython and in Pyodide)."""

import os
import sys

import pytest

# Make ``problems`` importable whatever pytest's import mode.
sys.path.insert(0, os.path.dirname(__file__))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: trains a model (uses the training cache in CPython)"
    )


@pytest.fixture(scope="session")
def trained_cache_dir(tmp_path_factory):
    """Where trained parameters are cached: the repository's ``.cache/trained``
    when writable (shared with the build), else a temporary directory."""
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    candidate = os.path.join(root, ".cache", "trained")
    try:
        os.makedirs(candidate, exist_ok=True)
        probe = os.path.join(candidate, ".write-probe")
        with open(probe, "w") as fh:
            fh.write("")
        os.remove(probe)
        return candidate
    except OSError:
        return str(tmp_path_factory.mktemp("trained"))
