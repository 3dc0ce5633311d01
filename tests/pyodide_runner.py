"""Run Python inside the pinned Pyodide under Node.js, from CPython tests.

The runtime is the one the site ships: :func:`site_hooks.vendor.vendor_runtime`
fills a folder with Pyodide's core files, the verified numpy wheel, the project
wheel and the site-local ``pyodide-lock.json``; Node loads Pyodide from there and
loads the project package (with numpy) through that lock, after checking sha256s.

Typical use::

    from pyodide_runner import run_python_json
    value = run_python_json("import neural_odes, numpy; result = numpy.ones(3)")
    # -> [1.0, 1.0, 1.0]; `result` is sent back as JSON (arrays via .tolist(),
    #    floats round-trip exactly)

    from pyodide_runner import run_pytest
    run = run_pytest(["tests/numerics"])  # real pytest inside Pyodide
    assert run.returncode == 0, run.output

The folder used by default is ``<repo>/.cache/pyodide-<version>/node-runtime`` (made
once per process, files that did not change are not copied again).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # site_hooks is a top-level folder of the repo
    sys.path.insert(0, str(ROOT))

from site_hooks.vendoring import runtime as vendor  # noqa: E402

SCRIPTS = Path(__file__).resolve().parent / "pyodide"
RUN_PYTHON = SCRIPTS / "run_python.mjs"
RUN_PYTEST = SCRIPTS / "run_pytest.mjs"
DEFAULT_CACHE = ROOT / ".cache" / f"pyodide-{vendor.PYODIDE_VERSION}"
JSON_MARKER = "@@PYODIDE_JSON@@"
PYTEST_MARKER = "PYODIDE_PYTEST_RESULT "
# pytest and its run-time dependencies (all pure Python), pinned like requirements.txt.
PYTEST_DISTS = ("pytest", "pluggy", "iniconfig", "packaging", "Pygments")


class PyodideError(RuntimeError):
    """A Python snippet failed inside Pyodide (the message holds its output)."""


@dataclass
class PyodideRuntime:
    index_dir: Path  # folder made by vendor_runtime (pass it as --index-url)
    manifest: dict  # vendor_runtime's manifest
    cache_dir: Path

    @property
    def project_package(self) -> str:
        return self.manifest["project_package"]


@dataclass
class PyodideResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return f"--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


@dataclass
class PytestRun(PyodideResult):
    # one dict per test path: {"path", "exit", "passed", "failed", "skipped", ...}
    results: list[dict] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(r.get(outcome, 0) for r in self.results)


def node_executable() -> str:
    node = os.environ.get("NODE") or shutil.which("node") or "/usr/bin/node"
    if not Path(node).exists():
        raise RuntimeError("Node.js is needed to run Pyodide: install node (v20)")
    return node


_RUNTIMES: dict[tuple[Path, Path], PyodideRuntime] = {}


def prepare_runtime(dest: Path | None = None, *, cache_dir: Path | None = None,
                    log=lambda m: None) -> PyodideRuntime:
    """Vendor the site's runtime into ``dest`` (once per process and folder)."""
    cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    dest = Path(dest) if dest is not None else cache_dir / "node-runtime"
    key = (dest.resolve(), cache_dir.resolve())
    if key not in _RUNTIMES:
        manifest = vendor.vendor_runtime(dest, project_root=ROOT, cache_dir=cache_dir,
                                         log=log)
        _RUNTIMES[key] = PyodideRuntime(dest, manifest, cache_dir)
    return _RUNTIMES[key]


def _pinned_versions() -> dict[str, str]:
    pins = {}
    req = ROOT / "requirements.txt"
    if req.is_file():
        for line in req.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;#]+)", line)
            if m:
                pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def pytest_wheels(cache_dir: Path | None = None) -> list[Path]:
    """Pure-Python wheels of pytest and its dependencies, versions pinned as in
    requirements.txt, fetched once with ``pip download`` into ``cache_dir``."""
    cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
    folder = cache_dir / "pytest-wheels"
    pins = _pinned_versions()
    specs, wheels, missing = [], [], False
    for dist in PYTEST_DISTS:
        version = pins.get(dist.lower())
        specs.append(f"{dist}=={version}" if version else dist)
        pattern = f"{dist.lower().replace('-', '_')}-{version or '*'}-*.whl"
        found = sorted(folder.glob(pattern)) if folder.is_dir() else []
        if found:
            wheels.append(found[-1])
        else:
            missing = True
    if not missing:
        return wheels
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", tmp, *specs]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"pip download of {specs} failed:\n{proc.stderr}")
        for w in Path(tmp).glob("*.whl"):
            os.replace(w, folder / w.name)
    return pytest_wheels(cache_dir)


def _common_args(runtime: PyodideRuntime, packages: Sequence[str] | None,
                 wheels: Iterable[Path], mounts: Iterable[str], cwd: str | None) -> list:
    args = ["--index-url", str(runtime.index_dir)]
    for p in (packages if packages is not None else [runtime.project_package]):
        args += ["--package", p]
    for w in wheels:
        args += ["--wheel", str(w)]
    for m in mounts:
        args += ["--mount", str(m)]
    if cwd:
        args += ["--cwd", str(cwd)]
    return args


def run_python(code: str, *, runtime: PyodideRuntime | None = None,
               packages: Sequence[str] | None = None, wheels: Iterable[Path] = (),
               mounts: Iterable[str] = (str(ROOT),), cwd: str | None = str(ROOT),
               timeout: float = 300) -> PyodideResult:
    """Run ``code`` in a fresh Pyodide under Node. By default the project package
    (and numpy) are loaded and the repo is mounted at its own path as the cwd."""
    runtime = runtime or prepare_runtime()
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False,
                                     encoding="utf-8") as fh:
        fh.write(code)
    try:
        cmd = [node_executable(), str(RUN_PYTHON),
               *_common_args(runtime, packages, wheels, mounts, cwd),
               "--quiet", "1", "--code-file", fh.name]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    finally:
        os.unlink(fh.name)
    return PyodideResult(proc.returncode, proc.stdout, proc.stderr)


def run_python_json(code: str, **kwargs) -> Any:
    """Run ``code`` in Pyodide; it must bind ``result``, which comes back decoded
    from JSON (objects with ``.tolist()``, such as numpy arrays, are converted)."""
    tail = (
        "\nimport json as _json_\n"
        "def _default_(o):\n"
        "    if hasattr(o, 'tolist'):\n"
        "        return o.tolist()\n"
        "    raise TypeError(f'cannot send {type(o).__name__} as JSON')\n"
        f"print({JSON_MARKER!r} + _json_.dumps(result, default=_default_))\n"
    )
    res = run_python(code + tail, **kwargs)
    if res.returncode != 0:
        raise PyodideError(f"Pyodide exited {res.returncode}\n{res.output}")
    for line in reversed(res.stdout.splitlines()):
        if line.startswith(JSON_MARKER):
            return json.loads(line[len(JSON_MARKER):])
    raise PyodideError(f"no result printed\n{res.output}")


def run_pytest(paths: Sequence[str | Path], *, runtime: PyodideRuntime | None = None,
               extra_args: Sequence[str] = (), timeout: float = 900) -> PytestRun:
    """Run real pytest inside Pyodide on ``paths`` (relative to the repo or absolute),
    one pytest session per path; see tests/pyodide/run_pytest.mjs."""
    runtime = runtime or prepare_runtime()
    wheels = pytest_wheels(runtime.cache_dir)
    cmd = [node_executable(), str(RUN_PYTEST),
           *_common_args(runtime, None, wheels, (), None),
           "--root", str(ROOT), *[str(p) for p in paths], "--", *extra_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    results: list[dict] = []
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PYTEST_MARKER):
            results = json.loads(line[len(PYTEST_MARKER):])
            break
    return PytestRun(proc.returncode, proc.stdout, proc.stderr, results)


def main(argv: Sequence[str] | None = None) -> int:
    """``python tests/pyodide_runner.py pytest [PATH...] [-- ARGS]`` runs pytest in
    Pyodide (default paths: tests/pyodide/smoke, and tests/numerics when present);
    ``python tests/pyodide_runner.py python FILE`` runs a script in Pyodide."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["python"] and len(argv) == 2:
        res = run_python(Path(argv[1]).read_text(encoding="utf-8"))
    elif argv[:1] == ["pytest"]:
        args = argv[1:]
        extra = args[args.index("--") + 1:] if "--" in args else []
        paths = args[:args.index("--")] if "--" in args else args
        if not paths:
            paths = [p for p in ("tests/numerics", "tests/pyodide/smoke")
                     if (ROOT / p).is_dir()]
        res = run_pytest(paths, extra_args=extra)
    else:
        print(main.__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(res.stdout)
    sys.stderr.write(res.stderr)
    return res.returncode


if __name__ == "__main__":
    sys.exit(main())
