"""Print and PDF. The printed book (site_hooks/printing/book_pdf.py, `./book pdf`) has every
chapter and every figure's caption in order, an image for every simulation on the
page of its caption, the answer keys, and nothing that only works on screen. A
chapter printed from the browser after the reader moved a slider prints the
figure as drawn, with the settings and readouts of that moment, in the light
palette whatever the screen used."""

import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from playwright.sync_api import expect

from book_pages import quiz_pages, simulations
from browser_checks import PageWatch
from site_builder import ROOT
from site_hooks.printing.book_pdf import normalized, pdf_pages_text

pytestmark = pytest.mark.browser
READY_TIMEOUT = 90_000
SCREEN_ONLY = ("Embed this chapter", "Static figure:", "Live: move the controls", "Enter drops a point",
               "Loading the Python runtime", "Skip to content", "Embed with the current settings")


@pytest.fixture(scope="module")
def book_pdf(built_site, tmp_path_factory):
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils is missing (pdftotext, pdfimages): ./book test installs it")
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    # In a child process, as `./book pdf` runs it: Playwright's sync API refuses to
    # start inside the event loop pytest-playwright's session browser keeps running.
    result = subprocess.run([sys.executable, "-m", "site_hooks.printing.book_pdf", "--site", str(built_site),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def pages(book_pdf):
    return [normalized(p) for p in pdf_pages_text(book_pdf)]


def chapter_titles():
    from site_hooks.book_build import split_front_matter
    from book_pages import DOCS
    titles = []
    for md in sorted((DOCS / "chapters").glob("*.md")):
        body = split_front_matter(md.read_text())[1]
        titles.append(next(l[2:].strip() for l in body.split("\n") if l.startswith("# ")))
    return titles


def plain(caption):
    """The start of a caption that prints as written (before any math or markup)."""
    return normalized(re.split(r"[$\\`*\[_{]", caption)[0]).rstrip(" (,;:")


def positions(text, needles):
    """Where each needle first occurs in text after the previous one (-1 if not)."""
    out, start = [], 0
    for needle in needles:
        at = text.find(needle, start)
        out.append(at)
        start = at + 1 if at >= 0 else start
    return out


def test_pdf_has_every_chapter_title_and_figure_caption_in_order(pages):
    text = " ".join(pages)
    titles = chapter_titles()
    assert len(titles) == 10
    found = positions(text, titles)
    assert -1 not in found, [t for t, at in zip(titles, found) if at < 0]
    captions = [plain(spec.caption) for spec, page in simulations() if page.startswith("chapters/")]
    assert all(len(c) >= 15 for c in captions), captions
    found = positions(text, captions)
    assert -1 not in found, [c for c, at in zip(captions, found) if at < 0]
    # Each chapter starts a page (its title at the top), and the contents give that page.
    starts = [next(i for i, p in enumerate(pages) if p.startswith(t)) + 1 for t in titles]
    contents = pages[1]
    assert contents.startswith("Contents")
    for title, page in zip(titles, starts):
        assert f"{title} {page}" in contents, (title, page)


def images_per_page(pdf):
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    return Counter(int(r[0]) for r in rows if r[2] == "image")


def test_every_simulation_prints_as_an_image_on_its_captions_page(book_pdf, pages):
    per_page = images_per_page(book_pdf)
    sims = [spec for spec, page in simulations() if page.startswith("chapters/")]
    assert sum(per_page.values()) >= len(sims), "at least one image per simulation"
    # No empty figure: the page that carries a caption carries the figure's image.
    start = 0
    for spec in sims:
        caption = plain(spec.caption)
        page = next(i for i in range(start, len(pages)) if caption[:60] in pages[i])
        assert per_page[page + 1] >= 1, f"{spec.id}: no image on page {page + 1}, where its caption is"
        start = page


def test_pdf_prints_answer_keys_and_nothing_only_for_screens(pages):
    text = " ".join(pages)
    for phrase in SCREEN_ONLY:
        assert phrase not in text, phrase
    chapters_with_quizzes = [p for p in quiz_pages() if p.startswith("chapters/")]
    assert text.count("Answers to the quizzes") == len(chapters_with_quizzes), "one answer key per chapter"
    assert "Answer: " in text


def test_a_chapter_prints_what_the_reader_set(browser, site_url, tmp_path):
    """Dark screen, a slider moved: the print shows the live drawing (light) and its readouts."""
    context = browser.new_context(service_workers="block", color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch = PageWatch(page, site_url)
    page.goto(site_url + "chapters/01-resnet-is-euler/")
    sim = page.locator('[data-sim="euler"]')
    sim.scroll_into_view_if_needed()
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    copy = sim.locator("canvas.book-sim__print")
    expect(copy).to_be_visible()
    expect(sim.locator("canvas.book-sim__canvas")).to_be_hidden()
    expect(sim.locator("img.book-sim__fallback")).to_be_hidden()
    # The copy is drawn (light background, not blank) and is what the live canvas shows.
    drawn = copy.evaluate("""c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) ink++;
        return ink; }""")
    assert drawn > 1000, "the printed copy of the figure is empty"
    for hidden in ('input[name="dt"]', ".book-sim__status", "header.md-header", ".book-embed-snippet"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(sim.locator('[data-readout="steps"]')).to_be_visible()
    expect(page.locator(".book-answer-key")).to_be_visible()
    details = page.locator("details:not(.book-embed-snippet)")
    assert details.count() > 0 and all(d.get_attribute("open") is not None for d in details.all())
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="null")  # back to the default (page.pdf prints with print media)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert sim.locator("canvas.book-sim__print").count() == 0
    # Chromium's own print to PDF fires beforeprint too: the readouts and the figure.
    pdf = tmp_path / "chapter.pdf"
    page.pdf(path=str(pdf))
    text = normalized(" ".join(pdf_pages_text(pdf)))
    assert "step size Δt: 0.25" in text and "steps taken: 4" in text
    watch.assert_clean()
    context.close()
