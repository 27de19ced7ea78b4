"""Data migrations that bring a legal page's default text up to date (a new retention period, a new kind of data)."""

from core.markup import render_markdown


def replace_unchanged_default(legal_page_model, kind, previous, new):
    """Put `new` in place of the page's text while it is still exactly the `previous` default; a text staff have
    edited is left alone (they may have said it their own way). `legal_page_model`: the migration's LegalPage."""
    page = legal_page_model.objects.filter(kind=kind).first()
    if page is not None and page.body.replace("\r\n", "\n").strip() == previous.strip():
        page.body, page.body_html = new, render_markdown(new)
        page.save(update_fields=["body", "body_html"])
