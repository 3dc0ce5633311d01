/* Neural ODEs book, host side of an embed. A course page includes this next to
 * its iframes:
 *   <iframe src="https://…/embed/chapters/01-resnet-is-euler/" data-neural-odes-book
 *           style="width:100%;height:900px;border:0"></iframe>
 *   <script src="https://…/assets/book/js/embed-host.js" async></script>
 * Each embed reports its height with postMessage; this resizes the iframe that
 * sent it. Messages are checked, never trusted: the sender must be the window of
 * one of this page's book iframes, the message's origin that iframe's origin, and
 * the message {source: "neural-odes-book", type: "resize", height: 1…100000}.
 * Plain ES5-level script, no dependencies; including it twice is harmless. */
(function () {
  "use strict";
  if (window.NeuralOdesBookEmbedHost) return;
  var MAX_HEIGHT = 100000;

  function bookFrames() {
    return Array.prototype.slice.call(document.querySelectorAll("iframe[data-neural-odes-book]"));
  }

  function frameOf(source) {
    var frames = bookFrames();
    for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === source) return frames[i];
    return null;
  }

  function originOf(frame) {
    try { return new URL(frame.getAttribute("src"), document.baseURI).origin; } catch (e) { return null; }
  }

  function onMessage(event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.source !== "neural-odes-book" || data.type !== "resize") return;
    var frame = frameOf(event.source);
    if (!frame || event.origin !== originOf(frame)) return;
    var height = data.height;
    if (typeof height !== "number" || !isFinite(height) || height < 1 || height > MAX_HEIGHT) return;
    frame.style.height = Math.ceil(height) + "px";
    frame.setAttribute("data-height", String(Math.ceil(height)));
  }

  /** Ask every book frame to report again (e.g. after the host's layout changed). */
  function ping() {
    bookFrames().forEach(function (frame) {
      var origin = originOf(frame);
      if (origin && frame.contentWindow) frame.contentWindow.postMessage({ source: "neural-odes-book-host", type: "ping" }, origin);
    });
  }

  /** Set the embeds' theme: "light" or "dark". */
  function setTheme(theme) {
    if (theme !== "light" && theme !== "dark") return;
    bookFrames().forEach(function (frame) {
      var origin = originOf(frame);
      if (origin && frame.contentWindow) frame.contentWindow.postMessage({ source: "neural-odes-book-host", type: "theme", theme: theme }, origin);
    });
  }

  window.addEventListener("message", onMessage);
  window.NeuralOdesBookEmbedHost = { ping: ping, setTheme: setTheme };
  // An iframe that loaded before this script reported to no one: ask again.
  if (document.readyState === "complete") ping(); else window.addEventListener("load", ping);
})();
