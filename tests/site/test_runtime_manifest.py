"""One runtime manifest (site_hooks/runtime_manifest.py): versions read from the files
that pin them, names and paths written once, and every consumer reading them."""

import json
import re
import subprocess

from site_builder import ROOT
from site_hooks import runtime_manifest as manifest

PACKAGE_JSON = json.loads((ROOT / "package.json").read_text())


def tracked_files():
    """The repository's own text files (what a newcomer would grep)."""
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    skip = ("package.json", "package-lock.json", "requirements.txt", ".png", ".woff2", ".bib", ".npz")
    return [ROOT / f for f in out.split("\n") if f and not f.endswith(skip) and (ROOT / f).is_file()]


def test_versions_come_from_package_json():
    assert manifest.pyodide_version() == PACKAGE_JSON["dependencies"]["pyodide"]
    assert manifest.version("katex") == PACKAGE_JSON["dependencies"]["katex"]


def test_each_pinned_version_is_written_once():
    """Only package.json names the front-end versions (Pyodide, KaTeX, the fonts,
    Workbox): no code, test, configuration or document repeats one. (Python's pins
    in requirements.txt are another namespace.)"""
    for name, version in PACKAGE_JSON["dependencies"].items():
        pattern = re.compile(rf"(?<![\d.]){re.escape(version)}(?![\d])")
        found = [f.relative_to(ROOT).as_posix() for f in tracked_files()
                 if pattern.search(f.read_text(encoding="utf-8", errors="ignore"))]
        assert found == [], f"{name} {version} is written again in {found}"


def test_the_package_name_is_written_once():
    """The project's distribution name lives in py/pyproject.toml; the runtime, the
    offline copy and the benchmarks get it from the manifest. (The embeds' message
    tag, the dist/ file names and test fixtures are other things sharing the words.)"""
    name = manifest.project_package()
    literal = re.compile(rf"""["']{re.escape(name)}["']""")
    readers = [*(ROOT / "docs" / "assets" / "book" / "js").glob("*.js"), *(ROOT / "benchmarks").glob("*"),
               *(ROOT / "site_hooks").rglob("*.py"), *(ROOT / "site_hooks").rglob("*.js")]
    found = [f.relative_to(ROOT).as_posix() for f in readers
             if f.is_file() and f.name not in ("embed.js", "embed-host.js", "zip_book.py")
             and literal.search(f.read_text(encoding="utf-8"))]
    assert found == []


def test_every_page_loads_the_manifest_scripts_in_order(built_site):
    for page in ("index.html", "chapters/01-resnet-is-euler/index.html"):
        html = (built_site / page).read_text()
        srcs = re.findall(r'<script src="(?:\.\./)*([^"?]+)', html)
        ours = [s for s in srcs if s in manifest.PAGE_SCRIPTS]
        assert ours == list(manifest.PAGE_SCRIPTS), page
        styles = re.findall(r'<link rel="stylesheet" href="(?:\.\./)*([^"?]+)', html)
        assert [s for s in styles if s in manifest.PAGE_STYLES] == list(manifest.PAGE_STYLES), page


def test_embed_pages_load_the_same_scripts_with_the_embeds_before_main(built_site):
    html = (built_site / "embed" / "sims" / "euler" / "index.html").read_text()
    srcs = [re.sub(r"^(\.\./)+", "", s) for s in re.findall(r'<script src="([^"]+)"', html)]
    assert srcs == list(manifest.embed_scripts())
    assert srcs.index(manifest.EMBED_SCRIPT) == srcs.index("assets/book/js/main.js") - 1


def test_the_browser_reads_the_manifest_the_build_wrote(built_site):
    text = (built_site / manifest.MANIFEST_SCRIPT).read_text()
    shipped = json.loads(re.search(r"Book\.manifest = (\{.*\});", text).group(1))
    assert shipped == manifest.browser_manifest()
    assert shipped["packages"] == ["numpy", "neural-odes-book"]
    # Every path it names is in the site.
    assets = built_site / "assets"
    assert (assets / shipped["worker"]).is_file()
    assert all((assets / s).is_file() for s in shipped["workerScripts"])
    assert (assets / shipped["runtimeDir"] / "pyodide-lock.json").is_file()
    assert any((assets / shipped["trainedDir"]).glob("*.json"))
    lock = json.loads((assets / shipped["runtimeDir"] / "pyodide-lock.json").read_text())
    assert all(p in lock["packages"] for p in shipped["packages"])


def test_the_javascript_takes_names_and_paths_from_the_manifest():
    """What the manifest owns is not spelled out again in the browser's scripts."""
    js = {p.name: p.read_text() for p in (ROOT / "docs" / "assets" / "book" / "js").glob("*.js")}
    for owned in ('"book/js/worker.js"', '"pyodide/pyodide.js"', "trained/${", '"NEURAL_ODES_TRAINED"',
                  '"/home/pyodide/trained"', '"numpy"'):
        assert [n for n, text in js.items() if owned in text] == [], owned
