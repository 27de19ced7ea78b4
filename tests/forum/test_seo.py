import json
import re

import pytest
from django.urls import reverse

from forum import services
from tests.forum.conftest import build_thread, reply

pytestmark = pytest.mark.django_db


def structured_data(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_thread_page_has_discussion_forum_posting_structured_data(client, thread, other_member):
    reply(thread, other_member, "Gute Frage")
    data = structured_data(client.get(thread.get_absolute_url()))
    assert data["@type"] == "DiscussionForumPosting"
    assert data["headline"] == "Erstes Thema"
    assert data["text"] == "Hallo Welt"
    assert data["author"]["name"] == "Martha Member"
    assert data["comment"][0]["text"] == "Gute Frage"


def test_script_end_tag_in_user_text_cannot_break_out_of_the_structured_data(client, category, member):
    thread = services.start_thread(
        category=category, author=member, title="</script><script>alert(1)</script>", body="`</script>`"
    )
    response = client.get(thread.get_absolute_url())
    data = structured_data(response)
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in response.text


def test_ampersand_and_angle_brackets_reach_description_and_structured_data_once_escaped(client, category, member):
    thread = services.start_thread(category=category, author=member, title="Comics", body="Tom & Jerry <3")
    response = client.get(thread.get_absolute_url())
    assert structured_data(response)["text"] == "Tom & Jerry <3"
    assert '<meta name="description" content="Tom &amp; Jerry &lt;3">' in response.text


def test_markup_with_angle_brackets_in_attributes_becomes_plain_text_in_the_structured_data(client, category, member):
    body = '[Seite "a>b"](https://example.org/?a=1&b=2 "Titel > mit <Klammern>") und `x > y`, **Mit**glied\n\n- eins'
    thread = services.start_thread(category=category, author=member, title="Links", body=body)
    text = structured_data(client.get(thread.get_absolute_url()))["text"]
    assert text == 'Seite "a>b" und x > y, Mitglied eins'


def test_structured_data_is_left_out_for_members(client, thread, member):
    # It is for search engines, which read anonymously; members' pages are rendered per request.
    client.force_login(member)
    assert "application/ld+json" not in client.get(thread.get_absolute_url()).text


def test_hidden_post_text_is_not_in_the_structured_data(client, thread, other_member, moderator):
    hidden = reply(thread, other_member, "Geheimnis")
    services.hide_post(post=hidden, moderator=moderator, reason="x")
    assert "Geheimnis" not in client.get(thread.get_absolute_url()).text


def test_thread_page_has_canonical_url_and_open_graph_tags(client, thread):
    text = client.get(thread.get_absolute_url()).text
    assert f'<link rel="canonical" href="http://testserver{thread.get_absolute_url()}">' in text
    assert '<meta property="og:title" content="Erstes Thema">' in text
    assert '<meta property="og:description" content="Hallo Welt">' in text


def test_middle_page_links_to_previous_and_next_page(client, category, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 5
    thread = build_thread(category, member, 20)
    text = client.get(thread.get_absolute_url(), {"view": "chrono", "page": 2}).text
    assert f'<link rel="prev" href="{thread.get_absolute_url()}?view=chrono">' in text
    assert f'<link rel="next" href="{thread.get_absolute_url()}?view=chrono&amp;page=3">' in text
    assert f'<link rel="canonical" href="http://testserver{thread.get_absolute_url()}?view=chrono&amp;page=2">' in text


def test_sitemap_lists_public_threads_only(client, thread, category, member, moderator):
    hidden = services.start_thread(category=category, author=member, title="Versteckt", body="x")
    services.hide_thread(thread=hidden, moderator=moderator, reason="x")
    text = client.get(reverse("django.contrib.sitemaps.views.sitemap")).text
    assert thread.get_absolute_url() in text
    assert hidden.get_absolute_url() not in text


def test_thread_page_is_readable_without_javascript_and_sets_no_inline_script(client, thread):
    text = client.get(thread.get_absolute_url()).text
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", text)
    assert inline_scripts == []
    assert "style=" not in text


def test_later_pages_describe_the_thread_with_its_opening_post(client, category, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 5
    thread = build_thread(category, member, 12)
    response = client.get(thread.get_absolute_url(), {"view": "chrono", "page": 3})
    assert structured_data(response)["text"] == "Der Anfang"
    assert '<meta name="description" content="Der Anfang">' in response.text
