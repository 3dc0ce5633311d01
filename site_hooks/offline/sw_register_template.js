/* Registers the service worker (site_hooks/offline/service_worker.py writes this
 * file as assets/book/js/sw-register.js). With the worker disabled (a `mkdocs serve`
 * preview) it removes one an earlier build left, so edits show up. */
(function () {
  "use strict";
  const enabled = __ENABLED__;
  const here = document.currentScript && document.currentScript.src;
  if (!here || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) return;
  if (window.top !== window) return; // an embed: the host page decides about caching
  const root = new URL("../../../", here);
  if (!enabled) {
    navigator.serviceWorker.getRegistration(root.href).then((r) => {
      if (r && r.scope === root.href) r.unregister();
    }).catch(() => {});
    return;
  }
  // Save-Data: the worker leaves the Python runtime until a simulation first needs it.
  const saveData = !!(navigator.connection && navigator.connection.saveData);
  const script = new URL(__SW_NAME__ + (saveData ? "?save-data=on" : ""), root).href;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(script, { scope: root.pathname, updateViaCache: "none" })
      .catch(() => {}); // blocked (a test context, private mode): the book works without it
  });
})();
