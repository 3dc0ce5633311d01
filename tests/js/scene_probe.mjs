// What canvas.js makes of the scene contract, for tests/test_scene_contract.py:
// reads a JSON request on stdin, answers JSON on stdout. Not a test file itself.
//   {ticks: [[lo, hi, scale, count]], labels: [[v, scale]], counts: [[length, axis]], scene}
//   -> {style, kinds, ticks, labels, counts, read: {kind: [fields the renderer read]}}
import { readFileSync } from "node:fs";
import { loadScripts } from "./load.mjs";

const request = JSON.parse(readFileSync(0, "utf8"));
const win = loadScripts(["book.js", "scene-style.js", "canvas.js"]);
const Book = win.NeuralOdesBook;
const { ticks, label, tickCount } = Book.scales;

// Every field a mark has that drawing it reads, per kind (reads of fields a mark
// lacks, such as the legend asking a text mark for its label, are not fields).
const read = {};
const watched = (mark) => new Proxy(mark, {
  get(target, key) {
    if (typeof key === "string" && key !== "type" && Object.hasOwn(target, key)) {
      (read[target.type] = read[target.type] || new Set()).add(key);
    }
    return target[key];
  },
});
const ctx = new Proxy({}, {
  get: (target, key) => (key in target ? target[key] : () => {}),
  set: (target, key, value) => { target[key] = value; return true; },
});
const canvas = { clientWidth: 0, clientHeight: 0, getContext: () => ctx };
win.document.createElement = () => ({ getContext: () => ({ createImageData: (w, h) => ({ data: new Array(4 * w * h) }), putImageData() {} }) });
const scene = { ...request.scene, panels: request.scene.panels.map((p) => ({ ...p, marks: p.marks.map(watched) })) };
Book.drawScene(canvas, scene, { progress: 0.5 });

process.stdout.write(JSON.stringify({
  style: Book.sceneStyle,
  kinds: [...Book.canvasMarkKinds],
  ticks: request.ticks.map(([lo, hi, scale, count]) => [...ticks(lo, hi, scale, count)]),
  labels: request.labels.map(([v, scale]) => label(v, scale)),
  counts: request.counts.map(([length, axis]) => tickCount(length, axis)),
  read: Object.fromEntries(Object.entries(read).map(([kind, fields]) => [kind, [...fields].sort()])),
}));
