from datetime import timedelta

from django.contrib import admin
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search import log as search_log
from search.models import QueryLog

SUMMARY_DAYS = 30
SUMMARY_ROWS = 20


class ResultsFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "treffer"

    def lookups(self, request, model_admin):
        return [("keine", _("None (questions without an answer)")), ("einige", _("Some"))]

    def queryset(self, request, queryset):
        if self.value() == "keine":
            return queryset.filter(results=0)
        if self.value() == "einige":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(QueryLog)
class QueryLogAdmin(admin.ModelAdmin):
    """What readers searched, per day, without who: read-only. Above the list: the top queries and the queries that
    found nothing in the last 30 days — material for new articles."""

    list_display = ["query", "day", "searches", "results"]
    list_filter = [ResultsFilter]
    date_hierarchy = "day"
    search_fields = ["query"]
    ordering = ["-day", "-searches"]
    change_list_template = "admin/search/querylog/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        search_log.flush()  # this process's searches of the last minute too
        since = timezone.localdate() - timedelta(days=SUMMARY_DAYS)
        recent = QueryLog.objects.filter(day__gte=since).values("query").annotate(total=Sum("searches"))
        extra_context = {
            **(extra_context or {}),
            "summary_days": SUMMARY_DAYS,
            "top_queries": recent.order_by("-total", "query")[:SUMMARY_ROWS],
            "unanswered_queries": recent.filter(results=0).order_by("-total", "query")[:SUMMARY_ROWS],
        }
        return super().changelist_view(request, extra_context=extra_context)
