from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Category
from search.engine import Filters
from search.query import MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The results page's form. Every field is optional and forgiving: a value it does not know is ignored (a search
    page never answers with a form error or a 500)."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH * 10, strip=False)
    art = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), ("forum", _("Forum")), ("artikel", _("Articles"))],
    )
    bereich = forms.ChoiceField(label=_("Forum category"), required=False)
    von = forms.CharField(label=_("Author (username)"), required=False, max_length=150)
    zeitraum = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[("", _("Any time")), ("monat", _("Last month")), ("jahr", _("Last year"))],
    )
    sortierung = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevanz", _("Relevance")), ("neu", _("Newest first"))],
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        self.categories = list(Category.objects.readable_by(user).only("pk", "name", "slug", "parent_id"))
        self.fields["bereich"].choices = [("", _("All categories"))] + [
            (category.slug, ("– " if category.parent_id else "") + category.name) for category in self.categories
        ]

    def filters(self) -> Filters:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields if name in self.cleaned_data}
        category = next((c for c in self.categories if c.slug == data.get("bereich")), None)
        author = data.get("von", "").strip()
        if author and (len(author) > 150 or "\x00" in author):
            author = ""
        return Filters(
            kind=data.get("art", ""),
            category=category,
            author=author,
            period=data.get("zeitraum", ""),
            sort=data.get("sortierung") or "relevanz",
        )
