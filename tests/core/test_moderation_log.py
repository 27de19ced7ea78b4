"""The moderation log in the admin: German labels instead of action codes, filters that offer what is logged."""

import re

import pytest
from django.urls import reverse

from core.moderation import action_label, log_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(moderator, other_member):
    # Any object will do as the target; the action code decides the label.
    log_action(actor=moderator, action="forum.thread.lock", target=other_member, reason="Alles gesagt")
    log_action(actor=moderator, action="comment.approve", target=other_member)


def changelist(client, staff, **query):
    client.force_login(staff)
    return client.get(reverse("admin:core_moderationlogentry_changelist"), query).content.decode()


def test_every_logged_action_of_the_apps_has_a_german_label():
    codes = [
        "comment.approve", "comment.spam", "comment.not_spam", "comment.reject", "comment.edit", "comment.reply",
        "forum.post.edit", "forum.post.restore", "forum.post.hide", "forum.post.unhide", "forum.post.approve",
        "forum.post.reject", "forum.thread.lock", "forum.thread.unlock", "forum.thread.pin", "forum.thread.unpin",
        "forum.thread.hide", "forum.thread.unhide", "forum.thread.move", "forum.thread.rename",
        "forum.report.resolve", "forum.report.dismiss",
    ]  # fmt: skip
    labels = [str(action_label(code)) for code in codes]
    assert not [code for code, label in zip(codes, labels, strict=True) if label == code]
    assert "Thema gesperrt" in labels and "Kommentar freigegeben" in labels


def test_log_shows_labels_instead_of_action_codes(client, staff, logged):
    html = changelist(client, staff)
    assert "Thema gesperrt" in html and "Kommentar freigegeben" in html
    assert ">forum.thread.lock<" not in html and ">comment.approve<" not in html


def test_action_filter_offers_only_the_logged_actions_by_label(client, staff, logged):
    html = changelist(client, staff)
    assert "?action=forum.thread.lock" in html
    assert "?action=forum.post.hide" not in html
    assert "Thema gesperrt" in changelist(client, staff, action="forum.thread.lock")
    assert "Kommentar freigegeben" not in changelist(client, staff, action="forum.thread.lock").split("</thead>")[1]


def test_type_filter_offers_only_the_types_of_logged_objects(client, staff, logged):
    html = changelist(client, staff)
    assert html.count("content_type__id__exact=") == 1  # the one type logged (users, here)
    for unrelated in ("Sitzung", "Inhaltstyp", "Berechtigung"):
        assert unrelated not in html


def test_log_entry_page_shows_the_label(client, staff, logged):
    from core.models import ModerationLogEntry

    entry = ModerationLogEntry.objects.get(action="forum.thread.lock")
    client.force_login(staff)
    html = client.get(reverse("admin:core_moderationlogentry_change", args=[entry.pk])).content.decode()
    assert "Thema gesperrt" in html


def test_the_changelist_counts_entries_in_german_plural(client, staff, logged):
    html = changelist(client, staff)
    assert "2 Moderationsprotokoll-Einträge" in html
    assert "2 Moderationsprotokoll\n" not in html and "2 Moderationsprotokoll<" not in html


def test_entries_whose_type_is_gone_are_filtered_as_without_type(client, staff, logged):
    from core.models import ModerationLogEntry

    ModerationLogEntry.objects.filter(action="comment.approve").update(content_type=None)
    html = changelist(client, staff)
    assert ">ohne Typ</a>" in html
    assert "content_type__isnull=True" in html
    assert not re.search(r'content_type__isnull=True"[^>]*>-</a>', html)
    filtered = changelist(client, staff, content_type__isnull="True")
    assert "1 Moderationsprotokoll-Eintrag" in filtered
