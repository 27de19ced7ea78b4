"""While the database cannot be reached, pages answer 503 with a short static page instead of the generic 500.

Django turns an exception raised anywhere below a middleware (a view, a template, the session or user loaded by
middleware, the page cache's database cache) into the 500 handler's response, so `core.views.server_error` asks
`is_database_unavailable` about the exception it is handling. Its log record becomes one warning line
(core.log.RequestLogFilter). Nothing needs resetting afterwards: the next request connects anew (the pool checks
its connections before handing them out)."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

try:
    import psycopg
except ImportError:  # SQLite-only installations
    psycopg = None

RETRY_AFTER_SECONDS = 30

# SQLSTATEs of a server that is gone or not accepting connections: class 08 (connection exception), the server
# shutting down or starting up (57P01-57P03), too many connections (53300). Other errors (a cancelled statement,
# a deadlock, a programming error) stay 500s with a traceback.
UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "53300"}


def is_database_unavailable(exc):
    """Whether `exc` says PostgreSQL cannot be reached (refused, lost, pool timeout), not that a query failed."""
    if psycopg is None or not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    if isinstance(cause, psycopg.InterfaceError):
        return True  # the connection is closed
    if not isinstance(cause, psycopg.OperationalError):
        return False
    sqlstate = cause.sqlstate  # None: no answer from a server at all (refused, timed out, psycopg_pool.PoolTimeout)
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES


def unavailable_response(request):
    """The static "back in a moment" page: no context processors, no session, no database."""
    with translation.override(translation.get_language_from_request(request)):
        content = loader.get_template("503.html").render({"SITE_NAME": settings.SITE_NAME})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
