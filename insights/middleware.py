from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from insights.counting import count_view


class PageViewMiddleware:
    """Counts views of public pages (insights/counting.py). It sits above the page cache in MIDDLEWARE, so pages
    served from the cache are counted too. A view costs no round trip of its own: each process hands its views on
    in batches (insights/counting.py)."""

    def __init__(self, get_response):
        if not settings.INSIGHTS_COUNT_VIEWS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
        ):
            count_view(request)
        return response
