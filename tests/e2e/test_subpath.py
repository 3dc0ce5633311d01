"""The book served under a sub-path, as GitHub Pages serves a project site
(https://<user>.github.io/neural-odes/): built with that SITE_URL, every page's
links, scripts, styles, images, iframes and CSS url()s resolve to a file of the
build, and a chapter runs live there with instant navigation."""

from html.parser import HTMLParser
import os
from pathlib import Path
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from browser_checks import PageWatch
from static_server import QuietHandler, serve
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

PREFIX = "/neural-odes/"
READY_TIMEOUT = 90_000


class _SubPathHandler(QuietHandler):
    """Serves the site only under PREFIX; anything else is a 404."""

    def translate_path(self, path):
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(PREFIX):])


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """(base URL ending in PREFIX, build folder): the book built for, and served at, a sub-path."""
    site = tmp_path_factory.mktemp("subpath-site")
    server, root = serve(site, handler=_SubPathHandler)
    base = root.rstrip("/") + PREFIX
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    yield base, site
    server.shutdown()


class _Refs(HTMLParser):
    ATTRS = {"href", "src", "data-src-light", "data-src-dark"}

    def __init__(self):
        super().__init__()
        self.refs, self.base = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "base":
            self.base = attrs.get("href")
            return
        for name in self.ATTRS & attrs.keys():
            value = attrs[name]
            if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                continue
            if value and not value.startswith(("#", "mailto:", "javascript:", "data:")):
                self.refs.append(value)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def test_no_broken_link_or_asset_under_the_sub_path(subpath_site):
    base, site = subpath_site
    origin = base[: base.index(PREFIX)]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 5
    checked, broken = {}, []
    for rel in pages:
        page_url = base + rel
        status, body = fetch(page_url)
        assert status == 200, page_url
        parser = _Refs()
        parser.feed(body.decode("utf-8"))
        resolve_from = urllib.parse.urljoin(page_url, parser.base) if parser.base else page_url
        for ref in parser.refs:
            url = urllib.parse.urljoin(resolve_from, ref).split("#")[0]
            if not url.startswith(origin + "/"):
                continue  # another site (a "made with" link, for example)
            if not url.startswith(base):
                broken.append(f"{rel}: {ref} leaves the sub-path ({url})")
                continue
            if url not in checked:
                checked[url] = fetch(url)[0]
            if checked[url] != 200:
                broken.append(f"{rel}: {ref} -> HTTP {checked[url]}")
    # CSS url()s: fonts, KaTeX's fonts, icons.
    for css in sorted(site.rglob("*.css")):
        css_url = base + css.relative_to(site).as_posix()
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")):
                continue
            if ref.endswith((".woff", ".ttf")) and (css.parent / (ref.rsplit(".", 1)[0] + ".woff2")).is_file():
                continue  # a fallback format: browsers take the woff2 listed first, which is vendored
            url = urllib.parse.urljoin(css_url, ref).split("#")[0].split("?")[0]
            if url.startswith(origin + "/") and fetch(url)[0] != 200:
                broken.append(f"{css.name}: url({ref})")
    assert broken == [], "\n".join(broken[:30])
    assert len(checked) > 50


def test_chapter_runs_under_the_sub_path(page, subpath_site):
    base, _ = subpath_site
    watch = PageWatch(page, base)
    page.goto(base + "chapters/01-resnet-is-euler/")
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    assert all(u.startswith(base) or u.startswith(("data:", "blob:")) for u in watch.requests), \
        [u for u in watch.requests if not u.startswith(base)]
    # Instant navigation keeps working under the sub-path (no reload, one runtime).
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a", has_text="Home").first.click()
    expect(page.locator("h1").first).to_contain_text("Neural ODEs")
    assert page.url == base
    assert page.evaluate("window.__sameDocument") is True
    watch.assert_clean()
