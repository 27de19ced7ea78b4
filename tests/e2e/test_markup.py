"""Browser test: Markdown tables, code and quotes in articles and forum posts are styled, and on a phone a wide
table scrolls inside its box instead of widening the page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from articles.models import Article, Category
from forum import services
from forum.models import Category as ForumCategory
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MARKDOWN = """Vergleich:

| Sorte | Preis | Menge | Bemerkung | Herkunft | Lagerung |
|---|---:|---|---|---|---|
| Roggen | 2,50 € | 1 kg | kräftig, für Sauerteig | Brandenburg | trocken und kühl |
| Weizen | 1,20 € | 1 kg | das Standardmehl für helle Brötchen | Niedersachsen | trocken |

```
ansatz = mehl + wasser  # 1:1, täglich füttern, eine lange Zeile Code, die in ihrem Kasten scrollen muss
```

> Geduld ist die wichtigste Zutat.
"""


@pytest.fixture
def article_url(db):
    author = make_user("redaktion", display_name="Rita Redaktion", is_staff=True)
    article = Article.objects.create(
        title="Mehle im Vergleich",
        slug="mehle",
        author=author,
        summary="Eine Tabelle.",
        body=MARKDOWN,
        category=Category.objects.create(name="Küche", slug="kueche"),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )
    return article.get_absolute_url()


@pytest.fixture
def post_url(settings, member):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    category = baker.make(ForumCategory, name="Küche", slug="kueche")
    return services.start_thread(category=category, author=member, title="Mehle", body=MARKDOWN).get_absolute_url()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE")
    yield context.new_page()
    context.close()


def style(locator, prop):
    return locator.evaluate(f"node => getComputedStyle(node).{prop}")


@pytest.mark.parametrize("url_fixture", ["article_url", "post_url"])
def test_markdown_table_code_and_quote_are_styled_and_scroll_inside_their_box_on_a_phone(
    request, phone, live_server, url_fixture
):
    phone.goto(live_server.url + request.getfixturevalue(url_fixture))
    table = phone.locator("main table").first
    header = table.locator("th").first
    cell = table.locator("td").first
    assert style(header, "borderTopWidth") != "0px" and style(cell, "borderTopWidth") != "0px"
    assert style(cell, "paddingLeft") != "0px"
    # Header cells stand out from the body cells.
    assert style(header, "backgroundColor") != style(cell, "backgroundColor")
    for box in (table, phone.locator("main pre").first):
        assert style(box, "overflowX") == "auto"
        assert box.evaluate("node => node.scrollWidth > node.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert style(phone.locator("main blockquote").first, "borderLeftWidth") != "0px"
