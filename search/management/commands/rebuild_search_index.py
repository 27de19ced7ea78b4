"""Rebuild what search derives from the texts: the vocabulary with its document counts, the planner's statistics,
and with --vectors every full-text vector (after a change of the text search configuration)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core import page_cache

VOCABULARY = """
TRUNCATE search_word;
INSERT INTO search_word (word, documents)
SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('simple', thread.title || ' ' || post.body)
      FROM forum_post AS post JOIN forum_thread AS thread ON thread.id = post.thread_id
    UNION ALL SELECT to_tsvector('simple', title || ' ' || summary || ' ' || body) FROM articles_article
    UNION ALL SELECT to_tsvector('simple', body) FROM articles_comment
$$)
WHERE word ~ '^[[:alpha:]]{3,60}$';
"""

VECTORS = """
UPDATE forum_post AS post
   SET search_vector = search_post_vector(CASE WHEN post.position = 1 THEN thread.title END, post.body)
  FROM forum_thread AS thread
 WHERE thread.id = post.thread_id;
UPDATE articles_article SET title = title;
UPDATE articles_comment SET body = body;
"""


class Command(BaseCommand):
    help = "Rebuild the search vocabulary and statistics (and with --vectors every full-text vector)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--vectors", action="store_true", help="recompute every vector, e.g. after changing the configuration"
        )

    def handle(self, *args, vectors=False, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Without PostgreSQL search matches words directly; there is nothing to rebuild.")
            return
        started = time.monotonic()
        with transaction.atomic():
            if vectors:
                with connection.cursor() as cursor:
                    cursor.execute(VECTORS)
                self.stdout.write("Vectors recomputed.")
            with connection.cursor() as cursor:
                cursor.execute(VOCABULARY)
                cursor.execute("SELECT count(*) FROM search_word")
                words = cursor.fetchone()[0]
            page_cache.invalidate()  # searches cached before (search/cache.py) may find otherwise now
        with connection.cursor() as cursor:
            for table in ("forum_post", "forum_thread", "articles_article", "articles_comment", "search_word"):
                cursor.execute(f"ANALYZE {table}")
        self.stdout.write(f"Search index rebuilt: {words:,} words in {time.monotonic() - started:.1f} s.")
