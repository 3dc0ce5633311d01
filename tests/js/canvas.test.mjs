// canvas.js: scales and ticks, the data <-> canvas mapping, and the checks that
// turn a malformed scene into a clear error instead of a blank panel.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluate, loadScripts, plain } from "./load.mjs";

const win = loadScripts(["book.js", "scene-style.js", "canvas.js"]);
const Book = win.NeuralOdesBook;
const { ticks, label, frame } = Book.scales;

/** A canvas whose 2-D context accepts every call and property (drawing is not checked here). */
function fakeCanvas(clientWidth = 800, clientHeight = 400) {
  const ctx = new Proxy({}, {
    get: (target, key) => (key in target ? target[key] : () => {}),
    set: (target, key, value) => { target[key] = value; return true; },
  });
  return { clientWidth, clientHeight, getContext: () => ctx };
}

function panel(overrides = {}) {
  return { xlim: [0, 1], ylim: [0, 1], xscale: "linear", yscale: "linear", xlabel: "t", ylabel: "h",
           title: "", equal_aspect: false, legend: true, marks: [], ...overrides };
}

const close = (a, b, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} is not ${b}`);

describe("linear ticks", () => {
  const ranges = [[0, 1], [-3, 7], [0.1, 0.7], [0, 1e-6], [123, 456], [-1e5, 1e5], [-0.35, 0.35], [2.5e9, 2.5e9 + 7]];
  for (const [lo, hi] of ranges) {
    for (const count of [3, 5, 8]) {
      test(`[${lo}, ${hi}] with about ${count}`, () => {
        const t = plain(ticks(lo, hi, "linear", count));
        assert.ok(t.length >= Math.floor(count / 2) && t.length <= count + 1, `${t.length} ticks: ${t}`);
        const step = t[1] - t[0];
        // A nice step: 1, 2, 2.5 or 5 times a power of ten.
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        assert.ok([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-6), `step ${step}`);
        t.forEach((v, i) => {
          close(v / step, Math.round(v / step), 1e-6); // on the step's grid
          if (i) close(v - t[i - 1], step, 1e-6); // evenly spaced
          assert.ok(v >= lo - step * 1e-6 && v <= hi + step * 1e-6, `${v} outside [${lo}, ${hi}]`);
          assert.ok(String(v).replace(/^-|\.|e.*$/g, "").replace(/^0+/, "").length <= 12, `${v} is not a round number`);
        });
        assert.ok(t[0] - lo < step && hi - t[t.length - 1] < step, "the ticks cover the range");
      });
    }
  }

  test("decimal steps are exact decimals, and zero is exactly 0", () => {
    assert.deepEqual(plain(ticks(0.1, 0.7, "linear", 6)), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    const t = plain(ticks(-0.35, 0.35, "linear", 7));
    assert.ok(t.some((v) => Object.is(v, 0)), `no exact 0 in ${t}`);
  });
});

describe("log ticks", () => {
  test("one per decade inside the range", () => {
    assert.deepEqual(plain(ticks(1e-3, 100, "log", 5)), [0.001, 0.01, 0.1, 1, 10, 100]);
    assert.deepEqual(plain(ticks(0.5, 2000, "log", 5)), [1, 10, 100, 1000]);
  });
  test("non-positive limits have no decades", () => {
    assert.deepEqual(plain(ticks(0, 100, "log", 5)), []);
    assert.deepEqual(plain(ticks(-1, 100, "log", 5)), []);
  });
  test("labels: plain numbers near 1, powers of ten far from it", () => {
    assert.equal(label(100, "log"), "100");
    assert.equal(label(0.001, "log"), "0.001");
    assert.equal(label(1e-5, "log"), "1e−5"); // U+2212, the minus sign
    assert.equal(label(1e4, "log"), "1e4");
    assert.equal(label(0.30000000000000004, "linear"), "0.3");
    assert.equal(label(-2.5e-7, "linear"), "−2.5e−7");
  });
});

describe("degenerate ranges", () => {
  test("an empty, reversed or non-finite range has no ticks", () => {
    for (const [lo, hi, count] of [[1, 1, 5], [2, 1, 5], [NaN, 1, 5], [0, Infinity, 5], [-Infinity, 0, 5],
                                   [0, 1, 0], [0, 1, NaN], [-Number.MAX_VALUE, Number.MAX_VALUE, 5]]) {
      assert.deepEqual(plain(ticks(lo, hi, "linear", count)), [], `[${lo}, ${hi}] count ${count}`);
    }
  });

  // Each runs under a 2 s watchdog: a loop that never ends fails here instead of hanging.
  const extreme = [
    ["1e16, 1e16 + 4", "linear"], // the step (1) is below the spacing of doubles there (2)
    ["1, 1 + 2 ** -52", "linear"],
    ["5e-324, 2e-323", "linear"], // subnormal numbers
    ["-1e300, 1e300", "linear"],
    ["5e-324, 1.7e308", "log"],
  ];
  for (const [range, scale] of extreme) {
    test(`[${range}] ${scale} ends, with few distinct increasing ticks`, () => {
      const t = plain(evaluate(win, `NeuralOdesBook.scales.ticks(${range}, "${scale}", 5)`));
      assert.ok(t.length <= (scale === "log" ? 700 : 6), `${t.length} ticks`);
      t.forEach((v, i) => i && assert.ok(v > t[i - 1], `not increasing: ${t}`));
    });
  }
});

describe("data <-> canvas", () => {
  const box = { left: 50, top: 20, width: 400, height: 200 };

  test("linear axes: limits at the box's edges, y upwards", () => {
    const fr = frame(panel({ xlim: [-1, 3], ylim: [0, 10] }), box);
    close(fr.x(-1), 50); close(fr.x(3), 450); close(fr.x(1), 250);
    close(fr.y(0), 220); close(fr.y(10), 20); close(fr.y(2.5), 170);
  });

  test("log axes: equal distances per decade", () => {
    const fr = frame(panel({ xlim: [1, 1000], xscale: "log", ylim: [1e-4, 1], yscale: "log" }), box);
    close(fr.x(1), 50); close(fr.x(10), 50 + 400 / 3); close(fr.x(1000), 450);
    close(fr.y(1e-2), 120);
  });

  test("equal aspect: one data unit is as long across as up, and the plot is centred", () => {
    const fr = frame(panel({ xlim: [0, 4], ylim: [0, 1], equal_aspect: true }), box);
    close(fr.x(1) - fr.x(0), fr.y(0) - fr.y(1));
    close(fr.x(1) - fr.x(0), 100);
    assert.deepEqual(plain(fr.box), { left: 50, top: 70, width: 400, height: 100 });
  });

  test("bar categories sit at 0..n-1 on a linear axis", () => {
    const fr = frame(panel({ xscale: "log" }), box, ["a", "b", "c"]);
    assert.deepEqual(plain(fr.xlim), [-0.6, 2.6]);
    close(fr.x(-0.6), 50); close(fr.x(2.6), 450); close(fr.x(1), 250);
  });

  test("canvasToData inverts the drawing's mapping, in the panel under the pointer", () => {
    const scene = { panels: [panel({ xlim: [-2, 2], ylim: [-1, 3] }), panel({ xlim: [0, 10], ylim: [5, 6], equal_aspect: true })] };
    const layout = Book.drawScene(fakeCanvas(), scene);
    assert.equal(layout.length, 2);
    for (const [i, points] of [[0, [[-2, -1], [0.5, 2.25], [2, 3]]], [1, [[0, 5], [3.3, 5.7], [10, 6]]]]) {
      const fr = layout[i];
      for (const [x, y] of points) {
        const [dx, dy] = plain(Book.canvasToData(layout, fr.x(x), fr.y(y)));
        close(dx, x); close(dy, y);
      }
    }
    // Beyond the plot's edge, the nearest limit.
    const fr = layout[0];
    assert.deepEqual(plain(Book.canvasToData(layout, fr.box.left + 1, fr.box.top - 50)).map((v) => Math.round(v * 100) / 100),
                     [-1.99, 3]);
  });
});

describe("scene checks", () => {
  const draw = (scene) => Book.drawScene(fakeCanvas(), scene);
  const line = { type: "line", x: [0, 1], y: [0, 1], color: "primary", width: 2, dash: "solid" };

  test("a scene without panels", () => {
    for (const scene of [null, {}, { panels: [] }, { panels: "p" }]) {
      assert.throws(() => draw(scene), /^Error: invalid scene/);
    }
  });

  test("an unknown mark type is named", () => {
    assert.throws(() => draw({ panels: [panel({ marks: [line, { type: "blob", x: [] }] })] }),
                  { message: 'invalid mark type: "blob"' });
    // Not fooled by what every object inherits.
    assert.throws(() => draw({ panels: [panel({ marks: [{ type: "toString" }] })] }),
                  { message: 'invalid mark type: "toString"' });
    assert.throws(() => draw({ panels: [panel({ marks: [null] })] }), { message: "invalid mark type: null" });
  });

  test("missing or impossible panel fields", () => {
    const cases = [
      [panel({ marks: undefined }), "invalid panel marks: undefined"],
      [panel({ xlim: [1, 1] }), "invalid xlim: [1,1]"],
      [panel({ xlim: [2, 1] }), "invalid xlim: [2,1]"],
      [panel({ ylim: [0] }), "invalid ylim: [0]"],
      [panel({ ylim: undefined }), "invalid ylim: undefined"],
      [panel({ ylim: [0, 1], yscale: "log" }), "invalid ylim: [0,1]"],
      [panel({ xscale: "symlog" }), 'invalid xscale: "symlog"'],
      [panel({ yscale: undefined }), "invalid yscale: undefined"],
      [null, "invalid panel: null"],
    ];
    for (const [p, message] of cases) {
      assert.throws(() => draw({ panels: [panel(), p] }), { message });
    }
  });

  test("every mark type of a well-formed scene draws", () => {
    const marks = [
      line,
      { type: "points", x: [0.2], y: [0.3], color: "accent", size: 4, marker: "x", label: "p" },
      { type: "arrows", x: [0.5], y: [0.5], u: [0.1], v: [0.1], color: "muted" },
      { type: "text", x: 0.1, y: 0.9, text: "hi", color: "fg", align: "left" },
    ];
    const bars = { type: "bars", labels: ["a", "b"], heights: [1, 2], color: "primary" };
    const layout = draw({ panels: [panel({ marks }), panel({ marks: [bars], ylim: [0, 3] })] });
    assert.equal(layout.length, 2);
  });
});
