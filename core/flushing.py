"""Counts a request adds to a buffer of its process, written to the database by a thread of that process now and
then: so that a reader's GET writes nothing (the page views of insights/counting.py without Redis, the owner's search
log of search/log.py).

`PeriodicFlush(name, flush, interval)` starts, on the first `ensure_started()` in a process, a daemon thread that
calls `flush()` every `interval()` seconds (0: never; then only explicit calls flush, as in the tests). A forked
worker starts its own thread (the parent's does not survive the fork). Errors are logged and the thread goes on: the
flush function keeps what it could not write for the next round.
"""

import logging
import os
import threading

from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)


class PeriodicFlush:
    def __init__(self, name, flush, interval):
        self.name, self.flush, self.interval = name, flush, interval
        self.lock = threading.Lock()
        self.pid = None
        self.stopped = threading.Event()

    def ensure_started(self):
        if self.pid == os.getpid():
            return
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
        seconds = self.interval()
        if seconds > 0:
            threading.Thread(target=self._run, args=(seconds,), daemon=True, name=self.name).start()

    def stop(self):
        """End this process's thread after its current round (a later `ensure_started()` starts none again)."""
        self.stopped.set()

    def _run(self, seconds):
        while not self.stopped.wait(seconds):
            try:
                self.flush()
            except Exception:
                logger.exception("%s: writing the buffered counts failed; they are kept for the next try", self.name)
            finally:
                close_old_connections()
                connection.close()
