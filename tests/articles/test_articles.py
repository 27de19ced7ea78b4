from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Article, Comment, Series

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_article_list_shows_published_articles_newest_first(client, make_article):
    make_article(slug="alt", title="Alter Artikel", published_at=timezone.now() - timedelta(days=5))
    make_article(slug="neu", title="Neuer Artikel", published_at=timezone.now() - timedelta(hours=1))
    html = client.get(reverse("articles:article_list")).content.decode()
    assert html.index("Neuer Artikel") < html.index("Alter Artikel")


def test_draft_is_absent_from_the_list(client, make_article):
    make_article(slug="entwurf", title="Geheimer Entwurf", status=Article.Status.DRAFT, published_at=None)
    assert "Geheimer Entwurf" not in client.get(reverse("articles:article_list")).content.decode()


@pytest.mark.smoke
def test_scheduled_article_is_404_for_readers_until_its_time(client, make_article):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_scheduled_article_is_absent_from_list_and_feed(client, make_article):
    make_article(title="Kommt morgen", published_at=timezone.now() + timedelta(days=1))
    assert "Kommt morgen" not in client.get(reverse("articles:article_list")).content.decode()
    assert "Kommt morgen" not in client.get(reverse("articles:article_feed")).content.decode()


@pytest.mark.parametrize("role", [None, "member", "moderator"])
def test_draft_is_404_for_everyone_but_staff(client, make_article, role, request):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_at_its_real_url_without_caching(client, make_article, staff):
    article = make_article(status=Article.Status.DRAFT, published_at=None, title="Noch nicht fertig")
    client.force_login(staff)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Noch nicht fertig" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_staff_preview_of_scheduled_article_says_when_it_appears(client, make_article, staff):
    article = make_article(published_at=timezone.now() + timedelta(days=3))
    client.force_login(staff)
    assert "Vorschau" in client.get(article.get_absolute_url()).content.decode()


def test_article_page_shows_author_date_reading_time_and_sanitised_body(client, make_article):
    article = make_article(body="Hallo <script>alert(1)</script> **Welt** " + "wort " * 450)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Stefan Staff" in html
    assert "3 Min. Lesezeit" in html
    assert "<strong>Welt</strong>" in html
    assert "<script>alert(1)" not in html


def test_series_navigation_links_previous_and_next_chapter(client, make_article):
    series = Series.objects.create(title="Einführung", slug="einfuehrung")
    first = make_article(slug="kapitel-1", title="Kapitel Eins", series=series, series_position=1)
    second = make_article(slug="kapitel-2", title="Kapitel Zwei", series=series, series_position=2)
    make_article(slug="kapitel-3", title="Kapitel Drei", series=series, series_position=3)
    html = client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in html
    assert "Weiter zum Kapitel „Kapitel Drei“" in html


def test_series_navigation_skips_unpublished_chapters(client, make_article):
    series = Series.objects.create(title="Einführung", slug="einfuehrung")
    first = make_article(slug="kapitel-1", series=series, series_position=1)
    make_article(slug="kapitel-2", title="Unfertig", series=series, series_position=2, status=Article.Status.DRAFT)
    assert "Unfertig" not in client.get(first.get_absolute_url()).content.decode()


def test_series_page_lists_published_chapters_in_order(client, make_article):
    series = Series.objects.create(title="Einführung", slug="einfuehrung")
    make_article(slug="b", title="Zweites Kapitel", series=series, series_position=2)
    make_article(slug="a", title="Erstes Kapitel", series=series, series_position=1)
    html = client.get(series.get_absolute_url()).content.decode()
    assert html.index("Erstes Kapitel") < html.index("Zweites Kapitel")


def test_category_page_lists_only_its_articles(client, make_article, category):
    other = category.__class__.objects.create(name="Kultur", slug="kultur")
    make_article(slug="technik-artikel", title="Über Technik")
    make_article(slug="kultur-artikel", title="Über Kultur", category=other)
    html = client.get(other.get_absolute_url()).content.decode()
    assert "Über Kultur" in html and "Über Technik" not in html


def test_article_feed_is_atom_with_full_text(client, article):
    response = client.get(reverse("articles:article_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "&lt;strong&gt;kurzer&lt;/strong&gt;" in response.content.decode()


def test_category_feed_has_only_the_category(client, make_article, category):
    other = category.__class__.objects.create(name="Kultur", slug="kultur")
    make_article(slug="x", title="Über Kultur", category=other)
    make_article(slug="y", title="Über Technik")
    body = client.get(reverse("articles:category_feed", kwargs={"slug": "kultur"})).content.decode()
    assert "Über Kultur" in body and "Über Technik" not in body


@pytest.mark.smoke
def test_sitemap_lists_published_articles_only(client, make_article):
    published = make_article(slug="sichtbar")
    make_article(slug="entwurf", status=Article.Status.DRAFT, published_at=None)
    make_article(slug="geplant", published_at=timezone.now() + timedelta(days=1))
    body = client.get("/sitemap.xml").content.decode()
    assert published.get_absolute_url() in body
    assert "/artikel/entwurf/" not in body and "/artikel/geplant/" not in body


def test_sitemap_lastmod_comes_from_latest_approved_comment(client, article, make_comment):
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - timedelta(days=30))
    make_comment(created_at=timezone.now() - timedelta(days=2))
    make_comment(status=Comment.Status.PENDING, created_at=timezone.now())
    body = client.get("/sitemap.xml").content.decode()
    expected = timezone.localdate(timezone.now() - timedelta(days=2)).isoformat()  # the sitemap shows local dates
    assert f"<lastmod>{expected}</lastmod>" in body


@pytest.mark.parametrize("number", ["abc", "999999", "-1", "1\x00", "0"])
def test_odd_page_numbers_give_a_page_not_an_error(client, article, number):
    assert client.get(reverse("articles:article_list"), {"page": number}).status_code == 200


@pytest.mark.parametrize("path", ["/artikel/a%00b/", "/artikel/rubrik/a%00/", "/artikel/serie/%00/feed/"])
def test_nul_bytes_in_urls_are_404(client, path):
    assert client.get(path).status_code == 404


def test_article_list_query_count_does_not_grow_with_articles(client, make_article, django_assert_max_num_queries):
    for number in range(3):
        make_article(slug=f"a{number}")
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:article_list"))
    for number in range(3, 25):
        make_article(slug=f"a{number}")
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:article_list"))


def test_reserved_slug_is_refused(article):
    article.slug = "moderation"
    with pytest.raises(Exception, match="reserviert"):
        article.full_clean()


def test_cover_image_needs_alt_text(article):
    article.cover_image = "articles/2026/bild.png"
    with pytest.raises(Exception, match="Titelbild"):
        article.full_clean()


def png_file(name="bild.png"):
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def admin_article_data(category, staff, **extra):
    data = {
        "title": "Mit Bild",
        "slug": "mit-bild",
        "author": staff.pk,
        "category": category.pk,
        "summary": "Ein Bild.",
        "body": "Text",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "comments_open": "on",
        "cover_alt": "",
        "series_position": "",
    }
    data.update(extra)
    return data


def test_staff_can_publish_an_article_with_a_cover_image_in_the_admin(client, staff, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    response = client.post(
        reverse("admin:articles_article_add"),
        admin_article_data(category, staff, cover_image=png_file(), cover_alt="Ein türkises Quadrat"),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="mit-bild")
    assert article.is_published
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{article.cover_image.url}" alt="Ein türkises Quadrat"' in html


def test_admin_refuses_a_cover_image_without_alt_text(client, staff, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff)
    response = client.post(
        reverse("admin:articles_article_add"), admin_article_data(category, staff, cover_image=png_file())
    )
    assert response.status_code == 200
    assert "cover_alt" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_admin_schedules_an_article_with_a_future_date(client, staff, category):
    client.force_login(staff)
    tomorrow = timezone.localtime() + timedelta(days=1)
    client.post(
        reverse("admin:articles_article_add"),
        admin_article_data(
            category,
            staff,
            published_at_0=tomorrow.strftime("%d.%m.%Y"),
            published_at_1=tomorrow.strftime("%H:%M:%S"),
        ),
    )
    article = Article.objects.get(slug="mit-bild")
    assert article.is_scheduled
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_the_admin_names_several_series_in_german_plural(client, staff):
    Series.objects.create(title="Grundlagen", slug="grundlagen")
    Series.objects.create(title="Vertiefung", slug="vertiefung")
    client.force_login(staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert ">Serien</a>" in index
    changelist = client.get(reverse("admin:articles_series_changelist")).content.decode()
    assert "2 Serien" in changelist
