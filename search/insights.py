"""The search log for the owner's dashboard (read by insights at start-up; see insights/sources.py)."""

from django.db.models import Max, Sum

from search import log as search_log
from search.models import QueryLog


def SEARCH_QUERIES(first_day, last_day, limit):
    """The most searched queries and the queries that found nothing, between the two days (both included)."""
    search_log.flush()  # this process's searches of the last minute too
    rows = QueryLog.objects.filter(day__gte=first_day, day__lte=last_day).values("query")
    top = rows.annotate(searches=Sum("searches"), results=Max("results")).order_by("-searches", "query")[:limit]
    zero = (
        rows.annotate(searches=Sum("searches"), results=Max("results"))
        .filter(results=0)
        .order_by("-searches", "query")[:limit]
    )
    return {
        "top": [(row["query"], row["searches"], row["results"]) for row in top],
        "zero": [(row["query"], row["searches"]) for row in zero],
    }
