"""Vendor the browser runtime (the pinned Pyodide, numpy, the project wheel) into a folder.

Plain module with no MkDocs import: the MkDocs hook calls :func:`vendor_runtime`
with ``<site_dir>/assets/pyodide/``; tests call it with a temporary folder.

What ends up in ``dest``:

* Pyodide's core files, copied from ``<project_root>/node_modules/pyodide/``;
* ``numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl``, checked against the sha256
  recorded in Pyodide's own ``pyodide-lock.json`` (fetched once into a cache, from the
  first source that yields a copy with that hash), under ``numpy/<content-hash>/``;
* the project's pure-Python wheel built from ``<project_root>/py`` (cached by a
  content hash of its sources), under ``project/<content-hash>/``;
* a site-local ``pyodide-lock.json``: the official lock with numpy's entry pointing
  at the shipped wheel and its sha256, plus the project wheel, added with
  ``pyodide_lock.utils.add_wheels_to_spec``.

By default (``bytecode=True``) the standard library zip and both wheels are shipped
as Python bytecode made at build time (see :mod:`site_hooks.vendoring.bytecode`); the
original numpy wheel's hash is checked before it is re-packed. Wheels live under a
content-hash folder so that a changed wheel gets a new URL and no browser cache can
serve a stale one.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..runtime_manifest import pyodide_version
from . import bytecode as _bytecode
from .project_wheel import add_wheel_to_lock, build_project_wheel
from .sources import Log, Source, VendorError, default_sources, fetch_verified, sha256_file, temp_beside

PYODIDE_VERSION = pyodide_version()  # as package.json pins it
NUMPY_WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"
CORE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
LOCK_NAME = "pyodide-lock.json"
PROJECT_WHEEL_DIR = "project"
NUMPY_WHEEL_DIR = "numpy"
STDLIB = "python_stdlib.zip"



# --------------------------------------------------------------------------- pyodide


def pyodide_package_dir(project_root: Path) -> Path:
    """``node_modules/pyodide`` of the project, checked to be the pinned version."""
    pkg = project_root / "node_modules" / "pyodide"
    pkg_json = pkg / "package.json"
    if not pkg_json.is_file():
        raise VendorError(
            f"Pyodide is not installed: {pkg_json} is missing. Run `npm ci` in "
            f"{project_root} (package.json pins pyodide@{PYODIDE_VERSION}).")
    try:
        version = json.loads(pkg_json.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError) as exc:
        raise VendorError(f"cannot read {pkg_json}: {exc}; run `npm ci`.") from None
    if version != PYODIDE_VERSION:
        raise VendorError(
            f"{pkg} is Pyodide {version}, the book needs {PYODIDE_VERSION}. Run `npm ci` "
            f"in {project_root}.")
    missing = [f for f in (*CORE_FILES, LOCK_NAME) if not (pkg / f).is_file()]
    if missing:
        raise VendorError(f"{pkg} lacks {', '.join(missing)}; run `npm ci`.")
    return pkg


def numpy_sha256(lock: dict) -> str:
    entry = lock["packages"]["numpy"]
    if entry["file_name"] != NUMPY_WHEEL:
        raise VendorError(
            f"Pyodide's lock names {entry['file_name']} for numpy, expected {NUMPY_WHEEL}")
    return entry["sha256"]


# --------------------------------------------------------------------------- copying


def _copy_if_changed(src: Path, dst: Path) -> bool:
    """Copy ``src`` to ``dst`` unless ``dst`` already has its size and mtime."""
    s = src.stat()
    try:
        d = dst.stat()
        if (d.st_size == s.st_size and int(d.st_mtime) == int(s.st_mtime)
                and d.st_mode & 0o444 == 0o444):
            return False
    except FileNotFoundError:
        pass
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(dst)
    try:
        shutil.copy2(src, tmp)
        tmp.chmod(0o644)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _write_if_changed(data: bytes, dst: Path) -> bool:
    if dst.is_file() and dst.read_bytes() == data:
        return False
    tmp = temp_beside(dst)
    try:
        tmp.write_bytes(data)
        tmp.chmod(0o644)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return True


# --------------------------------------------------------------------------- entry point


@dataclass
class PreparedRuntime:
    """What :func:`install_runtime` copies: every file by its path under the runtime
    folder, and the site-local lock's text. Known before any page is written, so
    pages can name the files they will need (``fetches``)."""

    sources: dict  # path under the runtime folder -> file to copy there
    lock_text: str
    manifest: dict  # vendor_runtime's manifest, less what installing adds

    @property
    def fetches(self) -> list[str]:
        """What a page with a simulation downloads, in the order the worker asks."""
        m = self.manifest
        return ["pyodide.js", "pyodide-lock.json", "pyodide.asm.wasm", STDLIB, "pyodide.asm.js",
                m["numpy_wheel"], m["project_wheel"]]

    @property
    def prefetches(self) -> list[str]:
        """The fetches a page may start early for the worker: all but the 10 MB wasm.
        A private window's memory cache keeps no entry above about 6 MB, so the
        worker would download it a second time there; Pyodide requests it first
        thing anyway, and compiles it as it streams in."""
        return [f for f in self.fetches if f != "pyodide.asm.wasm"]


def prepare_runtime(
    *,
    project_root: Path,
    cache_dir: Path | None = None,
    log: Log = print,
    sources: Sequence[Source] | None = None,
    bytecode: bool = True,
    bytecode_cache: Path | None = None,
) -> PreparedRuntime:
    """Fetch, build and compile (all cached) what :func:`vendor_runtime` ships."""
    project_root = Path(project_root).resolve()
    cache_dir = Path(cache_dir) if cache_dir is not None else (
        project_root / ".cache" / f"pyodide-{PYODIDE_VERSION}")
    pkg = pyodide_package_dir(project_root)
    official_lock_path = pkg / LOCK_NAME
    official_lock = json.loads(official_lock_path.read_text(encoding="utf-8"))
    np_sha = numpy_sha256(official_lock)

    numpy_original = fetch_verified(NUMPY_WHEEL, np_sha, cache_dir,
                                    default_sources() if sources is None else sources,
                                    log=log)
    wheel_source = build_project_wheel(project_root / "py", cache_dir, log=log)
    stdlib, numpy_path, wheel = pkg / STDLIB, numpy_original, wheel_source
    if bytecode:
        jobs = [_bytecode.stdlib_job(stdlib), _bytecode.numpy_job(numpy_original),
                _bytecode.project_job(wheel_source)]
        try:
            stdlib, numpy_path, wheel = _bytecode.compile_archives(
                jobs, bytecode_cache or cache_dir / "bytecode", pkg, log=log)
        except _bytecode.BytecodeError as exc:
            raise VendorError(str(exc)) from None

    numpy_sha, wheel_sha = sha256_file(numpy_path), sha256_file(wheel)
    # Under a folder named by the content: a changed file gets a new URL, so no
    # browser cache can serve a stale copy.
    numpy_rel = f"{NUMPY_WHEEL_DIR}/{numpy_sha[:16]}/{numpy_path.name}"
    wheel_rel = f"{PROJECT_WHEEL_DIR}/{wheel_sha[:16]}/{wheel.name}"
    files = {name: (stdlib if name == STDLIB else pkg / name) for name in CORE_FILES}
    files |= {numpy_rel: numpy_path, wheel_rel: wheel}

    from pyodide_lock import PyodideLockSpec

    spec = PyodideLockSpec.from_json(official_lock_path)
    spec.packages["numpy"].file_name = numpy_rel
    spec.packages["numpy"].sha256 = numpy_sha
    # The project's entry is made from the source wheel (same metadata and imports;
    # pyodide-lock 0.1.2 refuses the cp312-none-any tag of the compiled one), then
    # pointed at the wheel shipped.
    spec = add_wheel_to_lock(spec, wheel_source, base_path=wheel_source.parent)
    added = [p for name, p in spec.packages.items()
             if name not in official_lock["packages"]]
    if len(added) != 1:
        raise VendorError(f"expected one new lock entry for {wheel.name}, got {added}")
    entry = added[0]
    entry.file_name = wheel_rel
    entry.sha256 = wheel_sha
    return PreparedRuntime(files, json.dumps(spec.model_dump(), sort_keys=True), {
        "pyodide_version": PYODIDE_VERSION,
        "files": [*files, LOCK_NAME],
        "lock_file": LOCK_NAME,
        "numpy_wheel": numpy_rel,
        "numpy_sha256": numpy_sha,
        "numpy_original_sha256": np_sha,
        "bytecode": bytecode,
        "project_wheel": wheel_rel,
        "project_wheel_sha256": wheel_sha,
        "project_package": entry.name,
        "project_imports": list(entry.imports),
        "project_depends": list(entry.depends),
    })


def install_runtime(prepared: PreparedRuntime, dest: Path, *, log: Log = print) -> dict:
    """Copy a prepared runtime into ``dest`` (unchanged files are not written again;
    earlier builds' wheels are removed); returns the manifest."""
    t0 = time.monotonic()
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for folder in (NUMPY_WHEEL_DIR, PROJECT_WHEEL_DIR):
        keep = {rel.split("/")[1] for rel in prepared.sources if rel.startswith(folder + "/")}
        for old in (dest / folder).iterdir() if (dest / folder).is_dir() else ():
            if old.name not in keep:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
    (dest / NUMPY_WHEEL).unlink(missing_ok=True)  # where earlier builds put numpy
    copied = sum(_copy_if_changed(src, dest / rel) for rel, src in prepared.sources.items())
    copied += _write_if_changed(prepared.lock_text.encode("utf-8"), dest / LOCK_NAME)
    elapsed = time.monotonic() - t0
    log(f"vendor: Pyodide {PYODIDE_VERSION} runtime in {dest} "
        f"({copied} file(s) written, {elapsed:.2f} s)")
    return {**prepared.manifest, "copied": copied, "elapsed_s": round(elapsed, 3)}


def vendor_runtime(dest: Path, *, log: Log = print, **kwargs) -> dict:
    """Fill ``dest`` with everything the browser runtime needs; return a manifest.

    Keyword arguments as :func:`prepare_runtime`: ``project_root``, ``cache_dir``,
    ``sources`` (for tests: replaces :func:`default_sources` for the numpy wheel),
    ``bytecode`` (``False`` ships the Python sources as Pyodide distributes them),
    ``bytecode_cache`` (default ``<cache_dir>/bytecode``).
    The manifest has: ``pyodide_version``, ``files`` (every vendored file, relative to
    ``dest``), ``lock_file``, ``numpy_wheel`` (relative to ``dest``), ``numpy_sha256``
    (of the shipped wheel), ``numpy_original_sha256``, ``bytecode``, ``project_wheel``
    (relative to ``dest``), ``project_wheel_sha256``, ``project_package`` (the name
    to pass to ``pyodide.loadPackage``), ``project_imports``, ``copied``,
    ``elapsed_s``.
    """
    return install_runtime(prepare_runtime(log=log, **kwargs), dest, log=log)


__all__ = ["NUMPY_WHEEL", "PYODIDE_VERSION", "PreparedRuntime", "install_runtime", "prepare_runtime",
           "vendor_runtime"]
