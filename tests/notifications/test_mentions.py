"""@mentions in the one markup function: links to profiles, safe against injection."""

import pytest

from core.markup import render_markdown
from forum.models import Post
from tests.notifications.conftest import reply

pytestmark = pytest.mark.django_db


def test_a_mention_of_a_member_links_to_the_profile(thread, other_member, third_member):
    post = reply(thread, other_member, body="Danke, @Third!")
    assert '<a href="/mitglieder/third/" rel="nofollow ugc noopener">@Third</a>!' in post.body_html


def test_a_mention_of_no_member_stays_text(thread, other_member):
    post = reply(thread, other_member, body="Hallo @niemand")
    assert "<a" not in post.body_html and "@niemand" in post.body_html


def test_mentions_cannot_inject_markup():
    def resolve(names):
        return {name: f"/mitglieder/{name}/" for name in names}

    html = render_markdown('@x"onmouseover="alert(1) @<script>alert(1)</script> [@y](javascript:alert(1))',
                           mentions=resolve)  # fmt: skip
    assert '"onmouseover' not in html
    assert "<script" not in html and 'href="javascript' not in html
    assert '<a href="/mitglieder/x/"' in html


def test_the_markup_helper_without_a_resolver_links_no_mentions():
    assert render_markdown("@anna") == "<p>@anna</p>"


def test_deactivated_members_are_not_linked(thread, other_member, third_member):
    third_member.is_active = False
    third_member.save()
    post = reply(thread, other_member, body="@third")
    assert "<a" not in Post.objects.get(pk=post.pk).body_html
