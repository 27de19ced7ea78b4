import pytest
from django.urls import reverse
from model_bakery import baker

from forum.models import Category
from tests.forum.conftest import build_thread, reply

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_index_lists_categories_with_counts_and_latest_post(client, thread, member):
    response = client.get(reverse("forum:index"))
    assert response.status_code == 200
    assert "Allgemeines" in response.text
    assert "Erstes Thema" in response.text
    assert "Martha Member" in response.text


def test_index_hides_members_only_category_from_anonymous(client, category):
    baker.make(Category, name="Hinterzimmer", slug="hinterzimmer", members_only=True)
    assert "Hinterzimmer" not in client.get(reverse("forum:index")).text


def test_members_only_category_is_404_for_anonymous(client):
    baker.make(Category, name="Hinterzimmer", slug="hinterzimmer", members_only=True)
    assert client.get(reverse("forum:category_detail", args=["hinterzimmer"])).status_code == 404


def test_members_only_category_is_readable_by_member(client, member):
    baker.make(Category, name="Hinterzimmer", slug="hinterzimmer", members_only=True)
    client.force_login(member)
    assert client.get(reverse("forum:category_detail", args=["hinterzimmer"])).status_code == 200


def test_category_lists_pinned_threads_first(client, category, member):
    from forum import services

    old = services.start_thread(category=category, author=member, title="Alt aber angeheftet", body="x")
    services.start_thread(category=category, author=member, title="Neu", body="y")
    old.is_pinned = True
    old.save()
    text = client.get(category.get_absolute_url()).text
    assert text.index("Alt aber angeheftet") < text.index("Neu</a>")


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999", "\x00"])
def test_category_page_with_bad_number_is_404(client, category, page):
    assert client.get(category.get_absolute_url(), {"page": page}).status_code == 404


def test_category_page_past_the_end_is_404(client, thread, category):
    assert client.get(category.get_absolute_url(), {"page": 2}).status_code == 404


def test_category_second_page_exists_when_threads_fill_the_first(client, category, member, settings):
    from forum import services

    settings.FORUM_THREADS_PER_PAGE = 2
    for number in range(3):
        services.start_thread(category=category, author=member, title=f"Thema {number}", body="x")
    response = client.get(category.get_absolute_url(), {"page": 2})
    assert response.status_code == 200
    assert 'rel="prev"' in response.text


def test_thread_shows_opening_post_rendered_as_html(client, thread):
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert "<em>Welt</em>" in response.text


def test_thread_with_old_slug_redirects_permanently_to_canonical_url(client, thread):
    url = reverse("forum:thread_detail", kwargs={"pk": thread.pk, "slug": "alter-titel"})
    response = client.get(url + "?page=1")
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url() + "?page=1"


def test_thread_url_without_slug_redirects(client, thread):
    response = client.get(reverse("forum:thread_redirect", args=[thread.pk]))
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


def test_thread_url_without_slug_keeps_the_page_and_view_asked_for(client, thread):
    response = client.get(reverse("forum:thread_redirect", args=[thread.pk]) + "?view=chrono&page=3")
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url() + "?view=chrono&page=3"


def test_threaded_view_nests_reply_under_its_parent(client, thread, member, other_member):
    first = reply(thread, other_member, "Erste Antwort")
    reply(thread, member, "Zweite Antwort")
    nested = reply(thread, member, "Antwort auf die erste", parent=first)
    text = client.get(thread.get_absolute_url(), {"view": "threaded"}).text
    assert text.index("Erste Antwort") < text.index("Antwort auf die erste") < text.index("Zweite Antwort")
    assert f'id="post-{nested.pk}" class="forum-post card mb-2 forum-indent-2' in text


def test_chronological_view_shows_posts_oldest_first_with_reply_reference(client, thread, member, other_member):
    first = reply(thread, other_member, "Erste Antwort")
    reply(thread, member, "Zweite Antwort")
    nested = reply(thread, member, "Antwort auf die erste", parent=first)
    text = client.get(thread.get_absolute_url(), {"view": "chrono"}).text
    assert text.index("Erste Antwort") < text.index("Zweite Antwort") < text.index("Antwort auf die erste")
    assert "Antwort auf" in text and "#2</a>" in text
    assert f'id="post-{nested.pk}" class="forum-post card mb-2 forum-indent-0' in text


def test_reply_reference_names_the_parent_author_by_display_name_with_a_link_to_the_profile(
    client, thread, member, other_member
):
    first = reply(thread, other_member, "Erste Antwort")
    reply(thread, member, "Zweite Antwort")
    reply(thread, member, "Antwort auf die erste", parent=first)
    text = client.get(thread.get_absolute_url(), {"view": "chrono"}).text
    profile = reverse("accounts:profile", kwargs={"username": "other"})
    assert f'Antwort auf <a href="{profile}">Otto Other</a>' in text
    assert "@other" not in text


def test_unknown_view_is_404(client, thread):
    assert client.get(thread.get_absolute_url(), {"view": "\x00"}).status_code == 404


@pytest.mark.parametrize("view", ["threaded", "chrono"])
@pytest.mark.parametrize("page", ["abc", "0", "2", "\x00"])
def test_thread_page_that_does_not_exist_is_404(client, thread, view, page):
    assert client.get(thread.get_absolute_url(), {"view": view, "page": page}).status_code == 404


@pytest.mark.parametrize("param", [{"after": "12\x00"}, {"after": "123"}, {"branch": "x"}, {"branch": "999999"}])
def test_thread_page_with_bad_cursor_is_404(client, thread, param):
    assert client.get(thread.get_absolute_url(), {"view": "threaded", **param}).status_code == 404


@pytest.mark.parametrize("remembered", ["threaded", "chrono"])
@pytest.mark.parametrize("query", ["?after=zzz", "?after=", "?after=0000001x", "?branch=zzz", "?branch="])
def test_a_malformed_cursor_is_404_in_either_view(client, thread, remembered, query):
    client.get(thread.get_absolute_url(), {"view": remembered})  # the view this reader has chosen
    assert client.get(thread.get_absolute_url() + query).status_code == 404
    assert client.get(thread.get_absolute_url() + query + f"&view={remembered}").status_code == 404


def test_a_well_formed_cursor_is_ignored_by_the_chronological_view(client, thread):
    first_post_path = thread.posts.get().path
    response = client.get(thread.get_absolute_url(), {"view": "chrono", "after": first_post_path})
    assert response.status_code == 200
    assert "Hallo <em>Welt</em>" in response.content.decode()


def test_view_choice_is_remembered_for_the_member(client, thread, member):
    reply(thread, member, "Eine Antwort")
    client.force_login(member)
    client.get(thread.get_absolute_url(), {"view": "chrono"})
    client.logout()
    client.force_login(member)
    response = client.get(thread.get_absolute_url())
    assert response.context["view"] == "chrono"


def test_view_choice_is_remembered_in_a_cookie_for_anonymous_readers(client, thread):
    client.get(thread.get_absolute_url(), {"view": "chrono"})
    assert client.get(thread.get_absolute_url()).context["view"] == "chrono"


def test_anonymous_reader_switching_views_gets_no_session(client, thread):
    response = client.get(thread.get_absolute_url(), {"view": "chrono"})
    assert "sessionid" not in response.cookies
    assert response.cookies["forum_view"].value == "chrono"


def test_chronological_pages_split_at_the_page_size(client, category, member, settings):
    settings.FORUM_POSTS_PER_PAGE = 10
    thread = build_thread(category, member, 25)
    response = client.get(thread.get_absolute_url(), {"view": "chrono", "page": 3})
    assert [post.position for post in response.context["posts"]] == [21, 22, 23, 24, 25, 26]
    assert client.get(thread.get_absolute_url(), {"view": "chrono", "page": 4}).status_code == 404


def test_threaded_pages_hold_a_fixed_number_of_branches(client, category, member, settings):
    settings.FORUM_BRANCHES_PER_PAGE = 5
    thread = build_thread(category, member, 30, nested_every=2)
    response = client.get(thread.get_absolute_url(), {"view": "threaded", "page": 2})
    branches = {post.branch_number for post in response.context["posts"]}
    assert branches == {6, 7, 8, 9, 10}


def test_deep_branch_shows_more_replies_link_and_branch_page(client, category, member, settings):
    settings.FORUM_THREADED_DEPTH = 3
    thread = build_thread(category, member, 8, nested_every=1)  # one chain eight levels deep
    response = client.get(thread.get_absolute_url(), {"view": "threaded"})
    assert max(post.depth for post in response.context["posts"]) == 3
    capped = next(post for post in response.context["posts"] if post.depth == 3)
    assert capped.hidden_replies == 5
    assert "5 weitere Antworten anzeigen" in response.text
    branch = client.get(thread.get_absolute_url(), {"view": "threaded", "branch": capped.pk})
    assert [post.depth for post in branch.context["posts"]] == [3, 4, 5, 6]


def test_long_threaded_page_continues_after_a_cursor(client, category, member, settings):
    settings.FORUM_THREADED_MAX_POSTS = 4
    settings.FORUM_BRANCHES_PER_PAGE = 10
    thread = build_thread(category, member, 9)
    first = client.get(thread.get_absolute_url(), {"view": "threaded"})
    assert len(first.context["posts"]) == 4
    rest = client.get(first.context["next_url"])
    assert len(rest.context["posts"]) == 4
    assert rest.context["posts"][0].path > first.context["posts"][-1].path


@pytest.mark.parametrize("view", ["threaded", "chrono"])
def test_permalink_redirects_to_page_and_anchor(client, category, member, settings, view):
    settings.FORUM_POSTS_PER_PAGE = 10
    settings.FORUM_BRANCHES_PER_PAGE = 5
    thread = build_thread(category, member, 40)
    post = thread.posts.get(position=35)
    response = client.get(reverse("forum:post_permalink", args=[post.pk]), {"view": view})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert post in page.context["posts"]
    assert response["Location"].endswith(f"#post-{post.pk}")


def test_permalink_to_a_deep_post_opens_its_branch(client, category, member, settings):
    settings.FORUM_THREADED_DEPTH = 3
    thread = build_thread(category, member, 8, nested_every=1)
    deep = thread.posts.get(depth=6)
    location = client.get(reverse("forum:post_permalink", args=[deep.pk]), {"view": "threaded"})["Location"]
    assert "branch=" in location
    assert deep in client.get(location).context["posts"]


def test_permalink_to_unknown_post_is_404(client, db):
    assert client.get(reverse("forum:post_permalink", args=[999999])).status_code == 404


def test_anonymous_reader_sees_login_invitation_instead_of_reply_form(client, thread):
    text = client.get(thread.get_absolute_url()).text
    assert "Anmelden, um mitzudiskutieren" in text
    assert 'class="forum-reply-form"' not in text


def test_reply_beyond_the_deepest_path_sits_next_to_its_parent_and_names_it(client, thread, member):
    from forum.models import PATH_MAX_DEPTH

    parent = None
    for _ in range(PATH_MAX_DEPTH + 1):
        parent = reply(thread, member, "tiefer", parent=parent)
    assert parent.depth == PATH_MAX_DEPTH
    assert parent.parent.depth == PATH_MAX_DEPTH
    response = client.get(reverse("forum:post_permalink", args=[parent.pk]), {"view": "threaded"}, follow=True)
    assert parent in response.context["posts"]
    parent_link = f'<a href="/forum/p/{parent.parent.pk}/?view=chrono">#{parent.parent.position}</a>'
    assert f">Martha Member</a> {parent_link}" in response.text


@pytest.mark.parametrize("after", ["9999999", "0000009", "0000001"])
def test_threaded_cursor_outside_the_page_or_past_its_end_is_404(client, category, member, settings, after):
    settings.FORUM_BRANCHES_PER_PAGE = 3
    thread = build_thread(category, member, 9)  # page 2 holds the branches 4 to 6
    response = client.get(thread.get_absolute_url(), {"view": "threaded", "page": 2, "after": after})
    assert response.status_code == 404


def test_threaded_cursor_inside_the_page_shows_the_rest_of_it(client, category, member, settings):
    settings.FORUM_BRANCHES_PER_PAGE = 3
    thread = build_thread(category, member, 9)
    response = client.get(thread.get_absolute_url(), {"view": "threaded", "page": 2, "after": "0000004"})
    assert [post.branch_number for post in response.context["posts"]] == [5, 5, 6]


def test_subcategory_added_under_a_members_only_category_is_hidden_from_anonymous(client, staff, member):
    from forum import services

    parent = baker.make(Category, name="Hinterzimmer", slug="hinterzimmer", members_only=True)
    client.force_login(staff)
    add = client.post(
        reverse("admin:forum_category_add"),
        {"name": "Stammtischkasse", "slug": "kasse", "parent": parent.pk, "order": 0},
    )
    assert add.status_code == 302
    child = Category.objects.get(slug="kasse")
    services.start_thread(category=child, author=member, title="Kassenstand Juni", body="Geheim")
    client.logout()
    assert client.get(child.get_absolute_url()).status_code == 404
    assert "Kassenstand" not in client.get("/sitemap.xml").text
    assert "Kassenstand" not in client.get(member.get_absolute_url()).text


def test_making_a_category_members_only_takes_its_subcategories_along(client, staff):
    parent = baker.make(Category, name="Werkstatt", slug="werkstatt")
    child = baker.make(Category, name="Holz", slug="holz", parent=parent)
    client.force_login(staff)
    change = client.post(
        reverse("admin:forum_category_change", args=[parent.pk]),
        {"name": "Werkstatt", "slug": "werkstatt", "order": 0, "members_only": "on"},
    )
    assert change.status_code == 302
    client.logout()
    assert client.get(child.get_absolute_url()).status_code == 404


def test_anonymous_reader_is_not_invited_to_a_locked_thread_or_closed_category(client, thread, category):
    from forum.models import Thread

    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    text = client.get(thread.get_absolute_url()).text
    assert "Anmelden, um mitzudiskutieren" not in text
    assert "Dieses Thema nimmt keine neuen Antworten an." in text
    category.is_closed = True
    category.save()
    text = client.get(category.get_absolute_url()).text
    assert "Anmelden, um mitzudiskutieren" not in text
    assert "Dieser Bereich ist geschlossen." in text


@pytest.mark.parametrize(
    ("role", "pages"),
    [("anonymous", 2), ("author of the held thread", 3), ("other member", 2), ("moderator", 3)],
)
def test_category_pages_count_the_threads_each_reader_sees(
    client, category, member, other_member, moderator, settings, role, pages
):
    from forum import services

    settings.FORUM_THREADS_PER_PAGE = 2
    for number in range(4):
        services.start_thread(category=category, author=member, title=f"Thema {number}", body="x")
    settings.FORUM_HOLD_FIRST_POSTS = 1
    held = services.start_thread(category=category, author=other_member, title="Wartet", body="y")
    assert held.is_held
    reader = {"author of the held thread": other_member, "other member": member, "moderator": moderator}.get(role)
    if reader:
        client.force_login(reader)
    assert client.get(category.get_absolute_url(), {"page": pages}).status_code == 200
    assert client.get(category.get_absolute_url(), {"page": pages + 1}).status_code == 404
    last_page = client.get(category.get_absolute_url(), {"page": pages}).text
    assert ("Wartet" in last_page or "Wartet" in client.get(category.get_absolute_url()).text) == (pages == 3)
