"""What every browser test watches: console errors, uncaught exceptions and
requests that leave the site's origin."""

from urllib.parse import urlsplit

# Browser-internal schemes never leave the machine.
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "chrome-extension", "devtools")


class PageWatch:
    def __init__(self, page, base_url):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.console_errors, self.page_errors, self.off_origin, self.requests = [], [], [], []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request):
        self.requests.append(request.url)
        scheme = urlsplit(request.url).scheme
        if scheme not in LOCAL_SCHEMES and not request.url.startswith(self.origin + "/"):
            self.off_origin.append(request.url)

    def count(self, fragment):
        return sum(fragment in url for url in self.requests)

    def assert_clean(self):
        assert self.page_errors == [], f"uncaught exceptions: {self.page_errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.off_origin == [], f"requests left the origin: {self.off_origin}"
