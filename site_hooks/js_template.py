"""Build-time JavaScript lives in ``.js`` files, never in Python strings.

A template is ordinary JavaScript (ESLint checks it like the browser's own files,
see eslint.config.mjs) in which each ``__NAME__`` stands for a value the build
knows; :func:`fill` replaces each with its JSON literal.
"""

import json
import re
from pathlib import Path

__all__ = ["fill", "js_literal"]

# A placeholder stands where a value may: not inside a URL query (Workbox's own
# ``?__WB_REVISION__=`` is text, not a placeholder).
_PLACEHOLDER = re.compile(r"(?<![?&\w])__([A-Z][A-Z0-9_]*)__(?![=\w])")


def js_literal(value) -> str:
    """``value`` as a JSON literal that is also safe inside a script file or tag."""
    return (json.dumps(value, separators=(",", ":")).replace("</", "<\\/")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def fill(template: Path, **values) -> str:
    """The text of ``template`` with every ``__NAME__`` replaced by ``values[NAME]``.
    A placeholder without a value, or a value without a placeholder, is a bug in
    the build: both raise ``ValueError`` naming the template."""
    text = Path(template).read_text(encoding="utf-8")
    wanted = set(_PLACEHOLDER.findall(text))
    missing, unused = wanted - values.keys(), values.keys() - wanted
    if missing or unused:
        raise ValueError(f"{template}: placeholders without values {sorted(missing)}, "
                         f"values without placeholders {sorted(unused)}")
    return _PLACEHOLDER.sub(lambda m: js_literal(values[m.group(1)]), text)
