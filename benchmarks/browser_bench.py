"""Browser benchmark of the live simulations (a script, not a test).

Builds the book, serves it on 127.0.0.1 and drives headless Chromium:
  cold   navigation -> first data-state="ready", empty browser cache
  warm   the same, the browser's HTTP cache already filled by the cold visit
  move   control change -> next data-frame, p50/p95 over N moves
Targets on the 2-core reference machine: cold <= 4 s, warm <= 2 s, p95 <= 50 ms.

    ./book bench            # or: .venv/bin/python benchmarks/browser_bench.py --moves 50
"""

import argparse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import os
from pathlib import Path
import statistics
import subprocess
import sys
import tempfile
import threading

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SIMS = {"euler": ("chapters/01-resnet-is-euler/", "dt")}

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

# One control change at a time: set a value, wait for the next frame, time it.
MOVES = """async ([sim, name, count]) => {
  const root = document.querySelector(`[data-sim="${sim}"]`);
  const input = root.querySelector(`[name="${name}"]`);
  const lo = Number(input.min), hi = Number(input.max), step = Number(input.step);
  const values = [];
  for (let v = lo; v <= hi + 1e-9; v += step) values.push(Number(v.toFixed(6)));
  const times = [];
  for (let i = 0; i < count; i++) {
    let value = values[(i * 7 + 3) % values.length];
    if (String(value) === input.value) value = values[(i * 7 + 4) % values.length];
    const before = Number(root.dataset.frame);
    const framed = new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (Number(root.dataset.frame) > before) { obs.disconnect(); resolve(); } });
      obs.observe(root, {attributes: true, attributeFilter: ['data-frame']});
    });
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    await framed;
    times.push(performance.now() - t0);
    await new Promise((r) => requestAnimationFrame(() => r()));
  }
  return times;
}"""


def serve(folder):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def time_to_ready(page, url, sim):
    page.goto(url + "#" + f"sim-{sim}")
    page.wait_for_function(f"window.__readyAt && window.__readyAt['{sim}'] !== undefined", timeout=120_000)
    return page.evaluate(f"window.__readyAt['{sim}']") / 1000


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=50)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="book-bench-"))
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=ROOT,
                       check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    server, base = serve(site)
    launch = {"args": ARGS, **({"executable_path": CHROMIUM} if os.path.exists(CHROMIUM) else {})}
    print(f"{'simulation':<12}{'cold s':>8}{'warm s':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}  control")
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        for sim, (path, control) in SIMS.items():
            context = browser.new_context(service_workers="block")
            context.add_init_script(READY_PROBE)
            page = context.new_page()
            cold = time_to_ready(page, base + path, sim)
            page.goto("about:blank")  # a real second navigation, not a hash change
            warm = time_to_ready(page, base + path, sim)
            stages = page.evaluate("window.NeuralOdesBook.runtime.status.stages")
            times = page.evaluate(MOVES, [sim, control, args.moves])
            print(f"{sim:<12}{cold:>8.2f}{warm:>8.2f}{statistics.median(times):>8.1f}"
                  f"{percentile(times, 95):>8.1f}{max(times):>8.1f}  {control} ({len(times)} moves)")
            print("  warm start inside the worker (s, cumulative): "
                  + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
            context.close()
        browser.close()
    server.shutdown()
    print("targets: cold <= 4 s, warm <= 2 s, p95 <= 50 ms")


if __name__ == "__main__":
    main()
