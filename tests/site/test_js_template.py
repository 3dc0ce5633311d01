"""Build-time scripts are JavaScript files with placeholders (site_hooks/js_template.py)."""

import pytest

from site_builder import ROOT
from site_hooks.js_template import fill, js_literal


def test_fill_puts_json_literals_in_place(tmp_path):
    t = tmp_path / "t.js"
    t.write_text('const a = __A__; const b = __B__; const q = /[?&]__WB_REVISION__=/;\n')
    out = fill(t, A={"x": [1, 2]}, B="</script>")
    assert out == 'const a = {"x":[1,2]}; const b = "<\\/script>"; const q = /[?&]__WB_REVISION__=/;\n'


def test_a_placeholder_without_value_or_a_value_without_placeholder_is_an_error(tmp_path):
    t = tmp_path / "t.js"
    t.write_text("const a = __A__;\n")
    with pytest.raises(ValueError, match=r"t\.js: placeholders without values \['A'\]"):
        fill(t)
    with pytest.raises(ValueError, match=r"values without placeholders \['B'\]"):
        fill(t, A=1, B=2)


def test_line_separators_cannot_end_a_string():
    assert js_literal("a\u2028b") == '"a\\u2028b"'


def test_no_python_module_of_the_build_carries_javascript():
    """Scripts live in .js files (linted); Python fills their placeholders."""
    offenders = [p.relative_to(ROOT).as_posix() for p in (ROOT / "site_hooks").rglob("*.py")
                 if any(s in p.read_text() for s in ("(function (", "document.querySelector", "addEventListener("))]
    assert offenders == []
