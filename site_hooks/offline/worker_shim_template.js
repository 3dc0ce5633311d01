/* On file:// Chromium refuses `new Worker(file URL)`: workers whose source this
 * file carries start from a blob: URL instead (Material's search). Written by
 * site_hooks/offline/file_copy.py and loaded first by every page of the offline copy. */
(function () {
  "use strict";
  // Marks the offline copy for offline.js: its runtime reads the data scripts
  // even when someone serves the unzipped folder over http.
  (window.NeuralOdesBookOffline = window.NeuralOdesBookOffline || {}).copy = true;
  if (location.protocol !== "file:") return;
  const sources = __SOURCES__; // worker path from the site's root -> its source
  const Native = window.Worker;
  function Worker(url, options) {
    const href = new URL(String(url), location.href).href.split(/[?#]/)[0];
    for (const name in sources) {
      if (href.slice(-name.length) === name) {
        const blob = new Blob([sources[name]], { type: "text/javascript" });
        return new Native(URL.createObjectURL(blob), options);
      }
    }
    return new Native(url, options);
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;
})();
