from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from articles.spam import client_ip, rate_limit_network
from core import fragments
from forum.models import Category
from forum.permissions import can_start_thread
from search import cache as search_cache
from search import engine
from search import log as search_log
from search.forms import SearchForm


@require_GET
@vary_on_cookie
def results(request):
    form = SearchForm(request.GET, user=request.user)
    filters = form.filters()
    raw = request.GET.get("q", "")
    page = _page_number(request.GET.get("page"))
    if raw.strip() and not request.user.is_authenticated and _rate_limited(request):
        response = render(request, "search/rate_limited.html", {"search_query": engine.parse(raw).text}, status=429)
        response["Retry-After"] = str(settings.SEARCH_RATE_WINDOW_SECONDS)
        return response
    found, hits = search_cache.find(user=request.user, query=raw, filters=filters, page=page)
    if hits is None:
        raise Http404
    if page == 1 and not (found.corrected_from or found.query).is_empty:
        _log(found)
    size = settings.SEARCH_RESULTS_PER_PAGE
    last_page = max(1, -(-found.count // size))
    context = {
        "form": form,
        "filters": filters,
        "results": found,
        "hits": hits,
        "page": page,
        "last_page": last_page,
        "page_links": _page_links(request, page, last_page),
        "prev_url": _url(request, page=page - 1 if page > 2 else None) if page > 1 else None,
        "next_url": _url(request, page=page + 1) if page < last_page else None,
        "filter_links": [
            (form["art"].label, _links(request, form, "art")),
            (form["zeitraum"].label, _links(request, form, "zeitraum")),
            (form["sortierung"].label, _links(request, form, "sortierung")),
        ],
        "first_number": (page - 1) * size + 1,
        "search_query": (found.corrected_from or found.query).text,
        "ask_category": None if hits else _ask_category(request.user, filters),  # offered when nothing was found
        "query_string": _query_string(request, exclude={"page"}),
    }
    context["body"] = fragments.render_one("search/_results_body.html", _body_context(context))
    return render(request, "search/results.html", context)


@require_GET
@cache_control(max_age=86400, public=True)
def opensearch(request):
    return render(
        request,
        "search/opensearch.xml",
        {
            "base": request.build_absolute_uri("/")[:-1],
            "description": _("Search the forum and the articles of %(site)s") % {"site": settings.SITE_NAME},
        },
        content_type="application/opensearchdescription+xml",
    )


def _body_context(context):
    """Everything the form, the filters and the results show, as a plain context: the part of the page below the
    layout is rendered once for all who search the same and see the same (core/fragments.py)."""
    found, filters = context["results"], context["filters"]
    return {
        "q_label": str(context["form"]["q"].label),
        "search_query": context["search_query"],
        "narrowed": filters.narrowed,
        "author": filters.author,
        "filter_fields": _filter_fields(context["form"]),
        "filter_links": tuple(
            (str(label), tuple((str(text), url, active) for text, url, active in links))
            for label, links in context["filter_links"]
        ),
        "suggestion": found.suggestion,
        "corrected_from": found.corrected_from.text if found.corrected_from else "",
        "loose": found.loose,
        "truncated": found.truncated,
        "count": found.count,
        "first_number": context["first_number"],
        "rows": tuple(
            (hit.kind, hit.url, hit.title_html, hit.snippet, hit.place, hit.author, hit.date) for hit in context["hits"]
        ),
        "page": context["page"],
        "last_page": context["last_page"],
        "page_links": tuple(context["page_links"]),
        "prev_url": context["prev_url"],
        "next_url": context["next_url"],
    }


def _filter_fields(form):
    """(name, id, label, options) of the filter fields; options: (value, label, selected), None for a text field.
    An unknown value selects the first option, as a browser would."""
    fields = []
    for name in ("art", "bereich", "von", "zeitraum", "sortierung"):
        bound = form[name]
        if name == "von":
            fields.append((name, bound.id_for_label, str(bound.label), None))
            continue
        choices = form.fields[name].choices
        current = form.data.get(name) or ""
        if current not in {value for value, _ in choices}:
            current = choices[0][0]
        options = tuple((value, str(text), value == current) for value, text in choices)
        fields.append((name, bound.id_for_label, str(bound.label), options))
    return tuple(fields)


def _page_number(value):
    if value in (None, ""):
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 4 or int(value) < 1:
        raise Http404
    return int(value)


def _url(request, **changes):
    """This page's address with some parameters changed (None removes one); a new filter starts at page 1."""
    query = request.GET.copy()
    if "page" not in changes:
        query.pop("page", None)
    for name, value in changes.items():
        if value in (None, ""):
            query.pop(name, None)
        else:
            query[name] = str(value)
    return "?" + query.urlencode() if query else "?"


def _links(request, form, name):
    current = form.cleaned_data.get(name) or form.fields[name].choices[0][0]
    return [(label, _url(request, **{name: value}), value == current) for value, label in form.fields[name].choices]


def _page_links(request, page, last_page):
    """Numbers around the current page, the first and the last: (number, address, gap before)."""
    numbers = sorted({1, last_page, *range(max(1, page - 3), min(last_page, page + 3) + 1)})
    links, previous = [], 0
    for number in numbers:
        links.append((number, _url(request, page=number if number > 1 else None), number > previous + 1))
        previous = number
    return links


def _query_string(request, *, exclude):
    query = request.GET.copy()
    for name in exclude:
        query.pop(name, None)
    return query.urlencode()


def _ask_category(user, filters):
    """Where the reader could ask the question instead: the chosen category, or the first that takes threads."""
    if not user.is_authenticated:
        return None
    if filters.category is not None and can_start_thread(user, filters.category):
        return filters.category
    for category in Category.objects.readable_by(user).filter(is_closed=False).order_by("order", "name")[:1]:
        return category
    return None


def _rate_limited(request):
    """Anonymous searches per client IP (IPv6: per /64) and window, counted in the shared cache."""
    limit = settings.SEARCH_RATE_LIMIT
    network = rate_limit_network(client_ip(request))
    if not limit or not network:
        return False
    key = "search:rate:" + salted_hmac("search.rate", network, algorithm="sha256").hexdigest()
    if cache.add(key, 1, timeout=settings.SEARCH_RATE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=settings.SEARCH_RATE_WINDOW_SECONDS)
        return False
    return count > limit


def _log(found):
    """Count the query for today in the owner's search log, with what it found (search/log.py: no write here)."""
    search_log.count((found.corrected_from or found.query).text, found.count)
