import csv

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from insights import charts, figures
from insights.permissions import can_see_health, can_see_insights
from insights.tasks import collect_insights

# At most one background fold every this many seconds, started by opening the dashboard.
FOLD_EVERY = 300


@login_required
def dashboard(request):
    if not can_see_health(request.user):
        raise PermissionDenied
    full = can_see_insights(request.user)
    period = figures.Period.named(request.GET.get("period", "month"))
    allowed = list(figures.TABLES) if full else [slug for slug in figures.TABLES if slug in figures.HEALTH_TABLES]
    content = figures.parse_content(request.GET.get("content")) if full else None
    if "csv" in request.GET:
        return _csv(request.GET["csv"], period, allowed, full, content)
    if full and cache.add("insights:fold-started", True, FOLD_EVERY):
        transaction.on_commit(collect_insights.enqueue)
    tables = {slug.replace("-", "_"): figures.TABLES[slug](period) for slug in allowed}
    if full:
        tables["article_community"].shorten(figures.LIST_LENGTH)
    context = {"period": period, "periods": figures.PERIODS, "tables": tables, "full": full}
    if full:
        context["search_tables"] = figures.search_tables(period)
        context["daily_chart"] = _daily_chart(tables["daily_views"])
        context["evergreen_chart"] = _evergreen_chart(tables["evergreen"])
        if content is not None and (found := figures.content_title(content)) is not None:
            content_table = figures.daily_views(period, content)
            context.update(
                content=content,
                content_title=found[0],
                content_url=found[1],
                content_table=content_table,
                content_csv_query=f"content={content[0]}-{content[1]}",
                content_chart=_daily_chart(content_table, chart_id="chart-content", title=found[0]),
            )
    return render(request, "insights/dashboard.html", context)


def _csv(slug, period, allowed, full, content=None):
    if slug == "daily-views" and content is not None:
        table = figures.daily_views(period, content)
    elif slug in allowed:
        table = figures.TABLES[slug](period)
    else:
        table = next((t for t in (figures.search_tables(period) if full else []) if t.slug == slug), None)
        if table is None:
            raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}-{period.name}-{period.last_day}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(cell) for cell in row])
    return response


def _csv_cell(cell):
    if cell is None:
        return ""
    text = str(cell)
    # Titles are members' text: a spreadsheet must not take one for a formula.
    if isinstance(cell, str) and text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


def _daily_chart(table, chart_id="chart-daily", title=None):
    labels = [formats.date_format(row[0], "SHORT_DATE_FORMAT") for row in table.rows]
    series = [(str(name), [row[index + 1] for row in table.rows]) for index, name in enumerate(table.columns[1:])]
    return charts.stacked_bars(
        chart_id=chart_id,
        title=f"{table.title}: {title}" if title else str(table.title),
        description=_("Stacked bars: views by where readers came from. The table holds the numbers."),
        labels=labels,
        series=series,
    )


def _evergreen_chart(table):
    return charts.stacked_bars(
        chart_id="chart-evergreen",
        title=_("Views by the age of the content"),
        description=_("Bars: views in the period by how old the article or thread is. The table holds the numbers."),
        labels=[str(row[0]) for row in table.rows],
        series=[(_("Views"), [row[1] for row in table.rows])],
    )
