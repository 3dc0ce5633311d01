"""``./book zip``: the offline copy of the book as one zip.

Builds the book a second time with ``BOOK_OFFLINE=true`` (see offline_build.py)
into a temporary folder and zips it as ``dist/neural-odes-book.zip``, every file
under one top folder ``neural-odes-book/``. Unzipped anywhere, opening
``neural-odes-book/index.html`` (a double-click, file://) gives the whole book,
with search and live simulations, and no server. Files no page of that copy
loads stay out (``loaded_files.py``): source maps, unused search languages,
and the runtime's raw files, which the copy carries as data scripts.

    python -m site_hooks.offline.zip_book [--out dist/neural-odes-book.zip]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
import subprocess
import sys
import tempfile
import time
import zipfile

from .. import PROJECT_ROOT
from .loaded_files import loaded_files

ROOT = PROJECT_ROOT
DEFAULT_OUT = ROOT / "dist" / "neural-odes-book.zip"
TOP = "neural-odes-book"
# Already compressed: deflating them again only costs time.
_STORED = (".whl", ".zip", ".woff2", ".png", ".gz")


def build_offline(dest: Path, config: Path = ROOT / "mkdocs.yml") -> None:
    env = {**os.environ, "BOOK_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config),
                             "-d", str(dest)], cwd=config.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"book zip: the offline build failed:\n{result.stdout}{result.stderr}")


def zip_site(site: Path, out: Path) -> Path:
    """Zip the files of the offline build ``site`` that its pages can load."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for rel in loaded_files(site, offline=True):
            path = site / rel
            kind = zipfile.ZIP_STORED if path.suffix in _STORED else zipfile.ZIP_DEFLATED
            zf.write(path, f"{TOP}/{rel}", compress_type=kind)
    partial.replace(out)
    return out


def make_zip(out: Path = DEFAULT_OUT, config: Path = ROOT / "mkdocs.yml") -> Path:
    with tempfile.TemporaryDirectory(prefix="book-offline-") as tmp:
        site = Path(tmp) / "site"
        build_offline(site, config)
        return zip_site(site, Path(out))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the zip to write")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    out = make_zip(args.out.resolve())
    print(f"book zip: {out} ({out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s); "
          f"unzip it and open {TOP}/index.html")


if __name__ == "__main__":
    main()
