// The embed's two sides. embed-host.js (on a course site) resizes an iframe only for
// a message sent by one of the page's data-neural-odes-book iframes, from that
// iframe's origin, with the expected shape. embed.js (the embed page) picks its theme
// from ?theme=, the reader's system setting or its parent, and reports its height.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadScripts, plain } from "./load.mjs";

/** An iframe whose window records what is posted to it. */
function iframe(src) {
  const attributes = { src };
  const posted = [];
  return {
    posted, style: {},
    contentWindow: { postMessage: (message, targetOrigin) => posted.push({ message: plain(message), targetOrigin }) },
    getAttribute: (name) => (name in attributes ? attributes[name] : null),
    setAttribute: (name, value) => { attributes[name] = String(value); },
  };
}

/** A course page with three book iframes (one with a relative address) and one other. */
function coursePage({ readyState = "complete", copies = 1 } = {}) {
  const book = iframe("https://book.example/embed/sims/euler/");
  const otherBook = iframe("https://mirror.example/embed/chapters/01-resnet-is-euler/");
  const local = iframe("/book/embed/sims/flow/");
  const stranger = iframe("https://book.example/embed/sims/euler/"); // no data-neural-odes-book
  const frames = [book, otherBook, local];
  const listeners = {};
  const win = loadScripts(Array(copies).fill("embed-host.js"), {
    addEventListener: (type, fn) => (listeners[type] = listeners[type] || []).push(fn),
    document: {
      baseURI: "https://course.example/week1/",
      readyState,
      querySelectorAll: (selector) => (selector === "iframe[data-neural-odes-book]" ? frames : []),
    },
  });
  const send = (data, from, origin) => (listeners.message || []).forEach((fn) => fn({ data, source: from.contentWindow, origin }));
  return { win, listeners, frames, book, otherBook, local, stranger, send };
}

const resize = (height) => ({ source: "neural-odes-book", type: "resize", height, embed: "sims/euler" });

describe("embed host: which messages resize a frame", () => {
  test("a book frame's message from its origin sets its height (rounded up)", () => {
    const page = coursePage();
    page.send(resize(640.2), page.book, "https://book.example");
    assert.equal(page.book.style.height, "641px");
    assert.equal(page.book.getAttribute("data-height"), "641");
    // A relative src is resolved against the page: the course site's own origin.
    page.send(resize(300), page.local, "https://course.example");
    assert.equal(page.local.style.height, "300px");
    assert.equal(page.otherBook.style.height, undefined, "only the sender is resized");
  });

  test("the origin must be the sending frame's origin", () => {
    const page = coursePage();
    for (const origin of ["https://evil.example", "https://mirror.example", "https://course.example", "null", "",
                          "https://book.example:8443", "http://book.example"]) {
      page.send(resize(500), page.book, origin);
    }
    assert.equal(page.book.style.height, undefined);
  });

  test("the sender must be one of the page's book frames", () => {
    const page = coursePage();
    page.send(resize(500), page.stranger, "https://book.example");
    (page.listeners.message || []).forEach((fn) => fn({ data: resize(500), source: null, origin: "https://book.example" }));
    (page.listeners.message || []).forEach((fn) => fn({ data: resize(500), source: page.win, origin: "https://course.example" }));
    for (const frame of [page.book, page.otherBook, page.local, page.stranger]) assert.equal(frame.style.height, undefined);
  });

  test("the message must have the expected shape", () => {
    const page = coursePage();
    const bad = [null, undefined, "resize", 640, [], {}, { ...resize(500), source: "someone" }, { ...resize(500), type: "ping" },
                 resize("500"), resize(NaN), resize(Infinity), resize(0), resize(0.5), resize(-10), resize(100001), resize(null),
                 { source: "neural-odes-book", type: "resize" }];
    for (const data of bad) page.send(data, page.book, "https://book.example");
    assert.equal(page.book.style.height, undefined);
    page.send(resize(100000), page.book, "https://book.example"); // the largest allowed
    assert.equal(page.book.style.height, "100000px");
    page.send(resize(1), page.book, "https://book.example");
    assert.equal(page.book.style.height, "1px");
  });

  test("included twice, it listens and pings once", () => {
    const page = coursePage({ copies: 2 });
    assert.equal(page.listeners.message.length, 1);
    assert.equal(page.book.posted.length, 1);
  });
});

describe("embed host: what it sends", () => {
  test("a ping to each book frame, addressed to that frame's origin only", () => {
    const page = coursePage();
    assert.deepEqual(page.book.posted, [{ message: { source: "neural-odes-book-host", type: "ping" }, targetOrigin: "https://book.example" }]);
    assert.equal(page.otherBook.posted[0].targetOrigin, "https://mirror.example");
    assert.equal(page.local.posted[0].targetOrigin, "https://course.example");
    assert.deepEqual(page.stranger.posted, []);
  });

  test("a page still loading pings at its load event", () => {
    const page = coursePage({ readyState: "loading" });
    assert.deepEqual(page.book.posted, []);
    page.listeners.load.forEach((fn) => fn());
    assert.equal(page.book.posted.length, 1);
  });

  test("setTheme sends light or dark, and nothing else", () => {
    const page = coursePage();
    page.win.NeuralOdesBookEmbedHost.setTheme("dark");
    page.win.NeuralOdesBookEmbedHost.setTheme("purple");
    page.win.NeuralOdesBookEmbedHost.setTheme("");
    const themes = page.frames.map((f) => f.posted.filter((p) => p.message.type === "theme"));
    for (const [i, sent] of themes.entries()) {
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0].message, { source: "neural-odes-book-host", type: "theme", theme: "dark" });
      assert.notEqual(sent[0].targetOrigin, "*", `frame ${i}`);
    }
  });
});

/** The embed page of simulation euler, in a parent window, with `search` in its address. */
function embedPage({ search = "", systemDark = false } = {}) {
  const bodyAttributes = {};
  const posted = [];
  const listeners = {};
  const media = { matches: systemDark, listeners: [], addEventListener: (type, fn) => media.listeners.push(fn) };
  const parent = { postMessage: (message, targetOrigin) => posted.push({ message: plain(message), targetOrigin }) };
  const frame = { dataset: { embed: "sims", embedId: "euler" }, offsetTop: 10, getBoundingClientRect: () => ({ height: 500 }) };
  const win = loadScripts(["book.js", "embed.js"], {
    location: new URL(`https://book.example/embed/sims/euler/${search}`),
    parent,
    matchMedia: () => media,
    addEventListener: (type, fn) => (listeners[type] = listeners[type] || []).push(fn),
    getComputedStyle: () => ({ marginBottom: "0px", paddingBottom: "8px" }),
    ResizeObserver: class { observe() {} },
    document: {
      body: { setAttribute: (name, value) => { bodyAttributes[name] = value; } },
      documentElement: { dataset: {} },
      querySelector: (selector) => (selector === ".book-embed__frame[data-embed]" ? frame : null),
    },
  });
  const scheme = () => bodyAttributes["data-md-color-scheme"];
  const receive = (data, source = parent) => (listeners.message || []).forEach((fn) => fn({ data, source }));
  return { win, media, parent, posted, scheme, receive };
}

const theme = (name) => ({ source: "neural-odes-book-host", type: "theme", theme: name });

describe("embed page: theme", () => {
  test("?theme= wins over the system setting", () => {
    assert.equal(embedPage({ search: "?theme=dark" }).scheme(), "slate");
    assert.equal(embedPage({ search: "?theme=light", systemDark: true }).scheme(), "default");
  });

  test("without a valid ?theme= it follows the system setting, also when it changes", () => {
    assert.equal(embedPage({ systemDark: true }).scheme(), "slate");
    const page = embedPage({ search: "?theme=purple" });
    assert.equal(page.scheme(), "default");
    page.media.matches = true;
    page.media.listeners.forEach((fn) => fn());
    assert.equal(page.scheme(), "slate");
  });

  test("the parent may set it; other windows and other shapes may not", () => {
    const page = embedPage();
    page.receive(theme("dark"), {}); // not the parent
    page.receive(theme("blue"));
    page.receive({ ...theme("dark"), source: "neural-odes-book" });
    page.receive("dark");
    assert.equal(page.scheme(), "default");
    page.receive(theme("dark"));
    assert.equal(page.scheme(), "slate");
  });
});

describe("embed page: height", () => {
  test("reports its height to the parent, and again when pinged", () => {
    const page = embedPage();
    const expected = { message: { source: "neural-odes-book", type: "resize", height: 518, embed: "sims/euler" }, targetOrigin: "*" };
    assert.deepEqual(page.posted, [expected]);
    page.receive({ source: "neural-odes-book-host", type: "ping" }, {}); // not the parent
    assert.equal(page.posted.length, 1);
    page.receive({ source: "neural-odes-book-host", type: "ping" });
    assert.deepEqual(page.posted, [expected, expected]);
  });
});
