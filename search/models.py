"""The search log (what was searched, per day, without who) and the vocabulary behind suggestions and compounds.

The full-text vectors themselves are columns of the searched tables (forum posts, articles, comments), created and
kept current by PostgreSQL (search/migrations/0001_search.py): this app owns them, the forum and the articles do
not know them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueryLogQuerySet(models.QuerySet):
    def top(self, since=None):
        rows = self.filter(day__gte=since) if since else self
        return rows.values("query").annotate(total=models.Sum("searches")).order_by("-total", "query")


class QueryLog(models.Model):
    """How often a (normalised) query was searched on one day and what it found. No user, no IP, no time of day."""

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    results = models.PositiveIntegerField(
        _("results"), default=0, help_text=_("Results of the latest search that day (capped at the first pages).")
    )

    objects = QueryLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        ordering = ["-day", "-searches"]
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_querylog_day_query")]
        indexes = [models.Index(fields=["results", "day"], name="search_querylog_results")]

    def __str__(self):
        return f"{self.day}: {self.query}"


class Word(models.Model):
    """A word that occurs in searchable text (lower case, as written): the vocabulary that splits and finds compounds
    and suggests spellings. Filled by database triggers on every write and by `rebuild_search_index` (which also
    counts the documents). It may hold words of hidden content: a suggestion is only offered after the suggested
    query found results the reader may see (search/engine.py)."""

    word = models.CharField(max_length=60, primary_key=True)
    documents = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("word")
        verbose_name_plural = _("words")

    def __str__(self):
        return self.word
