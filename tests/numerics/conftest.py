"""Shared fixtures of the numerics tests (run in CPython and in Pyodide)."""

import os
import sys

# Small matrices: extra BLAS threads only stall on a busy machine. Effective
# only if numpy is not imported yet; training also limits them itself.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402

# Make ``problems`` importable whatever pytest's import mode.
sys.path.insert(0, os.path.dirname(__file__))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: trains a model (uses the training cache in CPython)"
    )


IN_PYODIDE = sys.platform == "emscripten"


@pytest.fixture(scope="session")
def load_trained(trained_cache_dir):
    """``load_trained(name)``: the cached trained model, training it in CPython
    when the cache is cold. Inside Pyodide the cache is only read: a missing
    entry skips the test rather than training for minutes in WebAssembly."""
    from neural_odes.training.cache import cache_key, load_or_train

    def load(name):
        if IN_PYODIDE:
            key = cache_key(name)
            path = os.path.join(trained_cache_dir, f"{name}-{key[:16]}.npz")
            if not os.path.exists(path):
                pytest.skip(f"no cached {name} for this code in {trained_cache_dir}")
        return load_or_train(name, trained_cache_dir)

    return load


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
