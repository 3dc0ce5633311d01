"""Building the book from tests: one helper the session fixture and the fixture
books share (a module of its own, so no test imports ``conftest``)."""

from pathlib import Path
import os
import subprocess
import sys

ROOT = Path(__file__).resolve().parents[1]


def build_site(dest, config="mkdocs.yml", cwd=ROOT, env=None):
    """``mkdocs build --strict`` into ``dest``; returns the CompletedProcess.
    ``env``: extra environment variables (such as BOOK_OFFLINE)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(dest)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
