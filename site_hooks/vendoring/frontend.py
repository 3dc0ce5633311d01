"""Front-end packages copied from node_modules into the site: KaTeX for math
and the Roboto fonts Material uses (its default would fetch them off-origin).

The fonts come split by script (latin, greek, cyrillic, ...), one file per
subset, each declared with the ``unicode-range`` it covers. A browser downloads
only the subsets whose range holds a character on the page, but a precache or a
zip would carry them all: given the characters the book can show
(:func:`characters_in`), the stylesheet keeps only the subsets that cover one
of them and the other files are not copied."""

import json
from pathlib import Path
import re
import shutil

from ..runtime_manifest import version as pinned_version

__all__ = ["vendor_frontend", "characters_in", "workbox_runtime", "FrontendVendorError"]

# The service worker's library, in the order its classic scripts must run (each
# reads the namespaces the ones before it set on self.workbox).
WORKBOX = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching")
FONT_FILES = {  # package -> the weight stylesheets Material's typography uses
    "@fontsource/roboto": ("300.css", "400.css", "400-italic.css", "500.css", "700.css"),
    "@fontsource/roboto-mono": ("400.css", "500.css"),
}
_URL = re.compile(r"url\(\./files/([\w.-]+)\)")
# One @font-face rule with the comment fontsource puts before it.
_FACE = re.compile(r"(?:/\*[^*]*\*/\s*)?@font-face\s*\{[^}]*\}\s*")
_RANGE = re.compile(r"unicode-range:\s*([^;}]+)")


class FrontendVendorError(RuntimeError):
    pass


def _package(root, name):
    folder = Path(root) / "node_modules" / name
    try:
        version = json.loads((folder / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        raise FrontendVendorError(f"npm package {name} is missing from node_modules: run `npm ci` "
                                  f"in {root} (the README's set-up does this)") from None
    pinned = pinned_version(name)  # package.json's; the build refuses any other
    if version != pinned:
        raise FrontendVendorError(f"node_modules has {name} {version}, the book pins {pinned}: run `npm ci`")
    return folder


def _copy(src, dest):
    if dest.exists() and dest.stat().st_size == src.stat().st_size and dest.stat().st_mtime >= src.stat().st_mtime:
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def workbox_runtime(root) -> str:
    """Workbox's production builds, concatenated, for the top of sw.js."""
    parts = [f"/* Workbox {pinned_version('workbox-core')} (MIT License, Google LLC): "
             f"{', '.join(WORKBOX)}, from node_modules by site_hooks/vendoring/frontend.py. */\n"]
    for name in WORKBOX:
        text = (_package(root, name) / "build" / f"{name}.prod.js").read_text(encoding="utf-8")
        # The source maps are not shipped (no page loads them): drop the comment naming them.
        parts.append(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "", text).rstrip() + "\n")
    return "".join(parts)


def characters_in(paths) -> frozenset:
    """Every character of the given text files (markup included: a superset)."""
    chars = set()
    for path in paths:
        chars.update(Path(path).read_text(encoding="utf-8", errors="replace"))
    return frozenset(chars)


def _ranges(spec):
    """"U+0000-00FF,U+0131" -> [(0x0, 0xff), (0x131, 0x131)]"""
    out = []
    for part in spec.split(","):
        lo, _, hi = part.strip()[2:].partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


def _needed(face, codepoints):
    match = _RANGE.search(face)
    if codepoints is None or not match:
        return True
    return any(lo <= c <= hi for lo, hi in _ranges(match.group(1)) for c in codepoints)


def vendor_frontend(root, dest, characters=None):
    """Copy KaTeX and the fonts into ``dest`` (the site's assets/vendor/).
    ``characters``: those the book can show; font subsets covering none of them
    are left out (None keeps every subset)."""
    codepoints = None if characters is None else sorted(ord(c) for c in characters)
    dest = Path(dest)
    katex = _package(root, "katex") / "dist"
    for name in ("katex.min.js", "katex.min.css"):
        _copy(katex / name, dest / "katex" / name)
    for font in (katex / "fonts").glob("*.woff2"):
        _copy(font, dest / "katex" / "fonts" / font.name)
    css = ["/* Generated from @fontsource packages by site_hooks/vendoring/frontend.py. */\n"]
    for package, sheets in FONT_FILES.items():
        folder = _package(root, package)
        short = package.split("/")[-1]
        for sheet in sheets:
            text = (folder / sheet).read_text()
            # Keep only woff2 (every browser that runs Pyodide reads it).
            text = re.sub(r",\s*url\(\./files/[\w.-]+\.woff\) format\('woff'\)", "", text)
            if _FACE.sub("", text).strip():
                raise FrontendVendorError(f"{package}/{sheet} holds more than @font-face rules: "
                                          "site_hooks/vendoring/frontend.py cannot trim it")
            text = "".join(face for face in _FACE.findall(text) if _needed(face, codepoints))
            for name in _URL.findall(text):
                _copy(folder / "files" / name, dest / "fonts" / short / name)
            css.append(_URL.sub(lambda m: f"url(./{short}/{m.group(1)})", text))
    (dest / "fonts").mkdir(parents=True, exist_ok=True)
    (dest / "fonts" / "fonts.css").write_text("\n".join(css))
