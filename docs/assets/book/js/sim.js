/* One simulation on the page: binds its native controls to the model, keeps the
 * page contract's attributes (data-state, data-frame, data-readout) true, and
 * makes sure the latest control value wins (at most one model call in flight). */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  const ANIMATION_MS = 1600;

  class Simulation {
    constructor(root) {
      this.root = root;
      this.id = Book.check(root.dataset.sim, "data-sim", root.dataset.sim);
      this.img = root.querySelector("img.book-sim__fallback");
      this.canvas = root.querySelector("canvas.book-sim__canvas");
      this.statusEl = root.querySelector(".book-sim__status");
      this.controls = [...root.querySelectorAll("input[name], select[name], textarea[name]")];
      this.buttons = [...root.querySelectorAll("button[name]")];
      this.busy = false;
      this.pending = null; // the newest parameters not yet sent
      this.scene = null;
      this.started = false;
      this.bind();
      this.followTheme();
    }

    params() {
      const out = {};
      for (const el of this.controls) {
        if (el.type === "range") out[el.name] = Number(el.value);
        else if (el.type === "checkbox") out[el.name] = el.checked;
        else out[el.name] = el.value;
      }
      return out;
    }

    bind() {
      const hasRun = this.buttons.some((b) => b.dataset.action === "run");
      for (const el of this.controls) {
        const event = el.tagName === "SELECT" || el.type === "checkbox" ? "change" : "input";
        el.addEventListener(event, () => {
          this.showValue(el);
          // With a Run button, edits to code wait for the button.
          if (!(hasRun && el.tagName === "TEXTAREA")) this.request();
        });
        el.addEventListener("focus", () => this.start(), { once: true });
        el.addEventListener("pointerdown", () => this.start(), { once: true });
      }
      for (const b of this.buttons) {
        b.addEventListener("click", () => (b.dataset.action === "animate" ? this.animate(b) : this.request()));
      }
    }

    showValue(el) {
      const out = el.type === "range" && el.parentElement.querySelector("output");
      if (out) out.textContent = Number(el.value).toFixed(Number(el.dataset.decimals || 2));
    }

    setState(state, message) {
      this.root.dataset.state = state;
      if (message !== undefined) this.statusEl.textContent = message;
    }

    /** Start the shared runtime (idempotent); draws the current settings once ready. */
    start() {
      if (this.started) return;
      this.started = true;
      const status = Book.runtime.status;
      this.setState("loading", status.state === "ready" ? "Running…" : "Loading the Python runtime…");
      const unsubscribe = Book.runtime.subscribe((s) => {
        if (s.state === "loading") this.setState("loading", `${s.message} (${Math.round(s.fraction * 100)}%)`);
      });
      Book.runtime.start().then(
        () => { unsubscribe(); this.request(); },
        (err) => {
          unsubscribe();
          this.setState("error", `The live simulation could not start (${err.message}). The figure shows its default settings.`);
        },
      );
    }

    request() {
      if (!this.started) return this.start();
      if (Book.runtime.status.state !== "ready") return; // start() draws once ready
      const params = this.params();
      if (this.busy) { this.pending = params; return; }
      this.busy = true;
      Book.runtime.run(this.id, params).then(
        (scene) => this.draw(scene),
        (err) => this.setState(this.scene ? "ready" : "error", `Could not compute this setting: ${err.message}`),
      ).finally(() => {
        this.busy = false;
        if (this.pending) { this.pending = null; this.request(); }
      });
    }

    draw(scene) {
      this.scene = scene;
      this.canvas.hidden = false;
      this.img.hidden = true;
      Book.drawScene(this.canvas, scene);
      this.canvas.setAttribute("aria-label", scene.alt);
      for (const [name, r] of Object.entries(scene.readouts)) {
        const el = this.root.querySelector(`[data-readout="${name}"]`);
        if (el) el.textContent = r.text;
      }
      this.root.dataset.frame = String(Number(this.root.dataset.frame || 0) + 1);
      this.setState("ready", "Live: move the controls.");
    }

    /** A Flow button: sweep its target slider from min to max, one frame per step. */
    animate(button) {
      const target = this.root.querySelector(`input[name="${button.dataset.target}"]`);
      const lo = Number(target.min), hi = Number(target.max), step = Number(target.step) || (hi - lo) / 50;
      const setTo = (v) => { target.value = String(v); this.showValue(target); this.request(); };
      if (Book.reducedMotion()) return setTo(hi);
      const t0 = performance.now();
      const tick = (now) => {
        const v = lo + Math.min(1, (now - t0) / ANIMATION_MS) * (hi - lo);
        setTo(Math.round(v / step) * step);
        if (v < hi) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }

    /** Redraw on theme switch; the fallback figure swaps to its dark variant. */
    followTheme() {
      const apply = () => {
        const dark = Book.theme() === "dark";
        const src = dark ? this.img.dataset.srcDark : this.img.dataset.srcLight;
        if (src && this.img.getAttribute("src") !== src) this.img.setAttribute("src", src);
        if (this.scene) Book.drawScene(this.canvas, this.scene);
      };
      apply();
      this.themeObserver = new MutationObserver(apply);
      this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      this.resizeObserver = new ResizeObserver(() => this.scene && Book.drawScene(this.canvas, this.scene));
      this.resizeObserver.observe(this.canvas);
    }

    dispose() {
      this.themeObserver.disconnect();
      this.resizeObserver.disconnect();
    }
  }

  Book.Simulation = Simulation;
})();
