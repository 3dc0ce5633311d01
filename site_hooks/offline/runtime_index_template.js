/* The runtime files of the offline copy, carried by data scripts (written by
 * site_hooks/offline/file_copy.py as assets/offline/index.js; read by offline.js). */
(function (o) {
  "use strict";
  o.files = __FILES__; // path under assets/pyodide/ -> {script, type, size}
  o.texts = __TEXTS__; // script the blob: worker runs -> the data script carrying its text
})(window.NeuralOdesBookOffline = window.NeuralOdesBookOffline || {});
