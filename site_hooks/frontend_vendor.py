"""Front-end packages copied from node_modules into the site: KaTeX for math
and the Roboto fonts Material uses (its default would fetch them off-origin)."""

import json
from pathlib import Path
import re
import shutil

__all__ = ["vendor_frontend", "FrontendVendorError", "PINNED"]

#: npm package -> version in package.json; the build refuses any other
PINNED = {"katex": "0.19.1", "@fontsource/roboto": "5.2.9", "@fontsource/roboto-mono": "5.2.9"}
FONT_FILES = {  # package -> the weight stylesheets Material's typography uses
    "@fontsource/roboto": ("300.css", "400.css", "400-italic.css", "500.css", "700.css"),
    "@fontsource/roboto-mono": ("400.css", "500.css"),
}
_URL = re.compile(r"url\(\./files/([\w.-]+)\)")


class FrontendVendorError(RuntimeError):
    pass


def _package(root, name):
    folder = Path(root) / "node_modules" / name
    try:
        version = json.loads((folder / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        raise FrontendVendorError(f"npm package {name} is missing from node_modules: run `npm ci` "
                                  f"in {root} (the README's set-up does this)") from None
    if version != PINNED[name]:
        raise FrontendVendorError(f"node_modules has {name} {version}, the book pins {PINNED[name]}: run `npm ci`")
    return folder


def _copy(src, dest):
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def vendor_frontend(root, dest):
    """Copy KaTeX and the fonts into ``dest`` (the site's assets/vendor/)."""
    dest = Path(dest)
    katex = _package(root, "katex") / "dist"
    for name in ("katex.min.js", "katex.min.css"):
        _copy(katex / name, dest / "katex" / name)
    for font in (katex / "fonts").glob("*.woff2"):
        _copy(font, dest / "katex" / "fonts" / font.name)
    css = ["/* Generated from @fontsource packages by site_hooks/frontend_vendor.py. */\n"]
    for package, sheets in FONT_FILES.items():
        folder = _package(root, package)
        short = package.split("/")[-1]
        for sheet in sheets:
            text = (folder / sheet).read_text()
            # Keep only woff2 (every browser that runs Pyodide reads it).
            text = re.sub(r",\s*url\(\./files/[\w.-]+\.woff\) format\('woff'\)", "", text)
            for name in _URL.findall(text):
                _copy(folder / "files" / name, dest / "fonts" / short / name)
            css.append(_URL.sub(lambda m: f"url(./{short}/{m.group(1)})", text))
    (dest / "fonts").mkdir(parents=True, exist_ok=True)
    (dest / "fonts" / "fonts.css").write_text("\n".join(css))
