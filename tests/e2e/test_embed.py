"""Embeds: a course page on another origin (127.0.0.2) puts a chapter and a
simulation in iframes with the snippet a chapter page offers (read from the page
as a reader copies it). With the host script each iframe takes the height its page
reports; without it (platforms strip scripts) the frame keeps the snippet's
height, which fits a simulation at common widths, and scrolls inside itself. A
query on the frame's address sets start values, checked against the controls the
page declares; bad values are ignored with a console warning."""

import re

import pytest
from playwright.sync_api import expect

from book_pages import simulations
from browser_checks import PageWatch
from neural_odes import sims
from static_server import serve

pytestmark = pytest.mark.browser

SLUG = "01-resnet-is-euler"
READY_TIMEOUT = 90_000
SCRIPT = re.compile(r"\n?<script [^>]*></script>")
# Frame widths of course pages on a laptop or tablet at which a simulation must fit
# the snippet's default height without the host script.
COMMON_WIDTHS = (600, 800, 1000, 1200)


def page_snippets(browser, site_url, page_path):
    """{frame path: snippet code} of a chapter's embed box, as the page shows it."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(site_url + page_path)
    codes = page.locator("code[data-embed-code]")
    expect(codes.first).to_contain_text(site_url)
    out = {}
    for code in codes.all():
        text = code.text_content()
        out[re.search(r'src="[^"]*?/(embed/[^"?]*)', text).group(1)] = text
    context.close()
    return out


@pytest.fixture(scope="module")
def host(browser, built_site, site_url, tmp_path_factory):
    """Course pages on a second origin, built from the snippet chapter 1 shows.
    Returns a function: host(name) -> the URL of that course page."""
    codes = page_snippets(browser, site_url, f"chapters/{SLUG}/")
    chapter, sim = codes[f"embed/chapters/{SLUG}/"], codes["embed/sims/euler/"]
    folder = tmp_path_factory.mktemp("host")

    def course_page(name, body):
        (folder / f"{name}.html").write_text(
            "<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
            f"<title>Course</title></head><body style='margin:0'><h1>A course page</h1>"
            f"<div id='box' style='width:900px'>{body}</div></body></html>")

    course_page("with-script", chapter + "\n" + sim)
    course_page("without-script", SCRIPT.sub("", chapter) + "\n" + SCRIPT.sub("", sim))
    # Loaded at once (not lazily) but far apart: a frame's runtime starts only in view.
    frame = SCRIPT.sub("", sim).replace(' loading="lazy"', "")

    def frames(queries):
        spaced = "<div style='height:1500px'></div>"
        return spaced.join(frame.replace('/embed/sims/euler/"', f'/embed/sims/{path}"') for path in queries)

    course_page("good-values", frames(["tolerance/?tol=0.8", "field/?field=saddle", "augment/?augmented=true"]))
    course_page("bad-values", frames(["tolerance/?tol=7&method=rk4", "euler/?dt=0.33",
                                      "field/?field=nonsense", "augment/?augmented=maybe",
                                      "playground/?code=import%20os"]))
    server, base = serve(folder, host="127.0.0.2")
    yield lambda name: f"{base}{name}.html"
    server.shutdown()


def test_every_chapter_and_simulation_has_an_embed_page(built_site):
    for spec, page in simulations():
        assert (built_site / "embed" / "sims" / spec.id / "index.html").is_file(), spec.id
        if page.startswith("chapters/"):
            assert (built_site / "embed" / page / "index.html").is_file(), page
    page = (built_site / "embed" / "sims" / "euler" / "index.html").read_text()
    assert "md-header" not in page and "md-sidebar" not in page, "an embed has no site navigation"


def test_a_build_without_site_url_prints_no_loopback_address(built_site):
    """The test build has no SITE_URL: its snippet shows a placeholder and says so."""
    html = (built_site / "chapters" / SLUG / "index.html").read_text()
    box = re.search(r'<details class="book-embed-snippet".*?</details>', html, re.S).group(0)
    assert "127.0.0.1" not in box and "localhost" not in box
    assert "data-embed-unknown" in box and "https://&lt;the book&#x27;s address&gt;/embed/sims/euler/" in box


def test_snippet_takes_the_pages_address_and_the_current_settings(page, site_url):
    page.goto(site_url + "chapters/03-solver-does-the-layers/")
    code = page.locator('code[data-embed-sim="tolerance"]')
    expect(code).to_contain_text(f'src="{site_url}embed/sims/tolerance/"')
    expect(code).to_contain_text(f'src="{site_url}assets/book/js/embed-host.js"')
    assert page.locator("[data-embed-unknown]").count() == 0, "the placeholder note goes once the address is known"
    page.locator('[data-sim="tolerance"] input[name="tol"]').fill("0.8")
    page.locator("details.book-embed-snippet summary").click()
    page.locator('button[data-embed-current="tolerance"]').click()
    expect(code).to_contain_text(f'src="{site_url}embed/sims/tolerance/?tol=0.8"')
    # Back at the default: no query. The other simulation's box is untouched.
    page.locator('[data-sim="tolerance"] input[name="tol"]').fill("0.5")
    page.locator('button[data-embed-current="tolerance"]').click()
    expect(code).to_contain_text(f'src="{site_url}embed/sims/tolerance/"')
    expect(page.locator('code[data-embed-sim="orders"]')).to_contain_text(f'src="{site_url}embed/sims/orders/"')


def test_current_settings_never_carry_the_playgrounds_code(page, site_url):
    page.goto(site_url + "chapters/09-cheat-sheet/")
    page.locator('[data-sim="playground"] textarea[name="code"]').fill("import os\nreturn -h")
    page.locator("details.book-embed-snippet summary").click()
    page.locator('button[data-embed-current="playground"]').click()
    code = page.locator('code[data-embed-sim="playground"]')
    expect(code).to_contain_text(f'src="{site_url}embed/sims/playground/"')
    assert "import" not in code.text_content()


def scroll_host_to(page, selector, element):
    """Scroll the host page to an element inside a cross-origin iframe, as a reader
    would (Playwright's own scrolling waits for animation frames, which Chromium
    throttles in a cross-origin iframe outside the viewport)."""
    top = element.evaluate("e => e.getBoundingClientRect().top")
    page.evaluate("([sel, top]) => window.scrollTo(0, document.querySelector(sel).getBoundingClientRect().top"
                  " + window.scrollY + top - 100)", [selector, top])


def frame_height(page, selector):
    return page.evaluate(f"document.querySelector('{selector}').getBoundingClientRect().height")


def reported(frame):
    return int(frame.locator("html").get_attribute("data-embed-height"))


def run_euler(page, selector):
    frame = page.frame_locator(selector)
    sim = frame.locator('[data-sim="euler"]')
    scroll_host_to(page, selector, sim)
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    sim.locator('input[name="dt"]').fill("0.25")
    expect(sim.locator('[data-readout="steps"]')).to_have_text("4")
    return frame


def test_embedded_on_another_origin_with_the_host_script(page, host, site_url):
    watch = PageWatch(page, site_url)
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(host("with-script"))
    for selector in (f'iframe[src*="embed/chapters/{SLUG}/"]', 'iframe[src*="embed/sims/euler/"]'):
        frame = run_euler(page, selector)
        # The iframe is as tall as the page inside says it is.
        page.wait_for_function(
            "([sel]) => { const f = document.querySelector(sel); const h = Number(f.dataset.height); "
            "return h > 100 && Math.abs(f.getBoundingClientRect().height - h) < 1; }",
            arg=[selector])
        assert abs(frame_height(page, selector) - reported(frame)) < 1
    chapter = f'iframe[src*="embed/chapters/{SLUG}/"]'
    assert frame_height(page, chapter) > 1500, "the chapter should be shown whole, not in a scroll box"
    # Narrower host column: the text reflows taller and the iframe follows.
    before = frame_height(page, chapter)
    page.evaluate("document.getElementById('box').style.width = '420px'")
    page.wait_for_function(f"document.querySelector('{chapter}').getBoundingClientRect().height > {before + 100}")
    assert abs(frame_height(page, chapter) - reported(page.frame_locator(chapter))) < 1
    assert watch.page_errors == [] and watch.console_errors == []
    for url in watch.requests:
        assert url.startswith((site_url, host("").rsplit("/", 1)[0], "data:", "blob:")), f"request left both origins: {url}"


def test_embedded_on_another_origin_without_the_host_script(page, host, site_url):
    """Scripts stripped: the frames keep the snippet's heights, the simulation fits
    and runs, the chapter scrolls inside its frame."""
    watch = PageWatch(page, site_url)
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(host("without-script"))
    chapter, sim = f'iframe[src*="embed/chapters/{SLUG}/"]', 'iframe[src*="embed/sims/euler/"]'
    frame = run_euler(page, sim)
    height = frame_height(page, sim)
    assert height == page.evaluate(f"parseFloat(document.querySelector('{sim}').style.height)")
    assert frame.locator("html").evaluate("e => e.scrollHeight <= innerHeight"), "the simulation fits its frame"
    inner = page.frame_locator(chapter).locator("html")
    assert inner.evaluate("e => e.scrollHeight > innerHeight + 1000"), "a chapter is taller than its frame"
    scroll_host_to(page, chapter, page.frame_locator(chapter).locator("h1"))
    box = page.locator(chapter).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 600)
    # The frame scrolls inside itself (the host page does not move).
    page.frame(url=re.compile(f"embed/chapters/{SLUG}/")).wait_for_function("window.scrollY > 300")
    assert watch.page_errors == [] and watch.console_errors == []


@pytest.fixture
def stalled_runtime(page):
    """The runtime's files never arrive: pages stay as a reader first sees them."""
    held = []
    page.route("**/assets/pyodide/**", lambda route: held.append(route))
    yield


def test_the_default_height_fits_every_simulation_at_common_widths(page, site_url, built_site, stalled_runtime):
    heights = {}
    for chapter in sorted((built_site / "chapters").iterdir()):
        text = (chapter / "index.html").read_text()
        for sim, height in re.findall(r"embed/sims/([\w-]+)/&quot;.*?height:(\d+)px", text):
            heights[sim] = int(height)
    assert set(heights) == {spec.id for spec, _ in simulations()}
    too_tall = []
    for width in COMMON_WIDTHS:
        page.set_viewport_size({"width": width, "height": 400})
        for sim, height in heights.items():
            page.goto(f"{site_url}embed/sims/{sim}/", wait_until="domcontentloaded")
            page.wait_for_function("document.fonts.status === 'loaded'")
            needed = page.evaluate("document.documentElement.scrollHeight")
            if needed > height:
                too_tall.append(f"{sim} at {width}px needs {needed}px, the snippet gives {height}px")
    assert too_tall == []


def frame_sim(page, path):
    selector = f'iframe[src*="embed/sims/{path}"]'
    sim_id = path.split("/")[0]
    return selector, page.frame_locator(selector).locator(f'[data-sim="{sim_id}"]')


def expected_readouts(sim_id, **values):
    spec = next(s for s, _ in simulations() if s.id == sim_id)
    scene = sims.run(sim_id, {**spec.defaults, **values})
    return {name: r["text"] for name, r in scene["readouts"].items() if name in spec.readouts}, scene["alt"]


def test_query_values_set_the_start_of_an_embed(page, host, site_url):
    watch = PageWatch(page, site_url)
    warnings = []
    page.on("console", lambda m: m.type == "warning" and "Neural ODEs book" in m.text and warnings.append(m.text))
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(host("good-values"))
    for path, name, value, typed in (("tolerance/?tol=0.8", "tol", "0.8", 0.8),
                                     ("field/?field=saddle", "field", "saddle", "saddle"),
                                     ("augment/?augmented=true", "augmented", True, True)):
        selector, sim = frame_sim(page, path)
        control = sim.locator(f'[name="{name}"]')
        if value is True:
            expect(control).to_be_checked()
        else:
            expect(control).to_have_value(value)
        scroll_host_to(page, selector, sim)
        expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
        readouts, alt = expected_readouts(sim.get_attribute("data-sim"), **{name: typed})
        for readout, text in readouts.items():
            expect(sim.locator(f'[data-readout="{readout}"]')).to_have_text(text)
        expect(sim.locator("canvas")).to_have_attribute("aria-label", alt)
    output = page.frame_locator(frame_sim(page, "tolerance/?tol=0.8")[0]).locator("output").first
    expect(output).to_have_text("0.80")
    assert warnings == [] and watch.page_errors == [] and watch.console_errors == []


def test_bad_query_values_are_ignored_with_a_warning(page, host, site_url):
    watch = PageWatch(page, site_url)
    warnings = []
    page.on("console", lambda m: m.type == "warning" and "Neural ODEs book" in m.text and warnings.append(m.text))
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(host("bad-values"))
    defaults = {spec.id: spec.defaults for spec, _ in simulations()}
    for path, name in (("tolerance/?tol=7", "tol"), ("euler/?dt=0.33", "dt"), ("field/?field=nonsense", "field"),
                       ("augment/?augmented=maybe", "augmented"), ("playground/?code=import", "code")):
        selector, sim = frame_sim(page, path)
        control = sim.locator(f'[name="{name}"]')
        default = defaults[path.split("/")[0]][name]
        if isinstance(default, bool):
            expect(control).not_to_be_checked()
        else:
            expect(control).to_have_value(str(default))
    # Each bad value was named in a warning (the playground's code is refused as code).
    for key in ("?tol=7", "?method=rk4", "?dt=0.33", "?field=nonsense", "?augmented=maybe", "?code=import os"):
        assert any(key in w for w in warnings), (key, warnings)
    assert any("code is never taken from an address" in w for w in warnings)
    # Never an error page: the first simulation runs at its default.
    selector, sim = frame_sim(page, "tolerance/?tol=7")
    scroll_host_to(page, selector, sim)
    expect(sim).to_have_attribute("data-state", "ready", timeout=READY_TIMEOUT)
    readouts, _ = expected_readouts("tolerance")
    for readout, text in readouts.items():
        expect(sim.locator(f'[data-readout="{readout}"]')).to_have_text(text)
    assert watch.page_errors == [] and watch.console_errors == []


def test_messages_from_other_windows_are_ignored(page, host):
    page.goto(host("with-script"))
    sim = 'iframe[src*="embed/sims/euler/"]'
    page.wait_for_function(f"Number(document.querySelector('{sim}').dataset.height) > 100")
    height = frame_height(page, sim)
    # The host page itself, and a foreign iframe, send well-formed resize messages.
    page.evaluate("""() => {
        window.postMessage({source: 'neural-odes-book', type: 'resize', height: 5}, '*');
        const f = document.createElement('iframe');
        f.srcdoc = "<script>parent.postMessage({source: 'neural-odes-book', type: 'resize', height: 7}, '*')<\\/script>";
        document.body.appendChild(f);
    }""")
    page.wait_for_timeout(500)
    assert frame_height(page, sim) == height


def test_host_sets_the_theme(page, host):
    page.goto(host("with-script"))
    sim = 'iframe[src*="embed/sims/euler/"]'
    page.wait_for_function(f"Number(document.querySelector('{sim}').dataset.height) > 100")
    page.evaluate("window.NeuralOdesBookEmbedHost.setTheme('dark')")
    expect(page.frame_locator(sim).locator("body")).to_have_attribute("data-md-color-scheme", "slate")
