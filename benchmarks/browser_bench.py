"""Browser benchmark of the live simulations (a script, not a test).

Builds the book, serves it on 127.0.0.1 and drives headless Chromium:
  cold   navigation -> first data-state="ready" of chapter 1's simulation, empty cache
  warm   the same again, the browser's HTTP cache filled by the cold visit
  move   control change -> next data-frame, p50/p95 over N changes, for every
         control of every simulation at its default settings
Optionally (--build) the site's build time from a clean cache (training included,
downloads excluded) and with the cache warm.
Targets on the 2-core reference machine: cold <= 4 s, warm <= 2 s, p95 <= 50 ms
per control, build <= 90 s clean and <= 15 s cached.

    ./book bench [--moves 50] [--build]
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
from static_server import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Records, in page time, when each simulation first becomes ready.
READY_PROBE = """
window.__readyAt = {};
new MutationObserver((records) => {
  for (const r of records) {
    const el = r.target;
    if (el.dataset && el.dataset.state === 'ready' && !(el.dataset.sim in window.__readyAt))
      window.__readyAt[el.dataset.sim] = performance.now();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
"""

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
    keep = {"pyodide-0.27.7"}  # the verified numpy wheel: a one-time download
    saved = Path(tempfile.mkdtemp(prefix="book-cache-"))
    for entry in cache.iterdir() if cache.exists() else []:
        if entry.name not in keep:
            shutil.move(str(entry), saved / entry.name)
    for sub in ("project-wheel",):  # the project wheel is rebuilt from py/ in a clean build
        path = cache / "pyodide-0.27.7" / sub
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


def control_plan(spec):
    """[(name, kind, values)] for every control of a simulation."""
    plan = []
    for name, c in spec.controls.items():
        if c.kind == "range":
            n = int(round((c.max - c.min) / c.step))
            grid = [round(c.min + k * c.step, 10) for k in range(n + 1)]
            # Values around the default, so the timing is that of default settings.
            near = sorted(grid, key=lambda v: abs(v - c.value))[:12]
            plan.append((name, "range", [v for v in near if v != c.value] + [c.value]))
        elif c.kind == "select":
            plan.append((name, "select", list(c.options[1:]) + [c.options[0]]))
        elif c.kind == "checkbox":
            plan.append((name, "checkbox", []))
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=50, help="control changes per control (default 50)")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--build", action="store_true", help="also time a clean and a cached build")
    parser.add_argument("--only", nargs="*", help="simulation ids to measure (default: all)")
    args = parser.parse_args()
    if args.build:
        clean, cached = build_times()
        print(f"build: clean {clean:.1f} s (target <= 90), cached {cached:.1f} s (target <= 15)")
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="book-bench-"))
        build(site)
    server, base = serve(site)
    launch = {"args": ARGS, **({"executable_path": CHROMIUM} if os.path.exists(CHROMIUM) else {})}
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        context = browser.new_context(service_workers="block")
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        cold = time_to_ready(page, base + "chapters/01-resnet-is-euler/", "euler")
        page.goto("about:blank")  # a real second navigation, not a hash change
        warm = time_to_ready(page, base + "chapters/01-resnet-is-euler/", "euler")
        stages = page.evaluate("window.NeuralOdesBook.runtime.status.stages")
        print(f"start: cold {cold:.2f} s (target <= 4), warm {warm:.2f} s (target <= 2); "
              "inside the worker, warm: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
        context.close()
        print(f"{'simulation':<12}{'control':<12}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}  n")
        for spec, url in simulations():
            if args.only and spec.id not in args.only:
                continue
            context = browser.new_context(service_workers="block")
            context.add_init_script(READY_PROBE)
            page = context.new_page()
            time_to_ready(page, base + url, spec.id)
            for name, kind, values in control_plan(spec):
                count = min(args.moves, 12) if kind == "pointer" else args.moves
                times = page.evaluate(MOVES, [spec.id, name, kind, values, count])
                print(f"{spec.id:<12}{name:<12}{statistics.median(times):>8.1f}{percentile(times, 95):>8.1f}"
                      f"{max(times):>8.1f}  {len(times)}", flush=True)
            context.close()
        browser.close()
    server.shutdown()
    print("target: p95 <= 50 ms per control at default settings")


if __name__ == "__main__":
    main()
