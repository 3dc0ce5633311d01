"""Shared fixtures: the book built once per test session and served on 127.0.0.1,
and Playwright pointed at Debian's Chromium (Playwright's own download cannot
work on our networks)."""

from pathlib import Path
import os
import sys

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from site_builder import build_site  # noqa: E402  (needs the path above)
# The trained models' cache, as the build uses it (neural_odes.sims.trained_models).
os.environ.setdefault("NEURAL_ODES_CACHE", str(ROOT / ".cache" / "trained"))

SYSTEM_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The CompletedProcess of building the book into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    result.site = site
    return result


@pytest.fixture(scope="session")
def built_site(site_build):
    return site_build.site


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in /) of the built book served on 127.0.0.1."""
    from static_server import serve
    server, base = serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if os.path.exists(SYSTEM_CHROMIUM):
        args["executable_path"] = SYSTEM_CHROMIUM
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A service worker would answer requests page.route never sees (see ARCHITECTURE.md).
    return {**browser_context_args, "service_workers": "block"}
