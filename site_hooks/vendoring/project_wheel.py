"""The book's own package as a pure-Python wheel, built from ``py/`` at build time,
byte-identical for an unchanged source tree, cached by a hash of its sources, and
added to the site's lock file so Pyodide loads it like any other package."""

from __future__ import annotations

import email.parser
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from pathlib import Path

from .sources import Log, VendorError, temp_beside

# Fixed timestamp for the files inside the project wheel, so an unchanged source
# tree gives a byte-identical wheel (2020-01-01T00:00:00Z).
_SOURCE_DATE_EPOCH = "1577836800"


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
        staged = temp_beside(out_dir / wheel.name)
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

