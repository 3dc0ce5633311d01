/* The canvas renderer: draws a scene (see py/neural_odes/scene.py) the way
 * site_hooks/figures/renderer.py draws it with matplotlib, mark for mark. The marks and every
 * length, dash and font size come from scene.py's contract, through the generated
 * scene-style.js (NeuralOdesBook.sceneStyle; see site_hooks/figures/scene_style.py). */
(function () {
  "use strict";
  const Book = window.NeuralOdesBook;
  const S = Book.sceneStyle.style;
  const FONT = `${S.font.size}px ${S.font.family}`;

  /** Round tick positions covering [lo, hi], about `count` of them: scene.py's
   * ticks(), written again because the canvas's size is known only here
   * (tests/test_scene_contract.py checks that the two agree). */
  function ticks(lo, hi, scale, count) {
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) return [];
    if (scale === "log") {
      if (lo <= 0) return []; // no decades to mark (scene.py refuses such limits)
      const out = [];
      // Number("1e-4"), not 10 ** -4, which V8 makes 9.999999999999999e-5.
      for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(Number(`1e${e}`));
      return out;
    }
    const raw = (hi - lo) / count;
    const power = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
    if (!(step > 0 && step < Infinity)) return [];
    // Count the ticks rather than add steps: where `step` is below the spacing of
    // doubles near lo (lo = 1e16, hi = lo + 4), v += step would never move.
    const first = Math.ceil(lo / step - 1e-9), last = Math.floor(hi / step + 1e-9);
    const out = [];
    for (let k = 0; k <= last - first; k++) {
      // k * step, not a running sum, and 12 digits: 0.3 rather than 0.30000000000000004.
      const v = Number(((first + k) * step).toPrecision(12));
      if (v !== out[out.length - 1]) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return out;
  }

  /** How many ticks to aim for along `length` pixels of axis "x" or "y" (scene.py's tick_count). */
  const tickCount = (length, axis) => Math.max(S.ticks.min, Math.round(length / S.ticks[`${axis}_spacing`]));

  /** The text of a tick (scene.py's tick_label), with the minus sign U+2212. */
  function label(v, scale) {
    let text;
    if (scale === "log") text = v >= 1e-3 && v <= 1e3 ? String(v) : `1e${Math.round(Math.log10(v))}`;
    else text = String(Number(v.toPrecision(6)));
    return text.replace(/-/g, "−");
  }

  /** Maps data coordinates of one panel to canvas pixels. */
  function frame(p, box, categories) {
    const f = (scale, [lo, hi], a, b) => {
      const t = scale === "log" ? (v) => Math.log10(v) : (v) => v;
      return (v) => a + ((t(v) - t(lo)) / (t(hi) - t(lo))) * (b - a);
    };
    const pad = S.bars.category_pad, xlim = categories ? [-pad, categories.length - 1 + pad] : p.xlim;
    let { left, top, width, height } = box;
    if (p.equal_aspect) {
      const sx = width / (xlim[1] - xlim[0]), sy = height / (p.ylim[1] - p.ylim[0]);
      const s = Math.min(sx, sy);
      left += (width - s * (xlim[1] - xlim[0])) / 2;
      top += (height - s * (p.ylim[1] - p.ylim[0])) / 2;
      width = s * (xlim[1] - xlim[0]);
      height = s * (p.ylim[1] - p.ylim[0]);
    }
    return { x: f(categories ? "linear" : p.xscale, xlim, left, left + width), y: f(p.yscale, p.ylim, top + height, top),
             box: { left, top, width, height }, xlim };
  }

  /** "#rrggbb" (or "#rgb") -> [r, g, b]. */
  function rgb(hex) {
    const h = hex.replace("#", "");
    const full = h.length === 3 ? h.split("").map((d) => d + d).join("") : h;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  }

  /** 256 colours evenly along a ramp of colours (level l at l / 255), mixed in sRGB. */
  function ramp(colors) {
    const stops = colors.map(rgb), n = stops.length - 1;
    return Array.from({ length: 256 }, (_, l) => {
      const u = (l / 255) * n, k = Math.min(n - 1, Math.floor(u)), f = u - k;
      return stops[k].map((v, i) => Math.round(v + f * (stops[k + 1][i] - v)));
    });
  }

  /** How many of a mark's n points to draw at animation `progress` (0..1). */
  const shown = (m, n, progress) => (m.reveal && progress < 1 ? Math.max(1, Math.ceil(progress * n)) : n);

  const MARKS = {
    /* A heat map (scene.py's image): one pixel per cell on a small canvas, stretched
     * over the extent with bilinear smoothing, as matplotlib's imshow draws it. */
    image(ctx, m, fr, c) {
      const rows = m.levels.length, cols = m.levels[0].length, lut = ramp(m.colors.map((r) => c[r]));
      const small = document.createElement("canvas");
      small.width = cols; small.height = rows;
      const sctx = small.getContext("2d"), pixels = sctx.createImageData(cols, rows);
      for (let i = 0; i < rows; i++) {
        const row = m.levels[rows - 1 - i]; // the scene's first row is the bottom one
        for (let j = 0; j < cols; j++) {
          const [r, g, b] = lut[row[j]], o = 4 * (i * cols + j);
          pixels.data[o] = r; pixels.data[o + 1] = g; pixels.data[o + 2] = b; pixels.data[o + 3] = 255;
        }
      }
      sctx.putImageData(pixels, 0, 0);
      const [x0, x1, y0, y1] = m.extent, left = fr.x(x0), top = fr.y(y1);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = "low"; // bilinear
      ctx.drawImage(small, left, top, fr.x(x1) - left, fr.y(y0) - top);
    },
    line(ctx, m, fr, c, progress) {
      ctx.strokeStyle = c[m.color]; ctx.lineWidth = m.width; ctx.setLineDash(S.dash[m.dash]);
      ctx.lineJoin = "round"; ctx.lineCap = "round";
      ctx.beginPath();
      const n = shown(m, m.x.length, progress);
      for (let i = 0; i < n; i++) (i ? ctx.lineTo : ctx.moveTo).call(ctx, fr.x(m.x[i]), fr.y(m.y[i]));
      ctx.stroke(); ctx.setLineDash([]);
    },
    points(ctx, m, fr, c, progress) {
      const r = m.size; // the marker's radius
      ctx.fillStyle = c[m.color]; ctx.strokeStyle = m.marker === "x" ? c[m.color] : c.background;
      ctx.lineWidth = m.marker === "x" ? S.marker.x.width : S.marker.o.edge_width; ctx.lineCap = "butt";
      m.x.slice(0, shown(m, m.x.length, progress)).forEach((x, i) => {
        const px = fr.x(x), py = fr.y(m.y[i]);
        ctx.beginPath();
        if (m.marker === "x") {
          ctx.moveTo(px - r, py - r); ctx.lineTo(px + r, py + r); ctx.moveTo(px + r, py - r); ctx.lineTo(px - r, py + r);
        } else {
          ctx.arc(px, py, r, 0, 2 * Math.PI); ctx.fill();
        }
        ctx.stroke();
      });
    },
    arrows(ctx, m, fr, c) {
      const a = S.arrow;
      ctx.strokeStyle = ctx.fillStyle = c[m.color]; ctx.lineWidth = a.width;
      m.x.forEach((x, i) => {
        const x0 = fr.x(x), y0 = fr.y(m.y[i]), x1 = fr.x(x + m.u[i]), y1 = fr.y(m.y[i] + m.v[i]);
        const len = Math.hypot(x1 - x0, y1 - y0);
        if (len < a.min_length) return;
        const ux = (x1 - x0) / len, uy = (y1 - y0) / len, head = Math.min(a.head, len * a.head_fraction);
        const side = head * a.head_aspect;
        ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
        ctx.beginPath(); ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - head * ux + side * uy, y1 - head * uy - side * ux);
        ctx.lineTo(x1 - head * ux - side * uy, y1 - head * uy + side * ux);
        ctx.closePath(); ctx.fill();
      });
    },
    bars(ctx, m, fr, c) {
      ctx.fillStyle = c[m.color];
      const half = S.bars.width / 2;
      m.heights.forEach((h, i) => {
        const x0 = fr.x(i - half), x1 = fr.x(i + half), y0 = fr.y(Math.max(fr.ylo, 0)), y1 = fr.y(h);
        ctx.fillRect(x0, Math.min(y0, y1), x1 - x0, Math.abs(y1 - y0));
      });
    },
    text(ctx, m, fr, c) {
      ctx.fillStyle = c[m.color]; ctx.font = FONT; ctx.textAlign = m.align; ctx.textBaseline = "middle";
      ctx.fillText(m.text, fr.x(m.x), fr.y(m.y));
    },
  };

  function drawAxes(ctx, p, fr, c, categories) {
    const { left, top, width, height } = fr.box, off = S.offset;
    ctx.font = FONT; ctx.lineWidth = S.grid_width;
    ctx.strokeStyle = c.grid; ctx.fillStyle = c.fg;
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (const v of ticks(p.ylim[0], p.ylim[1], p.yscale, tickCount(height, "y"))) {
      const y = Math.round(fr.y(v)) + 0.5;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + width, y); ctx.stroke();
      ctx.fillText(label(v, p.yscale), left - off.tick_label, y);
    }
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    const xs = categories ? categories.map((_, i) => i) : ticks(p.xlim[0], p.xlim[1], p.xscale, tickCount(width, "x"));
    for (const v of xs) {
      const x = Math.round(fr.x(v)) + 0.5;
      if (!categories) { ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke(); }
      // A category name never runs into its neighbour: on a narrow canvas it is squeezed to its slot.
      if (categories) ctx.fillText(categories[v], x, top + height + off.tick_label, width / categories.length - 4);
      else ctx.fillText(label(v, p.xscale), x, top + height + off.tick_label);
    }
    ctx.strokeStyle = c.muted; ctx.lineWidth = S.axis_width;
    ctx.beginPath(); ctx.moveTo(left + 0.5, top); ctx.lineTo(left + 0.5, top + height + 0.5); ctx.lineTo(left + width, top + height + 0.5); ctx.stroke();
    ctx.fillText(p.xlabel, left + width / 2, top + height + off.xlabel);
    if (p.ylabel) {
      ctx.save(); ctx.translate(left - off.ylabel, top + height / 2); ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = "middle"; ctx.fillText(p.ylabel, 0, 0); ctx.restore();
    }
    if (p.title) { ctx.textBaseline = "bottom"; ctx.fillText(p.title, left + width / 2, top - off.title); }
  }

  function drawLegend(ctx, p, fr, c) {
    const entries = p.marks.filter((m) => m.label);
    if (!p.legend || !entries.length) return;
    const L = S.legend, mid = L.sample / 2, r = L.marker_radius;
    ctx.font = FONT; ctx.textAlign = "left"; ctx.textBaseline = "middle";
    entries.forEach((m, i) => {
      const x = fr.box.left + L.inset, y = fr.box.top + L.inset + i * L.row;
      ctx.strokeStyle = ctx.fillStyle = c[m.color];
      if (m.type === "line") {
        ctx.lineWidth = m.width; ctx.setLineDash(S.dash[m.dash]);
        ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + L.sample, y); ctx.stroke(); ctx.setLineDash([]);
      } else if (m.marker === "x") {
        ctx.lineWidth = S.marker.x.width; ctx.lineCap = "butt";
        ctx.beginPath(); ctx.moveTo(x + mid - r, y - r); ctx.lineTo(x + mid + r, y + r); ctx.moveTo(x + mid + r, y - r); ctx.lineTo(x + mid - r, y + r); ctx.stroke();
      } else {
        ctx.beginPath(); ctx.arc(x + mid, y, r, 0, 2 * Math.PI); ctx.fill();
      }
      ctx.fillStyle = c.fg; ctx.fillText(m.label, x + L.text, y);
    });
  }

  /** Crosshair of keyboard placement (data coordinates of the first panel). */
  function drawCursor(ctx, fr, c, cursor) {
    const x = fr.x(cursor[0]), y = fr.y(cursor[1]);
    ctx.strokeStyle = c.accent; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(x - 9, y); ctx.lineTo(x + 9, y); ctx.moveTo(x, y - 9); ctx.lineTo(x, y + 9); ctx.stroke();
    ctx.beginPath(); ctx.arc(x, y, 5, 0, 2 * Math.PI); ctx.stroke();
  }

  const isScale = (s) => s === "linear" || s === "log";
  const isLimits = (lim, scale) => Array.isArray(lim) && lim.length === 2 && Number.isFinite(lim[0]) &&
    Number.isFinite(lim[1]) && lim[0] < lim[1] && (scale !== "log" || lim[0] > 0);

  /** A panel the renderer can draw, as scene.py's panel() makes them: a bad one is an
   * error the page shows, not a blank or NaN-filled drawing. */
  function checkPanel(p) {
    Book.check(p && typeof p === "object", "panel", p);
    Book.check(Array.isArray(p.marks), "panel marks", p.marks);
    for (const axis of ["x", "y"]) {
      Book.check(isScale(p[`${axis}scale`]), `${axis}scale`, p[`${axis}scale`]);
      Book.check(isLimits(p[`${axis}lim`], p[`${axis}scale`]), `${axis}lim`, p[`${axis}lim`]);
    }
    // Own keys only: "toString" in MARKS is true.
    for (const m of p.marks) Book.check(m && Object.hasOwn(MARKS, m.type), "mark type", m && m.type);
  }

  /** Canvas CSS pixels -> data coordinates of the panel under them (linear axes). */
  Book.canvasToData = (layout, px, py) => {
    const fr = layout.find((f) => px >= f.box.left && px <= f.box.left + f.box.width) || layout[0];
    const { left, top, width, height } = fr.box;
    const u = Math.min(1, Math.max(0, (px - left) / width)), v = Math.min(1, Math.max(0, (py - top) / height));
    return [fr.xlim[0] + u * (fr.xlim[1] - fr.xlim[0]), fr.ylim[1] - v * (fr.ylim[1] - fr.ylim[0])];
  };

  /** Draw `scene` on `canvas` at the canvas's current CSS size (the nominal figure's,
   *  640 × 400, when it has none: detached or hidden). Options: progress (0..1) for marks with
   *  `reveal`, cursor [x, y] for keyboard placement, scale (device pixels per CSS
   *  pixel; default the screen's; print asks for more).
   *  Returns the layout (one frame per panel) for mapping pointer positions. */
  Book.drawScene = (canvas, scene, { progress = 1, cursor = null, scale = 0 } = {}) => {
    Book.check(scene && Array.isArray(scene.panels) && scene.panels.length, "scene", scene && scene.panels);
    const dpr = scale || window.devicePixelRatio || 1;
    const cssWidth = canvas.clientWidth || S.figure.width, cssHeight = canvas.clientHeight || S.figure.height;
    canvas.width = Math.round(cssWidth * dpr); canvas.height = Math.round(cssHeight * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const c = Book.colors();
    const n = scene.panels.length, slot = cssWidth / n;
    scene.panels.forEach(checkPanel);
    return scene.panels.map((p, i) => {
      const categories = (p.marks.find((m) => m.type === "bars") || {}).labels;
      const M = S.margin, top = p.title ? M.top_with_title : M.top;
      const box = { left: i * slot + M.left, top, width: slot - M.left - M.right, height: cssHeight - top - M.bottom };
      const fr = frame(p, box, categories);
      fr.ylo = p.ylim[0];
      drawAxes(ctx, p, fr, c, categories);
      ctx.save();
      ctx.beginPath(); ctx.rect(fr.box.left, fr.box.top - 1, fr.box.width + 1, fr.box.height + 2); ctx.clip();
      // Heat maps first, under every other mark (matplotlib gives them the lowest zorder).
      const marks = [...p.marks.filter((m) => m.type === "image"), ...p.marks.filter((m) => m.type !== "image")];
      for (const m of marks) {
        Book.check(m.type in MARKS, "mark type", m.type);
        MARKS[m.type](ctx, m, fr, c, progress);
      }
      if (cursor && i === 0) drawCursor(ctx, fr, c, cursor);
      ctx.restore();
      drawLegend(ctx, p, fr, c);
      fr.ylim = p.ylim;
      return fr;
    });
  };

  // The pure parts, for the unit tests (tests/js/canvas.test.mjs, tests/test_scene_contract.py).
  Book.scales = { ticks, label, frame, tickCount };
  Book.canvasMarkKinds = Object.keys(MARKS);
})();
