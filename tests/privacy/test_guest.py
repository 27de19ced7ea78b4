import json
import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from articles.models import Comment
from privacy.views import GUEST_SALT
from tests.privacy.conftest import comment

REQUEST = reverse("privacy:guest_request")


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()


@pytest.fixture
def guest_comments(article):
    first = comment(article, "Gastkommentar", name="Rita", email="Rita@Example.net", notify_on_approval=True)
    comment(article, "Zweiter", name="Rita", email="rita@example.net", status=Comment.Status.PENDING)
    comment(article, "Fremder", name="Udo", email="udo@example.net")
    return first


def link_for(email):
    return reverse("privacy:guest_comments", kwargs={"token": signing.dumps(email, salt=GUEST_SALT, compress=True)})


def test_comment_form_links_to_my_comments(client, article):
    assert f'href="{REQUEST}"' in client.get(article.get_absolute_url()).text


def test_privacy_page_links_to_my_comments(client, privacy_page):
    assert f'href="{REQUEST}"' in client.get(reverse("core:privacy")).text


def test_known_address_gets_a_link_by_mail(client, guest_comments, mailoutbox):
    response = client.post(REQUEST, {"email": "rita@example.net"})
    assert response.status_code == 200
    assert mailoutbox[-1].to == ["rita@example.net"]
    path = re.search(r"https?://[^/]+(/kommentare/meine/\S+/)", mailoutbox[-1].body).group(1)
    page = client.get(path)
    assert "Gastkommentar" in page.text and "Zweiter" in page.text
    assert "Fremder" not in page.text


def test_unknown_address_gets_the_same_answer_and_no_mail(client, guest_comments, mailoutbox):
    known = client.post(REQUEST, {"email": "rita@example.net"})
    unknown = client.post(REQUEST, {"email": "nobody@example.net"})
    assert unknown.status_code == known.status_code == 200
    strip = lambda response: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)  # noqa: E731
    assert strip(unknown) == strip(known)
    assert [m.to for m in mailoutbox] == [["rita@example.net"]]


def test_invalid_address_keeps_the_text_and_says_why(client):
    response = client.post(REQUEST, {"email": "kein-at-zeichen"})
    assert response.status_code == 400
    assert 'value="kein-at-zeichen"' in response.text


def test_links_are_rate_limited_per_address(client, guest_comments, mailoutbox):
    client.post(REQUEST, {"email": "rita@example.net"})
    response = client.post(REQUEST, {"email": "rita@example.net"})
    assert response.status_code == 429
    assert len(mailoutbox) == 1


def test_links_are_rate_limited_per_network(client, mailoutbox):
    for number in range(5):
        assert client.post(REQUEST, {"email": f"a{number}@example.net"}).status_code == 200
    assert client.post(REQUEST, {"email": "a9@example.net"}).status_code == 429


def test_forged_link_shows_nothing(client, guest_comments):
    token = signing.dumps("rita@example.net", salt="something-else")
    response = client.get(reverse("privacy:guest_comments", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Gastkommentar" not in response.text


def test_forged_link_deletes_nothing(client, guest_comments):
    token = signing.dumps("rita@example.net", salt=GUEST_SALT)[:-3] + "abc"
    client.post(reverse("privacy:guest_comments", kwargs={"token": token}), {"action": "delete"})
    assert Comment.objects.count() == 3


def test_expired_link_does_nothing(client, guest_comments, settings):
    url = link_for("rita@example.net")
    settings.GUEST_LINK_MAX_AGE_HOURS = -1
    assert client.post(url, {"action": "delete"}).status_code == 404
    assert Comment.objects.count() == 3


def test_guest_exports_their_comments_as_json(client, guest_comments):
    response = client.post(link_for("rita@example.net"), {"action": "export"})
    assert response.status_code == 200
    data = json.loads(b"".join(response.streaming_content))
    assert sorted(c["body"] for c in data["article_comments"]) == ["Gastkommentar", "Zweiter"]


def test_guest_deletes_all_their_comments_and_nobody_elses(client, guest_comments):
    response = client.post(link_for("rita@example.net"), {"action": "delete"})
    assert response.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["Fremder"]


def test_guest_withdraws_the_approval_notification(client, guest_comments):
    client.post(link_for("rita@example.net"), {"action": "withdraw"})
    guest_comments.refresh_from_db()
    assert not guest_comments.notify_on_approval
    assert Comment.objects.count() == 3


def test_members_comments_are_not_reachable_by_their_address(client, member, article):
    comment(article, "Mitgliedskommentar", user=member)
    page = client.get(link_for(member.email))
    assert "Mitgliedskommentar" not in page.text


@pytest.fixture
def reply_subscriptions(guest_comments, article):
    from django.utils import timezone

    from notifications.models import GuestSubscription

    answered = comment(article, "Antwort an Rita", name="Udo", email="udo@example.net", parent=guest_comments)
    confirmed = GuestSubscription.objects.create(
        comment=guest_comments, email="rita@example.net", confirmed_at=timezone.now()
    )
    udos = GuestSubscription.objects.create(comment=answered, email="udo@example.net", confirmed_at=timezone.now())
    return confirmed, udos


def test_guest_withdraws_the_reply_subscriptions_too(client, reply_subscriptions):
    confirmed, udos = reply_subscriptions
    response = client.post(link_for("Rita@example.net"), {"action": "withdraw"}, follow=True)
    assert "Abbestellte Benachrichtigungen: 2" in response.text
    confirmed.refresh_from_db()
    udos.refresh_from_db()
    assert confirmed.cancelled_at is not None
    assert udos.cancelled_at is None


def test_guest_export_and_page_hold_the_reply_subscriptions(client, reply_subscriptions):
    data = json.loads(b"".join(client.post(link_for("rita@example.net"), {"action": "export"}).streaming_content))
    [subscription] = data["notification_subscriptions"]
    assert subscription["email"] == "rita@example.net" and subscription["confirmed_at"]
    assert 'id="guest-notification_subscriptions"' in client.get(link_for("rita@example.net")).text


def test_guest_deleting_the_comments_removes_the_reply_subscriptions(client, reply_subscriptions):
    from notifications.models import GuestSubscription

    client.post(link_for("rita@example.net"), {"action": "delete"})
    assert list(GuestSubscription.objects.values_list("email", flat=True)) == ["udo@example.net"]
    # The answered comment stays as a placeholder, without its subscription.
    assert Comment.objects.filter(pk=reply_subscriptions[0].comment_id).exists()


def test_address_with_only_a_reply_subscription_gets_a_link(client, article, mailoutbox):
    from notifications.models import GuestSubscription

    kept = comment(article, "Alt", name="Rita", email="old@example.net")
    GuestSubscription.objects.create(comment=kept, email="new@example.net")
    client.post(REQUEST, {"email": "new@example.net"})
    assert len(mailoutbox) == 1
