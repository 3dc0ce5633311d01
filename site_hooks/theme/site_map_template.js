/* Answers Material's request for sitemap.xml with the book's pages resolved against
 * wherever the site is served (see site_hooks/theme/instant_sitemap.py, which writes
 * this file as assets/book/js/site-map.js). */
(function () {
  "use strict";
  const pages = __PAGES__; // page URLs relative to the site's root
  const here = document.currentScript && document.currentScript.src;
  if (!here || !/^https?:/.test(here)) return; // file:// has no instant navigation
  const root = new URL("../../../", here);
  const xml = '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
    pages.map((p) => `<url><loc>${new URL(p, root).href}</loc></url>`).join("") + "</urlset>";
  const dataUrl = "data:application/xml;charset=utf-8," + encodeURIComponent(xml);
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    const target = new URL(String(args[1]), location.href);
    if (target.href === new URL("sitemap.xml", root).href) args[1] = dataUrl;
    return open.apply(this, args);
  };
})();
