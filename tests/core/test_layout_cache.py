"""The layout every page repeats (header, account menu, footer) comes from the fragment cache and the member's
permission set from the cache: what the reader sees must still change at once after their own action or a change
of their role, and nothing of one reader's layout may reach another."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts.roles import MODERATORS_GROUP
from tests.cache_helpers import memory_caches  # noqa: F401 - a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("memory_caches")]

QUEUE = reverse("portal:moderation_queue")


def page(client, path=None):
    return client.get(path or reverse("core:impressum")).content.decode()


def test_a_member_made_moderator_sees_the_moderator_links_at_once(client, member, moderator):
    client.force_login(member)
    assert QUEUE not in page(client)
    member.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    assert QUEUE in page(client)
    assert client.get(QUEUE).status_code == 200


def test_a_moderator_removed_from_the_group_loses_the_links_at_once(client, moderator):
    client.force_login(moderator)
    assert QUEUE in page(client)
    Group.objects.get(name=MODERATORS_GROUP).user_set.remove(moderator)
    assert QUEUE not in page(client)
    assert client.get(QUEUE).status_code == 403


def test_a_permission_taken_from_the_group_is_gone_at_once(client, moderator):
    client.force_login(moderator)
    assert QUEUE in page(client)
    Group.objects.get(name=MODERATORS_GROUP).permissions.clear()
    assert QUEUE not in page(client)


def test_a_permission_given_to_the_member_is_seen_at_once(client, member):
    client.force_login(member)
    assert QUEUE not in page(client)
    member.user_permissions.add(Permission.objects.get(content_type__app_label="forum", codename="moderate_forum"))
    assert QUEUE in page(client)


def test_a_deleted_group_takes_its_permissions_along_at_once(client, moderator):
    client.force_login(moderator)
    assert QUEUE in page(client)
    Group.objects.get(name=MODERATORS_GROUP).delete()
    assert QUEUE not in page(client)


def test_the_account_menu_shows_the_new_name_at_once(client, member):
    client.force_login(member)
    assert "Martha Member" in page(client)
    response = client.post(reverse("accounts:profile_edit"), {"display_name": "Marta Neu", "bio": ""})
    assert response.status_code == 302
    html = page(client)
    assert "Marta Neu" in html
    assert "Martha Member" not in html


def test_each_member_sees_their_own_menu(member, other_member):
    first, second = Client(), Client()
    first.force_login(member)
    second.force_login(other_member)
    assert "Martha Member" in page(first)
    html = page(second)
    assert "Otto Other" in html
    assert "Martha Member" not in html
    assert reverse("accounts:profile", kwargs={"username": "other"}) in html


def test_only_staff_get_the_administration_link(member, staff):
    first, second = Client(), Client()
    first.force_login(staff)
    second.force_login(member)
    assert reverse("admin:index") in page(first)
    assert reverse("admin:index") not in page(second)


def test_the_layout_follows_a_language_switch(client, member):
    client.force_login(member)
    assert "Abmelden" in page(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = page(client)
    assert "Log out" in html
    assert "Abmelden" not in html
    assert re.search(r'value="en"[^>]*\n?[^>]*aria-current="true"', html)


def test_the_language_switch_returns_to_the_page_it_is_on(client):
    html = page(client, reverse("core:privacy") + "?a=1&b=<x>")
    assert '<input type="hidden" name="next" value="/datenschutz/?a=1&amp;b=%3Cx%3E">' in html
    assert '<input type="hidden" name="next" value="/impressum/">' in page(client)


def test_logging_out_with_the_token_from_the_cached_menu(member, other_member):
    """The logout form's CSRF input is the reader's own, not the one of whoever filled the cache."""
    filler = Client()
    filler.force_login(other_member)
    page(filler)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    page(client)  # the CSRF cookie
    html = page(client)
    token = re.search(
        r'action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html
    )
    assert token, "the logout form carries a CSRF input"
    assert client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token[1]}).status_code == 302
    html = page(client)
    assert "Martha Member" not in html
    assert reverse("account_login") in html


def test_the_forum_section_is_marked_only_in_the_forum(client):
    assert 'aria-current="page" href="/forum/"' in page(client, reverse("forum:index"))
    assert 'aria-current="page" href="/forum/"' not in page(client)
