"""Instant navigation wherever the book is served.

Material decides which links to follow without a page load by looking them up
in sitemap.xml, whose addresses are absolute (built from ``site_url``), and it
adapts only their scheme and host name to the current page. Served on another
port (a local preview, a test server) or under another path, no link matches
and every click reloads the page, starting a second Python runtime.

This writes ``assets/book/js/site-map.js``, loaded before Material's bundle: it
answers Material's request for sitemap.xml with the book's pages resolved
against wherever the site actually is.
"""

from pathlib import Path

from ..js_template import fill

__all__ = ["site_map_js"]

TEMPLATE = Path(__file__).with_name("site_map_template.js")


def site_map_js(page_urls):
    """The script for the given page URLs (relative to the site root)."""
    return fill(TEMPLATE, PAGES=sorted(set(page_urls)))
