"""Python bytecode made at build time, so the reader's browser does not compile the
standard library, numpy and the book's package from source on every page load.

Bytecode is specific to one CPython minor version: the pinned Pyodide runs CPython
3.12 (its lock file says which), so the ``.pyc`` must come from a CPython 3.12. The build machine has
Debian 12's Python 3.11, Debian 12 packages no 3.12, and the tools that install
another Python (``uv python install``, pyenv) download it from outside the
package registries the set-up may use. (pyodide-build's ``py-compile`` is the
official tool for this job, but it compiles with the Python it runs on: its
releases for 3.11 would write 3.11 bytecode, and the newer ones require 3.12.)
So the bytecode is made by Pyodide itself, under Node.js, from
``node_modules/pyodide``: the very interpreter that will load it, already part of
the set-up. ``bytecode_compile.mjs`` starts it and runs ``bytecode_repack.py``
(the same loop as pyodide-build's ``py-compile``, plus the choices below).

What is compiled, and how (all ``.pyc`` unchecked-hash, PEP 552: never compared
with a source or a timestamp, since shipped files never change):

* ``python_stdlib.zip``: every module as a sourceless ``.pyc`` (zipimport loads
  ``os.pyc`` when there is no ``os.py``); readers never see these sources;
* the numpy wheel (its sha256 checked against Pyodide's lock before anything
  else): sourceless too, and without what the book never uses (:data:`NUMPY_DROP`);
* the book's own wheel: each ``.py`` kept beside its
  ``__pycache__/<module>.cpython-312.pyc``, so tracebacks from the book's modules
  (and a reader's playground code calling them) show source lines; the wheel's
  tag becomes ``cp312-none-any`` as pyodide-build names compiled wheels.

Each output is cached in ``<cache>/bytecode/<key>/`` where the key hashes the
input's bytes, the job's settings, this recipe's scripts and Pyodide's version.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

__all__ = ["Job", "BytecodeError", "compile_archives", "stdlib_job", "numpy_job", "project_job",
           "NUMPY_DROP"]

HERE = Path(__file__).resolve().parent
SCRIPTS = (HERE / "bytecode_compile.mjs", HERE / "bytecode_repack.py")
STDLIB_PREFIX = "/lib/python312.zip/"  # where Pyodide puts the standard library zip
SITE_PACKAGES = "/lib/python3.12/site-packages/"  # where it unpacks wheels
# Parts of numpy the book never imports: typing stubs, C headers, static libraries
# and pkg-config files, Cython declarations and examples (for building extensions,
# impossible in a browser), f2py (it drives a Fortran compiler) and PyInstaller
# hooks. numpy.testing stays: the test suite runs inside Pyodide.
NUMPY_DROP = ("*.pyi", "*/py.typed", "*.pxd", "numpy/_core/include/*", "numpy/_core/lib/*",
              "numpy/random/lib/*", "numpy/random/_examples/*", "numpy/f2py/*", "numpy/_pyinstaller/*")

Log = Callable[[str], None]


class BytecodeError(RuntimeError):
    """The bytecode could not be made; the message says why."""


@dataclass(frozen=True)
class Job:
    """Re-pack ``source`` as ``output_name`` (see bytecode_repack.py for the fields)."""

    source: Path
    output_name: str
    mode: str  # "sourceless" | "beside"
    prefix: str
    drop: tuple = ()
    wheel_tag: str | None = None

    def settings(self) -> dict:
        return {"output": self.output_name, "mode": self.mode, "prefix": self.prefix,
                "drop": list(self.drop), "wheel_tag": self.wheel_tag}


def stdlib_job(zip_path: Path) -> Job:
    return Job(Path(zip_path), "python_stdlib.zip", "sourceless", STDLIB_PREFIX)


def numpy_job(wheel: Path) -> Job:
    return Job(Path(wheel), Path(wheel).name, "sourceless", SITE_PACKAGES, NUMPY_DROP)


def project_job(wheel: Path) -> Job:
    """The book's pure-Python wheel: sources kept, tag ``cp312-none-any``."""
    name = Path(wheel).name
    if not name.endswith("-py3-none-any.whl"):
        raise BytecodeError(f"{name}: expected a py3-none-any wheel")
    return Job(Path(wheel), name.replace("-py3-none-any.whl", "-cp312-none-any.whl"), "beside",
               SITE_PACKAGES, wheel_tag="cp312-none-any")


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _key(job: Job, pyodide_version: str) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"settings": job.settings(), "pyodide": pyodide_version}, sort_keys=True).encode())
    for script in SCRIPTS:
        h.update(script.read_bytes())
    h.update(_sha256(job.source).encode())
    return h.hexdigest()[:16]


def compile_archives(jobs: Sequence[Job], cache_dir: Path, pyodide_dir: Path, *, log: Log = print,
                     keep: int = 5) -> list[Path]:
    """The re-packed archive of each job, made once (one Node.js run for all that
    are missing) and then taken from ``cache_dir``. Only the newest ``keep``
    outputs of each output name stay in the cache."""
    cache_dir = Path(cache_dir)
    pyodide_dir = Path(pyodide_dir)
    version = json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"]
    outputs = [cache_dir / _key(job, version) / job.output_name for job in jobs]
    missing = [(job, out) for job, out in zip(jobs, outputs) if not out.is_file()]
    if missing:
        _run(missing, pyodide_dir, log)
        for _, out in missing:
            _prune(cache_dir, out, keep)
    return outputs


def _run(missing, pyodide_dir: Path, log: Log) -> None:
    node = os.environ.get("NODE") or shutil.which("node")
    if not node:
        raise BytecodeError("Node.js is needed to compile the Python bytecode (apt-get install nodejs)")
    with tempfile.TemporaryDirectory(prefix="book-bytecode-") as tmp:
        work = Path(tmp)
        jobs = []
        for i, (job, _) in enumerate(missing):
            name = f"in{i}{job.source.suffix}"
            shutil.copyfile(job.source, work / name)
            jobs.append({"input": name, **job.settings(), "output": f"out{i}{job.source.suffix}"})
        (work / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        proc = subprocess.run([node, str(SCRIPTS[0]), str(pyodide_dir), str(work)],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise BytecodeError(f"compiling bytecode in Pyodide failed (exit {proc.returncode}):\n"
                                f"{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        if report["cache_tag"] != "cpython-312":
            raise BytecodeError(f"Pyodide's Python has cache tag {report['cache_tag']}, expected cpython-312")
        for (job, out), stats, spec in zip(missing, report["jobs"], jobs):
            out.parent.mkdir(parents=True, exist_ok=True)
            made = work / spec["output"]
            made.chmod(0o644)
            staged = out.with_name(out.name + ".part")
            shutil.move(str(made), staged)
            os.replace(staged, out)
            log(f"bytecode: {out.name}: {stats['compiled']} modules compiled by Python {report['python']}"
                + (f", {stats['dropped']} unused files dropped" if stats["dropped"] else "")
                + f" ({job.source.stat().st_size / 1e6:.2f} -> {out.stat().st_size / 1e6:.2f} MB)")


def _prune(cache_dir: Path, out: Path, keep: int) -> None:
    """Keep the ``keep`` newest outputs named like ``out`` (``mkdocs serve`` makes a
    new book wheel on every edit of py/)."""
    same = sorted((p.parent for p in cache_dir.glob(f"*/{out.name}") if p.parent != out.parent),
                  key=lambda d: d.stat().st_mtime, reverse=True)
    for old in same[keep - 1:]:
        (old / out.name).unlink(missing_ok=True)
        if not any(old.iterdir()):
            old.rmdir()
