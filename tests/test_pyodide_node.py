"""The project package inside the pinned Pyodide under Node.js, loaded the way the site
loads it (vendored runtime, site-local lock, verified wheels), and real pytest run
inside it on tests/numerics (when it holds tests) and tests/pyodide/smoke."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyodide_runner as pr  # noqa: E402

ROOT = pr.ROOT
NUMERICS = ROOT / "tests" / "numerics"
SMOKE = ROOT / "tests" / "pyodide" / "smoke"


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    return pr.prepare_runtime(tmp_path_factory.mktemp("pyodide-runtime"), log=print)


def _has_tests(folder: Path) -> bool:
    return folder.is_dir() and any(folder.rglob("test_*.py"))


@pytest.fixture(scope="module")
def pytest_run(runtime):
    paths = [p for p in (NUMERICS,) if _has_tests(p)] + [SMOKE]
    run = pr.run_pytest([p.relative_to(ROOT) for p in paths], runtime=runtime)
    print(run.output)
    return run


def _result_for(run, folder: Path) -> dict:
    for r in run.results:
        if Path(r["path"]) == folder:
            return r
    pytest.fail(f"no pytest result for {folder} inside Pyodide\n{run.output}")


def test_smoke_tests_pass_in_pyodide(pytest_run):
    r = _result_for(pytest_run, SMOKE)
    assert r["exit"] == 0 and r.get("passed", 0) == 3 and not r.get("failed"), \
        pytest_run.output
    assert "platform emscripten -- Python 3.12" in pytest_run.stdout


def test_numerics_tests_pass_in_pyodide(pytest_run):
    if not _has_tests(NUMERICS):
        pytest.skip("tests/numerics has no test files yet")
    r = _result_for(pytest_run, NUMERICS)
    assert r["exit"] == 0, pytest_run.output
    assert r.get("passed", 0) > 0, pytest_run.output
    assert not r.get("failed") and not r.get("error"), pytest_run.output


def test_pytest_runner_exit_code_matches_runs(pytest_run):
    """node exits 0 exactly when every pytest session inside passed (the failing
    session itself is reported by the tests above)."""
    assert pytest_run.results, pytest_run.output
    assert (pytest_run.returncode == 0) == all(r["exit"] == 0 for r in pytest_run.results)


def test_run_python_json_roundtrip(runtime):
    value = pr.run_python_json(
        "import sys, numpy, neural_odes\n"
        "print('hello from pyodide')\n"
        "result = {'platform': sys.platform, 'numpy': numpy.__version__,\n"
        "          'pkg': neural_odes.__version__, 'arr': numpy.arange(3) / 3,\n"
        "          'cwd': __import__('os').getcwd()}\n",
        runtime=runtime)
    assert value["platform"] == "emscripten" and value["numpy"] == "2.0.2"
    assert value["arr"] == [0.0, 1 / 3, 2 / 3]  # floats round-trip exactly
    assert value["cwd"] == str(ROOT)  # the repo is mounted at its own path


def test_run_python_reports_errors(runtime):
    res = pr.run_python("print('before')\nraise ValueError('boom')\n", runtime=runtime)
    assert res.returncode == 1
    assert "before" in res.stdout
    assert "ValueError: boom" in res.stderr
    with pytest.raises(pr.PyodideError, match="boom"):
        pr.run_python_json("raise ValueError('boom')", runtime=runtime)


def test_tampered_wheel_is_refused(runtime, tmp_path):
    """Node's loadPackage does not check sha256 (browsers do); the runner does."""
    dest = tmp_path / "rt"
    shutil.copytree(runtime.index_dir, dest)
    lock_path = dest / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    lock["packages"][runtime.project_package]["sha256"] = "0" * 64
    lock_path.write_text(json.dumps(lock))
    bad = pr.PyodideRuntime(dest, runtime.manifest, runtime.cache_dir)
    res = pr.run_python("print('loaded')", runtime=bad)
    assert res.returncode != 0 and "loaded" not in res.stdout
    assert "sha256" in res.stderr


def test_failures_and_skips_are_reported(runtime, tmp_path):
    """A folder outside the repo with one passing, one failing and one scipy test."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "test_mixed.py").write_text(
        "import numpy\n\n"
        "def test_ok():\n    assert numpy.sum([1, 2]) == 3\n\n"
        "def test_bad():\n    assert 1 == 2, 'deliberate'\n")
    (suite / "test_needs_scipy.py").write_text(
        "import pytest\nscipy = pytest.importorskip('scipy')\n\n"
        "def test_x():\n    assert scipy\n")
    run = pr.run_pytest([suite], runtime=runtime)
    assert run.returncode != 0, run.output
    (r,) = run.results
    assert (r["exit"], r.get("passed"), r.get("failed"), r.get("skipped")) == (1, 1, 1, 1), \
        run.output
    assert "deliberate" in run.stdout


def test_shipped_bytecode_is_what_pyodide_loads(runtime):
    """The standard library and numpy load from the shipped .pyc (zipimport and the
    sourceless loader), the book's modules from __pycache__ beside their sources, whose
    lines still appear in tracebacks."""
    value = pr.run_python_json(
        "import importlib.util, json, traceback, numpy, neural_odes.sims as sims\n"
        "try:\n"
        "    sims.model('nope')\n"
        "except ValueError:\n"
        "    tb = traceback.format_exc()\n"
        "cached = importlib.util.cache_from_source(sims.__file__)\n"
        "with open(cached, 'rb') as fh:\n"
        "    header = fh.read(8)\n"
        "result = {'json': json.__file__, 'numpy': numpy.__file__, 'numpy_loader': type(numpy.__loader__).__name__,\n"
        "          'sims_cached': sims.__cached__ == cached, 'magic': header[:4] == importlib.util.MAGIC_NUMBER,\n"
        "          'flags': int.from_bytes(header[4:], 'little'), 'tb': tb}\n",
        runtime=runtime)
    assert value["json"] == "/lib/python312.zip/json/__init__.pyc"
    assert value["numpy"].endswith("/site-packages/numpy/__init__.pyc")
    assert value["numpy_loader"] == "SourcelessFileLoader"
    assert value["sims_cached"] and value["magic"] and value["flags"] == 0b01
    assert 'raise ValueError(f"unknown simulation id' in value["tb"], value["tb"]
