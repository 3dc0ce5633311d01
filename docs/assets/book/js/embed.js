/* Embed mode (pages under embed/, written by site_hooks/embed/pages.py): the page
 * lives in an iframe of a course site, possibly on another origin. It tells its
 * parent its height on load and on every change of size:
 *   {source: "neural-odes-book", type: "resize", height: <css px>, embed: "<kind>/<id>"}
 * and accepts one message from its parent (checked: sent by window.parent, this shape):
 *   {source: "neural-odes-book-host", type: "theme", theme: "light" | "dark"}
 * The theme also follows ?theme=light|dark, else the reader's system setting.
 * Other query keys set a control's start value: ?tol=0.8, ?field=saddle,
 * ?augmented=true (every figure of the page with that control), ?tolerance.tol=0.8
 * (one figure). Each value is checked against the control the page declares (a
 * slider's range and steps, a select's options, true/false for a checkbox); a bad
 * one is ignored with a console warning. A code box never takes its text from an
 * address: a link must not run code the reader did not type. */
(function () {
  "use strict";
  const frame = document.querySelector(".book-embed__frame[data-embed]");
  if (!frame) return;
  const embed = `${frame.dataset.embed}/${frame.dataset.embedId}`;

  // Links leave the frame (a new tab); in-page anchors scroll inside it.
  document.addEventListener("click", (event) => {
    const a = event.target.closest && event.target.closest("a[href]");
    if (!a) return;
    const raw = a.getAttribute("href");
    if (raw.startsWith("#")) {
      event.preventDefault();
      const target = document.getElementById(decodeURIComponent(raw.slice(1)));
      if (target) target.scrollIntoView();
    } else if (!a.target) {
      a.target = "_blank";
      a.rel = "noopener";
    }
  });

  /** Why `raw` cannot be `el`'s value, or "" after setting it. */
  function setControl(el, raw) {
    if (el.tagName === "TEXTAREA") return "code is never taken from an address";
    if (el.tagName === "SELECT") {
      const options = [...el.options].map((o) => o.value);
      if (!options.includes(raw)) return `not one of ${options.join(", ")}`;
      el.value = raw;
    } else if (el.type === "checkbox") {
      if (raw !== "true" && raw !== "false") return "not true or false";
      el.checked = raw === "true";
    } else if (el.type === "range") {
      const v = Number(raw), lo = Number(el.min), hi = Number(el.max), step = Number(el.step);
      if (raw.trim() === "" || !Number.isFinite(v)) return "not a number";
      if (v < lo || v > hi) return `outside ${lo} to ${hi}`;
      const k = (v - lo) / step;
      if (Math.abs(k - Math.round(k)) > 1e-6) return `not on the slider's steps (${lo} plus a multiple of ${step})`;
      el.value = raw;
      const out = el.parentElement.querySelector("output");
      if (out) out.textContent = v.toFixed(Number(el.dataset.decimals || 2));
    } else {
      return "not a control with a value";
    }
    return "";
  }

  function applyQuery() {
    const sims = [...document.querySelectorAll("[data-sim]")];
    for (const [key, raw] of new URLSearchParams(window.location.search)) {
      if (key === "theme") continue;
      const dot = key.indexOf(".");
      const simId = dot > 0 ? key.slice(0, dot) : null;
      const name = dot > 0 ? key.slice(dot + 1) : key;
      const controls = sims.filter((s) => !simId || s.dataset.sim === simId)
        .map((s) => [s, s.querySelector(`[name="${CSS.escape(name)}"]`)]).filter(([, el]) => el);
      if (!controls.length) console.warn(`Neural ODEs book: ignored ?${key}=${raw}: no control of that name here`);
      for (const [sim, el] of controls) {
        const why = setControl(el, raw);
        if (why) {
          console.warn(`Neural ODEs book: ignored ?${key}=${raw} for ${sim.dataset.sim}: ${why}`);
        } else {
          const status = sim.querySelector(".book-sim__status");
          if (status) status.textContent = "Static figure at the book's default settings: the live one, at this page's settings, starts when it scrolls into view.";
        }
      }
    }
  }
  try {
    applyQuery(); // before main.js binds the simulations (at DOMContentLoaded), so they start from these values
  } catch (err) {
    console.warn("Neural ODEs book: the address's settings were not applied", err);
  }

  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const asked = new URLSearchParams(window.location.search).get("theme");
  let theme = asked === "dark" || asked === "light" ? asked : null;
  function applyTheme() {
    const scheme = (theme || (dark.matches ? "dark" : "light")) === "dark" ? "slate" : "default";
    document.body.setAttribute("data-md-color-scheme", scheme);
  }
  applyTheme();
  dark.addEventListener("change", applyTheme);

  let last = -1;
  function report() {
    if (window.parent === window) return;
    const style = getComputedStyle(document.body);
    const height = Math.ceil(frame.getBoundingClientRect().height + frame.offsetTop +
      parseFloat(style.marginBottom || 0) + parseFloat(style.paddingBottom || 0));
    if (height === last) return;
    last = height;
    document.documentElement.dataset.embedHeight = String(height);
    // The height is not private: any parent may know it ("*"); the host checks the sender.
    window.parent.postMessage({ source: "neural-odes-book", type: "resize", height, embed }, "*");
  }
  new ResizeObserver(report).observe(frame);
  window.addEventListener("load", report);
  report();

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || window.parent === window) return;
    const d = event.data;
    if (!d || typeof d !== "object" || d.source !== "neural-odes-book-host") return;
    if (d.type === "theme" && (d.theme === "light" || d.theme === "dark")) {
      theme = d.theme;
      applyTheme();
    } else if (d.type === "ping") {
      last = -1;
      report();
    }
  });
})();
