/* One simulation on the page: binds its native controls to the model, keeps the
 * page contract's attributes (data-state, data-frame, data-readout; ARCHITECTURE.md) true, and
 * makes sure the latest control value wins (at most one model call in flight). */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  const SWEEP_MS = 1600; // a Flow button's sweep of its slider
  const REVEAL_MS = 900; // marks with `reveal` are drawn progressively over this time
  const CURSOR_STEP = 0.04; // keyboard cross moves by this share of the axis range

  class Simulation {
    constructor(root) {
      this.root = root;
      this.id = Book.check(root.dataset.sim, "data-sim", root.dataset.sim);
      this.runtime = Book.runtimeFor(this.id, Number(root.dataset.isolate) || 0);
      this.img = root.querySelector("img.book-sim__fallback");
      this.canvas = root.querySelector("canvas.book-sim__canvas");
      this.statusEl = root.querySelector(".book-sim__status");
      this.controls = [...root.querySelectorAll("input[name], select[name], textarea[name]")];
      this.buttons = [...root.querySelectorAll("button[name]")];
      this.pointer = root.dataset.pointer || null;
      this.models = (root.dataset.trained || "").split(" ").filter(Boolean); // trained models it needs
      this.points = [];
      this.cursor = null;
      this.busy = false;
      this.pending = false; // a newer request arrived while one was in flight
      this.scene = null;
      this.layout = null;
      this.animation = 0;
      this.started = false;
      // The fallback figure's readouts, restored if a live drawing fails.
      this.fallbackReadouts = [...root.querySelectorAll("[data-readout]")].map((el) => [el, el.textContent]);
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
      if (this.pointer) out[this.pointer] = this.points.map((p) => p.slice());
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
      const actions = {
        animate: (b) => this.sweep(b),
        run: () => this.request(),
        clear: () => { this.points = []; this.request(); },
      };
      for (const b of this.buttons) b.addEventListener("click", () => actions[b.dataset.action](b));
      if (this.pointer) this.bindPointer();
    }

    /** Clicks and taps drop a point; on the focused canvas, arrows move a cross and Enter drops. */
    bindPointer() {
      const max = Number(this.root.dataset.pointerMax) || 12;
      const drop = (xy) => {
        this.points = [...this.points, xy.map((v) => Number(v.toFixed(4)))].slice(-max);
        this.request();
      };
      this.img.addEventListener("click", () => this.start());
      this.canvas.addEventListener("click", (e) => {
        if (!this.layout) return;
        const box = this.canvas.getBoundingClientRect();
        drop(Book.canvasToData(this.layout, e.clientX - box.left, e.clientY - box.top));
      });
      this.canvas.addEventListener("keydown", (e) => {
        if (!this.layout) return;
        const fr = this.layout[0];
        const dx = (fr.xlim[1] - fr.xlim[0]) * CURSOR_STEP, dy = (fr.ylim[1] - fr.ylim[0]) * CURSOR_STEP;
        const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] };
        this.cursor = this.cursor || [(fr.xlim[0] + fr.xlim[1]) / 2, (fr.ylim[0] + fr.ylim[1]) / 2];
        if (e.key in moves) {
          const [mx, my] = moves[e.key];
          this.cursor = [Math.min(fr.xlim[1], Math.max(fr.xlim[0], this.cursor[0] + mx)),
                         Math.min(fr.ylim[1], Math.max(fr.ylim[0], this.cursor[1] + my))];
          this.redraw();
        } else if (e.key === "Enter" || e.key === " ") {
          drop(this.cursor);
        } else return;
        e.preventDefault();
      });
      this.canvas.addEventListener("focus", () => this.redraw());
      this.canvas.addEventListener("blur", () => { this.cursor = null; this.redraw(); });
    }

    showValue(el) {
      const out = el.type === "range" && el.parentElement.querySelector("output");
      if (out) out.textContent = Number(el.value).toFixed(Number(el.dataset.decimals || 2));
    }

    setState(state, message) {
      this.root.dataset.state = state;
      if (message !== undefined) this.statusEl.textContent = message;
    }

    /** Start the runtime (idempotent); draws the current settings once ready. */
    start() {
      if (this.started) return;
      this.started = true;
      const status = this.runtime.status;
      this.setState("loading", status.state === "ready" ? "Running…" : "Loading the Python runtime…");
      const unsubscribe = this.runtime.subscribe((s) => {
        if (s.state === "loading") this.setState("loading", `${s.message} (${Math.round(s.fraction * 100)}%)`);
      });
      this.runtime.start().then(
        () => { unsubscribe(); this.request(); },
        (err) => {
          unsubscribe();
          this.setState("error", `The live simulation could not start (${err.message}). The figure shows its default settings.`);
        },
      );
    }

    request() {
      if (!this.started) return this.start();
      if (this.busy) { this.pending = true; return; }
      this.busy = true;
      this.runtime.run(this.id, this.params(), this.models).then(
        (scene) => this.show(scene),
        (err) => {
          this.setState(this.scene ? "ready" : "error", `Could not compute this setting: ${err.message}`);
          // A simulation that reports a status word (the playground) says so there too.
          const status = this.root.querySelector('[data-readout="status"]');
          if (status) status.textContent = `error ${err.message}`;
          if (this.runtime.status.state === "idle") this.started = false; // an isolated runtime was reset
        },
      ).finally(() => {
        this.busy = false;
        if (this.pending) { this.pending = false; this.request(); } // only the newest values are sent
      });
    }

    /** One drawing: counts as a frame of the page contract. */
    frame(progress) {
      this.layout = Book.drawScene(this.canvas, this.scene, { progress, cursor: this.cursor });
      this.root.dataset.frame = String(Number(this.root.dataset.frame || 0) + 1);
    }

    redraw() {
      if (!this.scene) return;
      try {
        this.layout = Book.drawScene(this.canvas, this.scene, { cursor: this.cursor });
      } catch (err) {
        this.drawingFailed(err);
      }
    }

    show(scene) {
      try {
        this.draw(scene);
      } catch (err) {
        this.drawingFailed(err);
      }
    }

    /** A drawing error puts the fallback figure and its readouts back and says so. */
    drawingFailed(err) {
      cancelAnimationFrame(this.animation);
      this.scene = null;
      this.layout = null;
      this.canvas.hidden = true;
      this.img.hidden = false;
      for (const [el, text] of this.fallbackReadouts) el.textContent = text;
      this.setState("error", `The live figure could not be drawn (${err.message}). The figure shows its default settings.`);
    }

    draw(scene) {
      this.scene = scene;
      this.canvas.hidden = false;
      this.img.hidden = true;
      cancelAnimationFrame(this.animation);
      this.canvas.setAttribute("aria-label", scene.alt);
      for (const [name, r] of Object.entries(scene.readouts)) {
        const el = this.root.querySelector(`[data-readout="${name}"]`);
        if (el) el.textContent = r.text;
      }
      const reveals = scene.panels.some((p) => p.marks.some((m) => m.reveal));
      if (reveals && !Book.reducedMotion()) {
        const t0 = performance.now();
        const tick = (now) => {
          const progress = Math.min(1, (now - t0) / REVEAL_MS);
          try {
            this.frame(progress);
          } catch (err) {
            return this.drawingFailed(err);
          }
          if (progress < 1) this.animation = requestAnimationFrame(tick);
        };
        tick(t0);
      } else {
        this.frame(1);
      }
      this.setState("ready", "Live: move the controls.");
    }

    /** A Flow button: sweep its target slider from min to max, one model call per step. */
    sweep(button) {
      const target = this.root.querySelector(`input[name="${button.dataset.target}"]`);
      const lo = Number(target.min), hi = Number(target.max), step = Number(target.step) || (hi - lo) / 50;
      const setTo = (v) => { target.value = String(v); this.showValue(target); this.request(); };
      if (Book.reducedMotion()) return setTo(hi);
      const t0 = performance.now();
      const tick = (now) => {
        const v = lo + Math.min(1, (now - t0) / SWEEP_MS) * (hi - lo);
        setTo(Math.round(v / step) * step);
        if (v < hi) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }

    /** Redraw on theme switch and resize; the fallback figure swaps to its dark variant. */
    followTheme() {
      const apply = () => {
        const dark = Book.theme() === "dark";
        const src = dark ? this.img.dataset.srcDark : this.img.dataset.srcLight;
        if (src && this.img.getAttribute("src") !== src) this.img.setAttribute("src", src);
        this.redraw();
      };
      apply();
      this.themeObserver = new MutationObserver(apply);
      this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      this.resizeObserver = new ResizeObserver(() => this.redraw());
      this.resizeObserver.observe(this.canvas);
    }

    dispose() {
      cancelAnimationFrame(this.animation);
      this.themeObserver.disconnect();
      this.resizeObserver.disconnect();
    }
  }

  Book.Simulation = Simulation;
})();
