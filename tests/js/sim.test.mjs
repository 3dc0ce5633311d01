// sim.js: at most one model call in flight, and the latest control value wins (no
// queue of stale recomputations); a scene that cannot be drawn is a visible error.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { loadScripts, plain, settle } from "./load.mjs";

/** An element with the few things sim.js touches. */
function element(props = {}) {
  const listeners = {};
  const attributes = {};
  return {
    dataset: {}, hidden: false, textContent: "", listeners,
    addEventListener(type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    fire(type) { (listeners[type] || []).forEach((fn) => fn({ type, preventDefault() {} })); },
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    setAttribute: (name, value) => { attributes[name] = String(value); },
    ...props,
  };
}

/** A runtime whose calls stay in flight until the test settles them. */
function fakeRuntime() {
  const calls = [];
  return {
    calls,
    status: { state: "ready" },
    subscribe: () => () => {},
    start: () => Promise.resolve(),
    run: (sim, params) => new Promise((resolve, reject) => calls.push({ sim, params: plain(params), resolve, reject })),
  };
}

const scene = (steps, marks = []) => ({
  alt: "Euler's method", readouts: { steps: { value: steps, text: String(steps) } },
  panels: [{ xlim: [0, 1], ylim: [0, 1], xscale: "linear", yscale: "linear", xlabel: "t", ylabel: "h",
             title: "", equal_aspect: false, legend: true, marks }],
});

let runtime, sim, slider, root, img, canvas, status, readout;

beforeEach(() => {
  const noop = class { observe() {} disconnect() {} };
  const win = loadScripts(["book.js", "scene-style.js", "canvas.js", "sim.js"], {
    MutationObserver: noop, ResizeObserver: noop,
    requestAnimationFrame: () => 0, cancelAnimationFrame() {},
    document: { body: element() },
  });
  runtime = fakeRuntime();
  win.NeuralOdesBook.runtimeFor = () => runtime;
  const ctx = new Proxy({}, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => { t[k] = v; return true; } });
  slider = element({ name: "dt", type: "range", tagName: "INPUT", value: "0.5", parentElement: { querySelector: () => null } });
  img = element({ dataset: { srcLight: "euler.png", srcDark: "euler-dark.png" } });
  canvas = element({ hidden: true, clientWidth: 640, clientHeight: 400, getContext: () => ctx });
  status = element();
  readout = element({ textContent: "10" }); // the fallback figure's value
  const one = { "img.book-sim__fallback": img, "canvas.book-sim__canvas": canvas, ".book-sim__status": status,
                '[data-readout="steps"]': readout };
  const all = { "input[name], select[name], textarea[name]": [slider], "button[name]": [], "[data-readout]": [readout] };
  root = element({ dataset: { sim: "euler", state: "static" }, querySelector: (s) => one[s] || null,
                   querySelectorAll: (s) => all[s] || [] });
  sim = new win.NeuralOdesBook.Simulation(root);
});

/** Move the slider to `value` as a reader does (an input event). */
function move(value) {
  slider.value = String(value);
  slider.fire("input");
}

describe("request coalescing", () => {
  test("calls made while one is in flight become one call with the newest values", async () => {
    sim.start();
    await settle();
    assert.equal(runtime.calls.length, 1);
    assert.deepEqual(runtime.calls[0].params, { dt: 0.5 });

    for (const v of [0.4, 0.3, 0.2]) move(v);
    await settle();
    assert.equal(runtime.calls.length, 1, "nothing more is sent while a call is in flight");

    runtime.calls[0].resolve(scene(2));
    await settle();
    assert.equal(root.dataset.frame, "1");
    assert.equal(runtime.calls.length, 2);
    assert.deepEqual(runtime.calls[1].params, { dt: 0.2 }, "the newest value, not the first or a queue");

    runtime.calls[1].resolve(scene(5));
    await settle();
    assert.equal(runtime.calls.length, 2, "nothing stale follows");
    assert.equal(root.dataset.frame, "2");
    assert.equal(root.dataset.state, "ready");
    assert.equal(readout.textContent, "5");

    move(0.9); // idle again: a move is sent at once
    await settle();
    assert.equal(runtime.calls.length, 3);
    assert.deepEqual(runtime.calls[2].params, { dt: 0.9 });
  });

  test("a failed call also hands over to the newest values", async () => {
    sim.start();
    await settle();
    move(0.3);
    move(0.1);
    runtime.calls[0].reject(new Error("dt too small"));
    await settle();
    assert.equal(root.dataset.state, "error");
    assert.match(status.textContent, /dt too small/);
    assert.equal(runtime.calls.length, 2);
    assert.deepEqual(runtime.calls[1].params, { dt: 0.1 });
    runtime.calls[1].resolve(scene(3));
    await settle();
    assert.equal(root.dataset.state, "ready");
    assert.equal(runtime.calls.length, 2);
  });
});

describe("a scene that cannot be drawn", () => {
  test("brings the fallback figure and its readouts back, and says why", async () => {
    sim.start();
    await settle();
    runtime.calls[0].resolve(scene(2, [{ type: "blob" }]));
    await settle();
    assert.equal(root.dataset.state, "error");
    assert.match(status.textContent, /invalid mark type: "blob"/);
    assert.equal(img.hidden, false);
    assert.equal(canvas.hidden, true);
    assert.equal(readout.textContent, "10", "the fallback figure's readout, not the failed scene's");
    assert.equal(root.dataset.frame, undefined, "no frame was drawn");
  });
});
