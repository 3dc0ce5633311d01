"""Figures and tables are numbered per chapter in order of appearance;
[[fig:...]], [[tab:...]] and [[ex:...]] link to them, on the page or across
chapters; a broken label or a sim without caption and try stops the build."""

from pathlib import Path
import re

import pytest

from site_hooks.apparatus.pages import page_url
from site_hooks.blocks.directives import DirectiveError, find_blocks
from site_hooks.book_build import BookBuild, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def sim(sim_id="euler", extra=""):
    controls = {"euler": 'dt: {label: "step", min: 0.05, max: 1.0, step: 0.05, value: 0.5}',
                "staircase": 'layers: {label: "N", min: 1, max: 64, step: 1, value: 4}'}[sim_id]
    return f"```sim\nid: {sim_id}\ncontrols:\n  {controls}\n{extra}caption: c\ntry: t\n```\n"


PAGE_3 = ("# 3. Three\n\nSee [[fig:euler]], [[fig:second]], [[tab:euler-worked]] and [[fig:staircase]].\n\n"
          + sim() + "\n```table\nid: euler-worked\ncaption: Numbers of [[fig:euler]].\n```\n\n"
          + sim(extra="label: second\n"))
PAGE_4 = "# 4. Four\n\nBack to [[fig:second]].\n\n" + sim("staircase")


def book(tmp_path, directory_urls=True):
    b = BookBuild(ROOT, docs_dir=DOCS)  # the figure cache is keyed by content
    b.directory_urls = directory_urls
    b.scan({"chapters/03-three.md": PAGE_3, "chapters/04-four.md": PAGE_4})
    return b


def render(b, src, text):
    return b.page_html(b.page_markdown(text, src), src, page_url(src, b.directory_urls))


def test_figures_and_tables_are_numbered_per_chapter(tmp_path):
    b = book(tmp_path)
    html = render(b, "chapters/03-three.md", PAGE_3)
    assert re.findall(r'<span class="book-figure-number">([^<]+)</span>', html) == ["Figure\xa03.1.", "Figure\xa03.2."]
    assert '<a class="book-xref" href="#sim-euler">Figure\xa03.1</a>' in html
    assert '<a class="book-xref" href="#sim-euler-1">Figure\xa03.2</a>' in html  # the same id twice: label
    assert '<a class="book-xref" href="#tab-euler-worked">Table\xa03.1</a>' in html
    assert '<a class="book-xref" href="../04-four/#sim-staircase">Figure\xa04.1</a>' in html
    assert 'id="sim-euler-1"' in html and 'data-sim="euler"' in html  # the page contract is unchanged
    other = render(b, "chapters/04-four.md", PAGE_4)
    assert '<a class="book-xref" href="../03-three/#sim-euler-1">Figure\xa03.2</a>' in other


def test_links_work_without_directory_urls(tmp_path):
    b = book(tmp_path, directory_urls=False)
    html = render(b, "chapters/03-three.md", PAGE_3)
    assert '<a class="book-xref" href="04-four.html#sim-staircase">Figure\xa04.1</a>' in html


def test_table_caption_is_numbered_and_the_table_renders():
    import markdown
    b = BookBuild(ROOT, docs_dir=DOCS)
    md = b.page_markdown("# 1. One\n\n```table\nid: euler-worked\ncaption: Worked by hand.\n```\n",
                         "chapters/01-one.md")
    html = b.page_html(markdown.markdown(md, extensions=["tables", "md_in_html"]), "chapters/01-one.md",
                       "chapters/01-one/")
    assert ('<table id="tab-euler-worked"><caption><span class="book-table-number">'
            'Table\xa01.1.</span> Worked by hand.</caption>') in html
    assert "<th" in html and "| steps" not in html  # a "|" inside a cell does not break the table


@pytest.mark.parametrize("text, line, words", [
    ("# 3. T\n\nSee [[fig:nope]].\n", 3, "unknown cross-reference [[fig:nope]]"),
    ("# 3. T\n\nSee\n[[tab:euler-workd]].\n", 4, "did you mean [[tab:euler-worked]]"),
    ("# 3. T\n\n[[eq:one]]\n", 3, "the kinds are fig"),
    ("# 3. T\n\n" + sim() + "\n" + sim(), 11, "figure label 'euler' is already used at chapters/03-x.md:3"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5}\ntry: t\n```\n",
     1, "missing 'caption"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5}\ncaption: c\n```\n",
     1, "missing 'try"),
    ("```sim\nid: euler\ncontrols:\n  dt: {label: a, min: 0.05, max: 1, step: 0.05, value: 0.5}\ncaption: c\n"
     "try: t\nlabel: Bad Label\n```\n", 7, "'label' must be"),
])
def test_broken_references_and_captions_name_file_and_line(tmp_path, text, line, words):
    b = BookBuild(ROOT, docs_dir=DOCS)  # the figure cache is keyed by content
    with pytest.raises(DirectiveError) as info:  # the build scans every page before rendering any
        b.scan({"chapters/03-x.md": text, "chapters/05-y.md": "# 5. Y\n\n```table\nid: euler-worked\n```\n"})
    assert (info.value.line, info.value.path) == (line, "chapters/03-x.md"), str(info.value)
    assert words in str(info.value)


def test_every_sim_of_the_book_has_a_caption_and_something_to_try():
    from site_hooks.blocks.sim_block import parse_sim
    count = 0
    for md in sorted((DOCS / "chapters").glob("*.md")):
        meta, body, offset = split_front_matter(md.read_text(encoding="utf-8"))
        for block in find_blocks(body, ("sim",), md.name, offset):
            spec = parse_sim(block)
            assert spec.caption.strip() and len(spec.try_text.split()) >= 6, (md.name, spec.id)
            count += 1
    assert count >= 12


def test_built_chapters_number_every_figure_and_table(built_site):
    for page in sorted((built_site / "chapters").glob("*/index.html")):
        html = page.read_text()
        n = int(page.parent.name[:2])
        figures = re.findall(r'<span class="book-figure-number">Figure\xa0(\d+)\.(\d+)\.</span>', html)
        assert figures == [(str(n), str(k)) for k in range(1, html.count("data-sim=") + 1)], page
        tables = re.findall(r'<table id="tab-[\w-]+"><caption><span class="book-table-number">'
                            r'Table\xa0(\d+)\.(\d+)\.</span> \S', html)
        assert tables == [(str(n), str(k)) for k in range(1, len(tables) + 1)], page
        source = next((DOCS / "chapters").glob(f"{page.parent.name}.md")).read_text(encoding="utf-8")
        assert len(tables) == source.count("```table"), page
        for target in re.findall(r'<a class="book-xref" href="([^"]+)"', html):
            path, anchor = target.split("#")
            dest = (page.parent / path / "index.html") if path else page
            assert f'id="{anchor}"' in dest.read_text(), (page, target)
