from urllib.parse import urlsplit

import pytest


@pytest.fixture
def site_page(page, live_server):
    """A browser page that records console errors and every request that leaves the live server's host."""
    host = urlsplit(live_server.url).netloc
    page.console_errors = []
    page.foreign_requests = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != host:
            page.foreign_requests.append(request.url)

    page.on("request", record)
    page.live_url = live_server.url
    return page


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A German-speaking reader; the site follows the browser's language unless one was chosen.
    return {**browser_context_args, "locale": "de-DE"}
