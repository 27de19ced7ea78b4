"""A reader comments without an account, a moderator approves it in the queue, the comment appears."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import MODERATORS_GROUP
from articles.models import Article, Category, Comment
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_article():
    author = make_user("redaktion", display_name="Rita Redaktion", is_staff=True)
    category = Category.objects.create(name="Technik", slug="technik")
    return Article.objects.create(
        title="Ein Artikel zum Kommentieren",
        slug="zum-kommentieren",
        author=author,
        summary="Worum es geht.",
        body="Hallo **Welt**.",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def e2e_moderator():
    # Transactional tests flush the data migrations' rows: recreate the group with its permission.
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="moderate_comment", content_type__app_label="articles"))
    user = make_user("moni", display_name="Moni Moderatorin")
    user.groups.add(group)
    return user


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


def is_error(message):
    # The site has no favicon yet (the foundation's base template): the browser's own /favicon.ico probe is no
    # error of this page.
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")


def watch(page, live_server):
    """Collect console errors and requests to any host other than the live server."""
    errors, foreign = [], []
    host = urlparse(live_server.url).netloc
    page.on("console", lambda message: errors.append(message.text) if is_error(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: foreign.append(request.url) if urlparse(request.url).netloc != host else None)
    return errors, foreign


def test_reader_comments_moderator_approves_comment_appears(browser, live_server, published_article, e2e_moderator):
    article_url = live_server.url + published_article.get_absolute_url()

    reader = browser.new_context(locale="de-DE").new_page()
    reader_errors, reader_foreign = watch(reader, live_server)
    reader.goto(article_url)
    reader.locator("#id_body").fill("Sehr hilfreich, danke!")
    reader.locator("#id_name").fill("Lena Leserin")
    reader.locator("#id_email").fill("lena@example.net")
    reader.get_by_role("button", name="Kommentar abschicken").click()
    reader.wait_for_load_state()
    assert reader.get_by_text("Dein Kommentar wartet auf Freischaltung").first.is_visible()
    assert reader.get_by_text("Sehr hilfreich, danke!").is_visible()
    assert Comment.objects.get().status == Comment.Status.PENDING

    moderator = browser.new_context(locale="de-DE").new_page()
    moderator_errors, moderator_foreign = watch(moderator, live_server)
    moderator.goto(live_server.url + "/accounts/login/?next=/artikel/moderation/")
    moderator.locator("input[name=login]").fill("moni")
    moderator.locator("input[name=password]").fill(PASSWORD)
    moderator.locator("input[name=password]").press("Enter")
    moderator.wait_for_url(live_server.url + "/artikel/moderation/")
    assert moderator.get_by_text("lena@example.net").is_visible()
    moderator.get_by_role("button", name="Freigeben", exact=True).click()
    moderator.wait_for_load_state()
    assert Comment.objects.get().status == Comment.Status.APPROVED

    visitor = browser.new_context(locale="de-DE").new_page()
    visitor_errors, visitor_foreign = watch(visitor, live_server)
    visitor.goto(article_url)
    assert visitor.get_by_text("Sehr hilfreich, danke!").is_visible()
    assert "lena@example.net" not in visitor.content()

    assert reader_errors == moderator_errors == visitor_errors == []
    assert reader_foreign == moderator_foreign == visitor_foreign == []


def test_reply_link_fills_in_the_parent_without_reloading(page, live_server, published_article):
    parent = Comment.objects.create(
        article=published_article, name="Paul", email="p@example.net", body="Eine Frage", status="approved"
    )
    errors, foreign = watch(page, live_server)
    page.goto(live_server.url + published_article.get_absolute_url())
    page.get_by_role("link", name="Antworten").click()
    assert page.locator("input[name=parent]").input_value() == str(parent.pk)
    assert page.get_by_text("Antwort an Paul.").is_visible()
    assert errors == [] and foreign == []


def test_form_errors_are_in_view_after_sending_on_a_phone(browser, live_server, published_article):
    page = browser.new_context(locale="de-DE", viewport={"width": 375, "height": 700}).new_page()
    errors, foreign = watch(page, live_server)
    page.goto(live_server.url + published_article.get_absolute_url())
    page.locator("#id_body").fill("Mein Text bleibt stehen")
    page.get_by_role("button", name="Kommentar abschicken").click()
    page.wait_for_load_state()
    expect(page.locator("#id_name")).to_be_in_viewport()
    expect(page.get_by_text("Dieses Feld ist zwingend erforderlich.").first).to_be_visible()
    assert page.locator("#id_body").input_value() == "Mein Text bleibt stehen"
    assert errors == [] and foreign == []


def test_a_markdown_heading_in_a_comment_is_no_bigger_than_its_text(page, live_server, published_article):
    Comment.objects.create(
        article=published_article, name="Paul", email="p@example.net", body="# Laut\n\nLeise", status="approved"
    )
    page.goto(live_server.url + published_article.get_absolute_url())
    heading = page.locator(".comment-body h1").evaluate("element => getComputedStyle(element).fontSize")
    text = page.locator(".comment-body p").evaluate("element => getComputedStyle(element).fontSize")
    assert heading == text
