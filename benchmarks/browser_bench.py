"""Browser benchmark of the live simulations (a script, not a test).

Builds the book, serves it on 127.0.0.1 with GitHub Pages' caching headers
(``Cache-Control: max-age=600``) and drives headless Chromium:

  start  navigation -> first frame of chapter 1's simulation, broken down into
         stages from the milestones the runtime posts (worker.js, runtime.js):
         cold (a fresh browser context: empty HTTP cache) and warm (the same page
         again in that context), --runs times each; medians and ranges
  move   control change -> next data-frame, p50/p95/max, for every control of
         every simulation over its whole range: a range's 12 values end to end,
         every option of a select, both states of a checkbox (--passes sweeps)

Several sites (--site A --site B) are measured turn about in one session, for an
A/B comparison on a machine whose load varies. Optionally (--build) the site's
build time from a clean cache (training included, downloads excluded) and with
the cache warm.
Targets on the 2-core reference machine: cold <= 2.5 s, warm <= 1.5 s, p95 <= 50 ms
per control, build <= 90 s clean and <= 15 s cached.

    ./book bench [--runs 5] [--passes 2] [--build] [--skip-start] [--skip-latency] [--only cnf ...]
    ./book bench --site /tmp/before --site /tmp/after --skip-latency
"""

import argparse
import os
from pathlib import Path
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tests"))
from book_pages import simulations  # noqa: E402  (reads the sim blocks with the build's parser)
from static_server import pages_handler, serve  # noqa: E402
from site_hooks.blocks.sim_block import dom_id  # noqa: E402
from site_hooks.runtime_manifest import pyodide_version  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
START_PAGE, START_SIM = "chapters/01-resnet-is-euler/", "euler"

# Records, in page time, when each simulation first becomes ready and first draws.
PROBE = """
window.__readyAt = {}; window.__frameAt = {};
new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target, id = el.dataset && el.dataset.sim;
    if (!id) continue;
    if (el.dataset.state === 'ready' && !(id in window.__readyAt)) window.__readyAt[id] = performance.now();
    if (Number(el.dataset.frame) > 0 && !(id in window.__frameAt)) window.__frameAt[id] = performance.now();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state', 'data-frame']});
"""

# What one start left behind: milestones (ms since navigation) and downloads.
START_RECORD = """(sim) => {
  const rt = window.NeuralOdesBook && window.NeuralOdesBook.runtime;
  const nav = performance.getEntriesByType('navigation')[0];
  const page = performance.getEntriesByType('resource').map((r) => ({path: r.name, start: r.startTime,
    end: r.responseEnd, bytes: r.transferSize}));
  const setup = performance.getEntriesByName('book:page-setup')[0];
  return {timeline: {...(rt && rt.timeline ? rt.timeline : {}), html: nav.responseEnd,
                     'page-setup': setup ? setup.startTime : undefined,
                     frame: window.__frameAt[sim], 'sim-ready': window.__readyAt[sim]},
          downloads: (rt && rt.downloads) || [], page};
}"""

# (row label, from milestone or None for navigation, to milestone): consecutive
# stages of one start; they add up to navigation -> first frame.
STAGES = [
    # The runtime starts as the page's first simulation is parsed when it is in view
    # (BookBuild.page_head), else when the page's scripts set it up and it comes near.
    ("page: up to the runtime's start", None, "runtime-start"),
    ("worker.js fetched and started", "runtime-start", "worker-start"),
    ("pyodide.js", "worker-start", "pyodide-js"),
    ("pyodide.asm.js, up to wasm compile", "pyodide-js", "wasm-start"),
    ("wasm compile + instantiate", "wasm-start", "wasm-ready"),
    ("Python init (standard library)", "wasm-ready", "python"),
    ("packages: numpy + book wheel", "python", "packages"),
    ("trained parameters", "packages", "trained"),
    ("imports of the model modules", "trained", "imports"),
    ("ready -> first call starts", "imports", "first-call-start"),
    ("first model call", "first-call-start", "first-call-end"),
    ("first frame drawn", "first-call-end", "frame"),
]
TOTALS = [("navigation -> page set up (document$)", None, "page-setup"),
          ("navigation -> runtime ready", None, "ready"), ("navigation -> first frame", None, "frame")]
# Downloads shown in the breakdown (file name, hash folders dropped).
DOWNLOADS = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
             "pyodide-lock.json", ".whl", "trained/")

# One change at a time: change the control, wait for the next frame, time it.
# `values` are what the control cycles through; kind says how to apply one.
MOVES = """async ([sim, name, kind, values, count]) => {
  const root = document.querySelector(`[data-sim="${sim}"]`);
  const el = root.querySelector(`[name="${name}"]`);
  const times = [];
  for (let i = 0; i < count; i++) {
    const before = Number(root.dataset.frame);
    const framed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (Number(root.dataset.frame) > before) { obs.disconnect(); resolve(); } });
      obs.observe(root, {attributes: true, attributeFilter: ['data-frame']});
    });
    const t0 = performance.now();
    if (kind === 'pointer') {
      const box = root.querySelector('canvas').getBoundingClientRect();
      const [u, v] = values[i % values.length];
      root.querySelector('canvas').dispatchEvent(new MouseEvent('click', {bubbles: true,
        clientX: box.left + u * box.width, clientY: box.top + v * box.height}));
    } else if (kind === 'checkbox') {
      el.click();
    } else if (kind === 'textarea') {
      el.value = values[i % values.length];
      root.querySelector('button[data-action="run"]').click();
    } else {
      el.value = String(values[i % values.length]);
      el.dispatchEvent(new Event(kind === 'select' ? 'change' : 'input', {bubbles: true}));
    }
    await framed;
    times.push(performance.now() - t0);
    // Let an animated reveal finish so the next change is measured on its own.
    await new Promise((r) => setTimeout(r, kind === 'pointer' ? 1000 : 30));
  }
  return times;
}"""


def build(dest):
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)], cwd=ROOT,
                   check=True, env=ENV)
    return time.perf_counter() - t0


def build_times():
    """Clean (no figure, wheel or trained-model cache; downloads kept) and cached build times."""
    cache = ROOT / ".cache"
    runtime = f"pyodide-{pyodide_version()}"
    keep = {runtime}  # the verified numpy wheel: a one-time download
    saved = Path(tempfile.mkdtemp(prefix="book-cache-"))
    for entry in cache.iterdir() if cache.exists() else []:
        if entry.name not in keep:
            shutil.move(str(entry), saved / entry.name)
    for sub in ("project-wheel", "bytecode"):  # rebuilt from py/ and the downloads in a clean build
        path = cache / runtime / sub
        if path.exists():
            shutil.move(str(path), saved / f"pyodide-{sub}")
    try:
        with tempfile.TemporaryDirectory() as site:
            clean = build(site)
        with tempfile.TemporaryDirectory() as site:
            cached = build(site)
    finally:
        shutil.rmtree(saved, ignore_errors=True)
    return clean, cached


RANGE_POINTS = 12  # values a range control is set to, end to end
MIN_MOVES = 20  # moves of each control at the least (a checkbox: 10 visits of each state)


def range_values(c, points=RANGE_POINTS):
    """``points`` values from min to max, each on the control's step grid."""
    steps = round((c.max - c.min) / c.step)
    picks = sorted({round(k * steps / (points - 1)) for k in range(points)})
    return [round(c.min + i * c.step, 10) for i in picks]


def control_plan(spec, passes=2):
    """[(name, kind, values)] for every control of a simulation, over its whole
    range: a range's 12 values end to end (up, then down again on the second pass),
    every option of a select, both states of a checkbox."""
    plan = []
    for name, c in spec.controls.items():
        if c.kind == "range":
            up = range_values(c)
            values = [v for i in range(passes) for v in (up if i % 2 == 0 else up[::-1])]
            plan.append((name, "range", values))
        elif c.kind == "select":
            cycle = [o for o in c.options if o != c.value] + [c.value]
            plan.append((name, "select", cycle * passes))
        elif c.kind == "checkbox":
            plan.append((name, "checkbox", [not c.value, c.value] * passes))  # each click toggles
        elif c.kind == "textarea":
            plan.append((name, "textarea", [c.value, "return -0.5 * h", c.value.replace("h[:, 1]", "0.8 * h[:, 1]")]))
    if spec.pointer:
        plan.append((spec.pointer.param, "pointer", [[0.3, 0.3], [0.6, 0.5], [0.45, 0.7], [0.7, 0.25]]))
    return plan


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def time_to_ready(page, url, sim):
    page.goto(url)
    page.locator(f'[data-sim="{sim}"]').first.scroll_into_view_if_needed()
    page.wait_for_function(f"window.__readyAt && window.__readyAt['{sim}'] !== undefined", timeout=180_000)
    return page.evaluate(f"window.__readyAt['{sim}']") / 1000


# ------------------------------------------------------------------ start-up breakdown

def one_start(page, url, sim):
    """Navigate to ``url`` and wait for ``sim``'s first frame; the start's record."""
    page.goto(url)
    page.locator(f'[data-sim="{sim}"]').first.scroll_into_view_if_needed()
    page.wait_for_function(f"window.__frameAt && window.__frameAt['{sim}'] !== undefined", timeout=180_000)
    return page.evaluate(START_RECORD, sim)


def start_runs(playwright, launch, sites, runs, at_figure=False):
    """{site label: {"cold": [record...], "warm": [...]}}, the sites measured turn about.
    Each run has a browser profile of its own: an empty disk cache, as a reader's
    first visit, then the same page again. (Not a new_context(): its in-memory
    cache keeps no entry as large as the 10 MB wasm, which a reader's disk cache does.)"""
    out = {label: {"cold": [], "warm": []} for label, _ in sites}
    for _ in range(runs):
        for label, base in sites:
            with tempfile.TemporaryDirectory(prefix="book-bench-profile-") as profile:
                context = playwright.chromium.launch_persistent_context(profile, service_workers="block", **launch)
                context.add_init_script(PROBE)
                page = context.pages[0] if context.pages else context.new_page()
                url = base + START_PAGE + (f"#{dom_id(START_SIM)}" if at_figure else "")
                out[label]["cold"].append(one_start(page, url, START_SIM))
                page.goto("about:blank")  # a real second navigation, not a hash change
                out[label]["warm"].append(one_start(page, url, START_SIM))
                context.close()
    return out


def stage_ms(record, start, end):
    t = record["timeline"]
    if end not in t or t[end] is None or (start is not None and t.get(start) is None):
        return None
    return t[end] - (t[start] if start is not None else 0.0)


def download_rows(records):
    """{file: [(ms from request to last byte, bytes over the network) per run]}."""
    rows = {}
    for rec in records:
        for d in rec["downloads"]:
            name = d["path"].split("/")[-1] if not d["path"].startswith("trained/") else d["path"]
            if any(name.endswith(k) or name.startswith(k) for k in DOWNLOADS):
                rows.setdefault(name, []).append((d["end"] - d["start"], d["bytes"]))
    return rows


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    med = statistics.median(values)
    return f"{med:6.0f} ({min(values):.0f}–{max(values):.0f})"


def print_breakdown(results, runs, at_figure=False):
    columns = [(f"{kind} {label}" if len(results) > 1 else kind, recs)
               for kind in ("cold", "warm") for label, by_kind in results.items() for recs in [by_kind[kind]]]
    width = 24
    opened = f"{START_PAGE}#{dom_id(START_SIM)} (a link to the figure)" if at_figure else \
        f"{START_PAGE}, then scrolled to {START_SIM}"
    print(f"\nstart-up of {opened}, ms; median (min–max) of {runs} runs")
    print(f"{'stage':<42}" + "".join(f"{name:>{width}}" for name, _ in columns))
    for label, start, end in STAGES + TOTALS:
        if label == TOTALS[0][0]:
            print("-" * (42 + width * len(columns)))
        print(f"{label:<42}" + "".join(f"{summary([stage_ms(r, start, end) for r in recs]):>{width}}"
                                       for _, recs in columns))
    print("downloads: ms from request to last byte; kB over the network (0: from the HTTP cache)")
    for name, recs in columns:
        rows = download_rows(recs)
        cells = [f"{f} {statistics.median(ms for ms, _ in v):.0f} ms {statistics.median(b for _, b in v) / 1e3:.0f} kB"
                 for f, v in sorted(rows.items())]
        print(f"  {name}: " + "; ".join(cells))


# ------------------------------------------------------------------ control latency

def latency(browser, base, only, passes):
    """Control -> next frame for every control of every simulation over its whole
    range; returns {(sim, control): [ms...]}."""
    print(f"\ncontrol -> next frame, whole range ({RANGE_POINTS} values end to end, every option, "
          f"both states), {passes} passes")
    print(f"{'simulation':<12}{'control':<12}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'n':>4}  slowest at")
    out = {}
    for spec, url in simulations():
        if only and spec.id not in only:
            continue
        context = browser.new_context(service_workers="block")
        context.add_init_script(PROBE)
        page = context.new_page()
        time_to_ready(page, base + url, spec.id)
        for name, kind, values in control_plan(spec, passes):
            # At least MIN_MOVES moves, cycling through the values, so that p95 is a
            # percentile and not the slowest single move of a two-option control.
            count = max(len(values), MIN_MOVES)
            times = page.evaluate(MOVES, [spec.id, name, kind, values, count])
            out[(spec.id, name)] = times
            slowest = values[max(range(len(times)), key=times.__getitem__) % len(values)]
            print(f"{spec.id:<12}{name:<12}{statistics.median(times):>8.1f}{percentile(times, 95):>8.1f}"
                  f"{max(times):>8.1f}{len(times):>4}  {slowest}", flush=True)
        context.close()
    slow = [f"{sim}.{name} {percentile(t, 95):.0f}" for (sim, name), t in out.items() if percentile(t, 95) > 50]
    print("target: p95 <= 50 ms for every control over its whole range; "
          + (f"over it: {', '.join(slow)}" if slow else "all within it"))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold and warm starts per site (default 5)")
    parser.add_argument("--passes", type=int, default=2,
                        help="sweeps of each control's whole range (up, down, ...; default 2)")
    parser.add_argument("--site", type=Path, action="append",
                        help="an already built site (repeat for an A/B comparison; default: build one now)")
    parser.add_argument("--build", action="store_true", help="also time a clean and a cached build")
    parser.add_argument("--skip-start", action="store_true", help="no start-up breakdown")
    parser.add_argument("--at-figure", action="store_true",
                        help="open the start page at its figure (#sim-euler), as a link to the figure does")
    parser.add_argument("--skip-latency", action="store_true", help="no control latency table")
    parser.add_argument("--only", nargs="*", help="simulation ids to measure (default: all)")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.build:
        clean, cached = build_times()
        print(f"build: clean {clean:.1f} s (target <= 90), cached {cached:.1f} s (target <= 15)")
    sites = args.site
    if not sites:
        sites = [Path(tempfile.mkdtemp(prefix="book-bench-"))]
        build(sites[0])
    labels = [s.name for s in sites] if len(sites) > 1 else ["site"]
    if len(set(labels)) != len(labels):
        labels = [f"site{i + 1}" for i in range(len(sites))]
    servers = [serve(site, handler=pages_handler()) for site in sites]
    launch = {"args": ARGS, **({"executable_path": CHROMIUM} if os.path.exists(CHROMIUM) else {})}
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        if not args.skip_start:
            results = start_runs(p, launch, [(label, base) for label, (_, base) in zip(labels, servers)], args.runs,
                                 args.at_figure)
            print_breakdown(results, args.runs, args.at_figure)
        if not args.skip_latency:
            for label, (_, base) in zip(labels, servers):
                if len(servers) > 1:
                    print(f"\n{label}:")
                latency(browser, base, args.only, args.passes)
        browser.close()
    for server, _ in servers:
        server.shutdown()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
