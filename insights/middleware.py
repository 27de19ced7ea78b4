from insights.counting import count_view


class PageViewMiddleware:
    """Counts views of public pages (insights/counting.py). It sits above the page cache in MIDDLEWARE, so pages
    served from the cache are counted too; a counted view costs one cache round trip (none without Redis)."""

    def __init__(self, get_response):
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
