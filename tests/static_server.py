"""A static file server on a loopback address, for tests and benchmarks."""

from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
import threading

__all__ = ["QuietHandler", "pages_handler", "serve"]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to the test output."""

    def log_message(self, *args):
        pass


def pages_handler(max_age=600):
    """A handler class that caches like GitHub Pages (``Cache-Control: max-age=600``)
    and records every request it answers in its ``requests`` list as (path, status),
    so a benchmark can count what reached the server (cache hits never do)."""

    class PagesHandler(QuietHandler):
        requests = []

        def end_headers(self):
            self.send_header("Cache-Control", f"max-age={max_age}")
            super().end_headers()

        def log_request(self, code="-", size="-"):
            self.requests.append((self.path.split("?")[0], int(code)))

    PagesHandler.requests = []  # one list per class made here
    return PagesHandler


def serve(directory=None, host="127.0.0.1", handler=QuietHandler):
    """Start serving ``directory`` on a free port of ``host`` in a daemon thread.
    Returns ``(server, base URL ending in /)``; call ``server.shutdown()`` when done.
    ``directory=None`` leaves the folder to ``handler`` (a handler that picks it itself)."""
    factory = partial(handler, directory=str(directory)) if directory is not None else handler
    server = ThreadingHTTPServer((host, 0), factory)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}/"
