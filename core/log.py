import logging

from core.unavailable import is_database_unavailable


def exception_summary(exc):
    """`OperationalError: connection failed: …`: the exception's type and the first line of its message."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


class RequestLogFilter(logging.Filter):
    """Log handler filter: a refused request is one line, a real error keeps its traceback.

    Django logs a 403 from PermissionDenied (and a 400 from a bad request) with the exception's traceback, a few
    hundred lines a day from crawlers and stale links. Records of responses below 500 lose the traceback and keep
    the exception's first line; so do 503s for an unreachable database (core/unavailable.py), which become warnings:
    one line per request while the database is down. Every other 5xx keeps its traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is None:
            return True
        if status == 503:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None or (status >= 500 and not is_database_unavailable(exc)):
            return True
        # The exception's message, when it has one ("This thread takes no new replies.").
        record.msg = f"{record.getMessage()} ({exception_summary(exc)})" if str(exc).strip() else record.getMessage()
        record.args = None
        record.exc_info = record.exc_text = None
        return True
