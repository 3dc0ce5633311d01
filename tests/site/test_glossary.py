"""The glossary: data in docs/glossary.yml, a page listing it alphabetically,
and in each chapter a link (with the definition as hover text) on the first
use of a term in running text only."""

from pathlib import Path
import re

import pytest

from site_hooks.apparatus.glossary import Glossary
from site_hooks.blocks.directives import DirectiveError

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ["vector field", "Jacobian", "trace", "divergence", "flow map", "stage", "explicit method",
            "implicit method", "local error", "global error", "order of a method", "tolerance", "rtol",
            "atol", "error norm", "step-size controller", "stiffness", "FSAL", "NFE", "adjoint",
            "checkpointing", "normalizing flow", "change of variables", "log-likelihood", "nats",
            "Hutchinson estimator", "flow matching", "augmentation", "Lipschitz continuity",
            "Picard–Lindelöf", "ResNet", "weight tying"]
SMALL = """
- term: Jacobian
  aliases: [Jacobians]
  definition: The matrix of partial derivatives ∂f_i/∂h_j.
- term: ODE
  definition: A differential equation.
- term: Neural ODE
  aliases: [Neural ODEs]
  definition: An ODE whose field is a network.
"""


def link(term):
    return f"../../glossary/#{term.anchor}"


def test_first_use_in_running_text_is_linked_once():
    g = Glossary(SMALL)
    html = ("<h2>The Jacobian</h2><table><tr><td>an ODE</td></tr></table><div>ODE</div>"
            "<p>A <code>Jacobian</code> and $x$ <span class=\"arithmatex\">\\(Jacobian\\)</span> "
            "and <a href=\"#x\">Jacobian</a>; then the Jacobians of a Neural ODE.</p>"
            "<!-- book-block 0 --><p>Jacobian again, and an ODE.</p>"
            "<figcaption>Jacobian</figcaption><table><tr><td>ODE</td></tr></table>")
    out = g.link_first_uses(html, link)
    assert out.count('class="book-term"') == 3, out
    assert ('<a class="book-term" href="../../glossary/#term-jacobian" '
            'title="The matrix of partial derivatives ∂f_i/∂h_j.">Jacobians</a>') in out
    assert ">Neural ODE</a>" in out and ">ODE</a>.</p>" in out  # "ODE" inside "Neural ODE" is not a use
    assert "<h2>The Jacobian</h2>" in out and "<code>Jacobian</code>" in out


def test_glossary_page_is_alphabetical_with_anchors():
    html = Glossary(SMALL).page_html()
    assert re.findall(r'<dt id="([^"]+)">', html) == ["term-jacobian", "term-neural-ode", "term-ode"]


@pytest.mark.parametrize("text, line, words", [
    ("- term: A\n  definition: uses $x$\n", 1, "without $math$"),
    ("- term: A\n  definition: a\n- term: B\n  aliases: [a]\n  definition: b\n", 3, "already belongs to the term 'A'"),
    ("- term: A\n", 1, "missing 'definition'"),
    ("- term: A\n  definition: a\n  see: b\n", 1, "an entry has the keys"),
])
def test_bad_entries_name_their_line(text, line, words):
    with pytest.raises(DirectiveError) as info:
        Glossary(text, "glossary.yml")
    assert info.value.line == line and words in str(info.value)


def test_the_books_glossary_defines_the_agreed_terms():
    g = Glossary.from_file(ROOT / "docs" / "glossary.yml")
    phrases = {p.lower() for t in g.terms for p in (t.name, *t.aliases)}
    missing = [term for term in REQUIRED if term.lower() not in phrases]
    assert not missing, missing
    assert all(len(t.definition.split()) >= 12 for t in g.terms)  # a definition, not a label


def test_built_chapters_link_terms_to_the_glossary(built_site):
    glossary = (built_site / "glossary" / "index.html").read_text()
    anchors = set(re.findall(r'<dt id="(term-[^"]+)">', glossary))
    linked = 0
    for page in sorted((built_site / "chapters").glob("*/index.html")):
        html = page.read_text()
        hrefs = re.findall(r'<a class="book-term" href="\.\./\.\./glossary/#([^"]+)" title="[^"]+">', html)
        assert len(hrefs) == len(set(hrefs)), f"{page}: a term linked twice"
        assert set(hrefs) <= anchors
        linked += len(hrefs)
    assert linked >= 30
