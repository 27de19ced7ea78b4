import time

import pytest
from django.test import Client
from django.urls import reverse

from articles import spam
from articles.models import Comment
from core.models import ModerationLogEntry
from portal.moderation_queue import pending_count

pytestmark = pytest.mark.django_db

ROLES = [None, "member", "moderator", "staff"]
ALLOWED = {"moderator", "staff"}


def login(client, role, request):
    if role:
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.fixture
def pending(make_comment):
    return make_comment(
        body="Bitte freischalten",
        status=Comment.Status.PENDING,
        email="rita@example.net",
        ip_address="203.0.113.9",
        hold_reason="Erster Kommentar dieser Person.",
        notify_on_approval=True,
    )


def action_url(comment, action):
    return reverse("articles:moderation_action", kwargs={"pk": comment.pk, "action": action})


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_is_for_moderators_and_staff_only(client, pending, role, request):
    response = login(client, role, request).get(reverse("articles:moderation_queue"))
    if role is None:
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    elif role in ALLOWED:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("action", "expected_status"),
    [("approve", Comment.Status.APPROVED), ("spam", Comment.Status.SPAM), ("reject", None)],
)
def test_moderation_actions_are_for_moderators_and_staff_only(client, pending, role, action, expected_status, request):
    response = login(client, role, request).post(action_url(pending, action))
    comment = Comment.objects.filter(pk=pending.pk).first()
    if role in ALLOWED:
        assert response.status_code == 302
        assert (comment.status if comment else None) == expected_status
    else:
        assert response.status_code == 403
        assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("role", ROLES)
def test_not_spam_is_for_moderators_and_staff_only(client, make_comment, role, request):
    comment = make_comment(status=Comment.Status.SPAM)
    response = login(client, role, request).post(action_url(comment, "not_spam"))
    comment.refresh_from_db()
    expected = Comment.Status.PENDING if role in ALLOWED else Comment.Status.SPAM
    assert response.status_code == (302 if role in ALLOWED else 403)
    assert comment.status == expected


@pytest.mark.parametrize("role", ROLES)
def test_bulk_actions_are_for_moderators_and_staff_only(client, pending, make_comment, role, request):
    other = make_comment(body="Auch wartend", status=Comment.Status.PENDING)
    response = login(client, role, request).post(
        reverse("articles:moderation_bulk"), {"action": "approve", "comments": [pending.pk, other.pk]}
    )
    approved = Comment.objects.filter(pk__in=[pending.pk, other.pk], status=Comment.Status.APPROVED).count()
    assert response.status_code == (302 if role in ALLOWED else 403)
    assert approved == (2 if role in ALLOWED else 0)


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_comment_is_for_moderators_and_staff_only(client, pending, role, request):
    url = reverse("articles:comment_edit", kwargs={"pk": pending.pk})
    login(client, role, request)
    get = client.get(url)
    response = client.post(url, {"name": "Rita", "email": "rita@example.net", "website": "", "body": "Geändert"})
    pending.refresh_from_db()
    if role in ALLOWED:
        assert get.status_code == 200 and response.status_code == 302
        assert pending.body == "Geändert" and pending.body_html == "<p>Geändert</p>"
    else:
        assert get.status_code == (302 if role is None else 403) and response.status_code == 403
        assert pending.body == "Bitte freischalten"


@pytest.mark.parametrize("role", ROLES)
def test_approve_and_reply_is_for_moderators_and_staff_only(client, pending, role, request):
    url = reverse("articles:comment_approve_reply", kwargs={"pk": pending.pk})
    response = login(client, role, request).post(url, {"body": "Danke für den Hinweis!"})
    pending.refresh_from_db()
    if role in ALLOWED:
        assert response.status_code == 302
        assert pending.status == Comment.Status.APPROVED
        reply = Comment.objects.get(parent=pending)
        assert reply.status == Comment.Status.APPROVED and reply.user.username == role
    else:
        assert response.status_code == 403
        assert pending.status == Comment.Status.PENDING and not pending.replies.exists()


def test_moderation_actions_require_csrf(pending, moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(action_url(pending, "approve")).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "articles:moderation_bulk",
        "articles:comment_edit",
        "articles:comment_approve_reply",
        "articles:moderation_action",
    ],
)
def test_every_moderation_post_requires_csrf(pending, moderator, name):
    kwargs = {"pk": pending.pk} if name != "articles:moderation_bulk" else {}
    if name == "articles:moderation_action":
        kwargs["action"] = "spam"
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(reverse(name, kwargs=kwargs), {"action": "spam", "comments": [pending.pk], "body": "x"})
    pending.refresh_from_db()
    assert response.status_code == 403 and pending.status == Comment.Status.PENDING


def test_bulk_action_ignores_odd_ids(client, pending, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("articles:moderation_bulk"),
        {"action": "approve", "comments": ["abc", "99999999999999999999999", "1\x00", str(pending.pk)]},
    )
    pending.refresh_from_db()
    assert response.status_code == 302 and pending.status == Comment.Status.APPROVED


def test_deleting_a_comment_in_the_admin_is_logged(client, staff, pending):
    client.force_login(staff)
    client.post(reverse("admin:articles_comment_delete", args=[pending.pk]), {"post": "yes"})
    assert not Comment.objects.filter(pk=pending.pk).exists()
    assert ModerationLogEntry.objects.filter(action="comment.reject", actor=staff).exists()


def test_moderation_action_needs_post(client, pending, moderator):
    client.force_login(moderator)
    assert client.get(action_url(pending, "approve")).status_code == 405


def test_unknown_action_or_comment_is_404(client, pending, moderator):
    client.force_login(moderator)
    assert client.post(action_url(pending, "explode")).status_code == 404
    assert client.post("/artikel/moderation/99999999999999999999999/approve/").status_code == 404


def test_queue_shows_email_ip_and_hold_reason_to_moderators(client, pending, moderator):
    client.force_login(moderator)
    html = client.get(reverse("articles:moderation_queue")).content.decode()
    for text in ["rita@example.net", "203.0.113.9", "Erster Kommentar dieser Person.", "Bitte freischalten"]:
        assert text in html


def test_queue_tabs_show_spam_and_recently_approved(client, make_comment, moderator):
    make_comment(body="Reine Werbung", status=Comment.Status.SPAM)
    make_comment(body="Schon frei")
    client.force_login(moderator)
    assert "Reine Werbung" in client.get(reverse("articles:moderation_queue"), {"status": "spam"}).content.decode()
    assert "Schon frei" in client.get(reverse("articles:moderation_queue"), {"status": "approved"}).content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_queue_query_count_does_not_grow_with_comments(
    client, make_comment, member, moderator, count, django_assert_max_num_queries
):
    parent = make_comment(user=member, name="", email="")
    for number in range(count):
        make_comment(body=f"Wartet {number}", status=Comment.Status.PENDING, parent=parent, user=member)
    client.force_login(moderator)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("articles:moderation_queue")).status_code == 200


@pytest.mark.parametrize("query", [{"status": "x\x00"}, {"page": "abc"}, {"page": "99999"}])
def test_queue_with_odd_parameters_still_answers(client, moderator, query):
    client.force_login(moderator)
    assert client.get(reverse("articles:moderation_queue"), query).status_code == 200


@pytest.mark.parametrize(
    ("action", "code"),
    [("approve", "comment.approve"), ("spam", "comment.spam"), ("reject", "comment.reject")],
)
def test_every_moderation_action_is_logged(client, pending, moderator, action, code):
    client.force_login(moderator)
    client.post(action_url(pending, action))
    entry = ModerationLogEntry.objects.get()
    assert entry.action == code and entry.actor == moderator and entry.object_id == str(pending.pk)


def test_edit_and_reply_are_logged(client, pending, moderator):
    client.force_login(moderator)
    client.post(
        reverse("articles:comment_edit", kwargs={"pk": pending.pk}),
        {"body": "Neu", "name": "R", "email": "r@example.net"},
    )
    client.post(reverse("articles:comment_approve_reply", kwargs={"pk": pending.pk}), {"body": "Antwort"})
    actions = set(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions == {"comment.edit", "comment.approve", "comment.reply"}


def test_moderation_log_is_visible_to_staff_in_the_admin(client, pending, moderator, staff):
    client.force_login(moderator)
    client.post(action_url(pending, "approve"))
    client.force_login(staff)
    html = client.get(reverse("admin:core_moderationlogentry_changelist")).content.decode()
    assert "Kommentar freigegeben" in html


def test_approved_comment_then_appears_on_the_article(client, pending, moderator, article):
    client.force_login(moderator)
    client.post(action_url(pending, "approve"))
    assert "Bitte freischalten" in Client().get(article.get_absolute_url()).content.decode()


def test_redirect_after_action_stays_on_this_site(client, pending, moderator):
    client.force_login(moderator)
    response = client.post(action_url(pending, "approve"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("articles:moderation_queue")


@pytest.mark.parametrize("target", ["abc", "moderation", "12345", "a:b", "[x](javascript:alert(1))", "\x00", "//x"])
def test_a_next_that_is_no_path_of_this_site_returns_to_the_queue(client, pending, moderator, target):
    # A bare word was taken by redirect() for the name of a URL pattern: a 500 after the action was done.
    client.force_login(moderator)
    response = client.post(action_url(pending, "approve"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:moderation_queue")
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED


def test_a_next_path_of_this_site_is_where_the_moderator_returns(client, pending, moderator):
    client.force_login(moderator)
    back = reverse("articles:moderation_queue") + "?tab=spam"
    assert client.post(action_url(pending, "approve"), {"next": back})["Location"] == back


def test_pending_count_counts_pending_comments_only(pending, make_comment, moderator):
    make_comment(status=Comment.Status.SPAM)
    make_comment(status=Comment.Status.APPROVED)
    assert pending_count(moderator) == 1


# E-mail


def post_comment(client, article, **extra):
    data = {
        "body": "Eine Frage zum Artikel",
        "name": "Rita Reader",
        "email": "rita@example.net",
        "timestamp": spam.sign_timestamp(time.time() - 30),
        **extra,
    }
    return client.post(reverse("articles:comment_create", kwargs={"slug": article.slug}), data)


def test_held_comment_is_mailed_to_moderators_after_commit(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(client, article, REMOTE_ADDR="203.0.113.50")
        assert mailoutbox == []  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()
    recipients = {address for message in mailoutbox for address in message.to}
    assert moderator.email in recipients
    message = next(m for m in mailoutbox if m.to == [moderator.email])
    assert reverse("articles:moderation_queue") in message.body


def test_moderator_mail_contains_neither_commenter_email_nor_ip(
    article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="203.0.113.50")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert mailoutbox
    for message in mailoutbox:
        assert "rita@example.net" not in message.body + message.subject
        assert "203.0.113.50" not in message.body + message.subject


def test_approved_comment_needs_no_moderator_mail(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert mailoutbox == []


def test_commenter_who_opted_in_is_mailed_on_approval(
    client, pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(pending, "approve"))
    assert [message.to for message in mailoutbox] == [["rita@example.net"]]
    assert pending.get_absolute_url() in mailoutbox[0].body


def test_commenter_who_did_not_opt_in_gets_no_mail(
    client, pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    Comment.objects.filter(pk=pending.pk).update(notify_on_approval=False)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url(pending, "approve"))
    assert mailoutbox == []


def test_notify_checkbox_is_off_by_default(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="notify_on_approval" class="checkboxinput form-check-input" id="id_notify_on_approval">' in html


# The admin


def test_admin_article_list_shows_approved_and_pending_counts(client, staff, article, make_comment):
    make_comment()
    make_comment(status=Comment.Status.PENDING)
    make_comment(status=Comment.Status.PENDING)
    client.force_login(staff)
    response = client.get(reverse("admin:articles_article_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row.approved_comment_count, row.pending_comment_count) == (1, 2)


def test_admin_approve_action_approves_and_logs(client, staff, pending):
    client.force_login(staff)
    client.post(
        reverse("admin:articles_comment_changelist"),
        {"action": "approve", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED
    assert ModerationLogEntry.objects.filter(action="comment.approve", actor=staff).exists()


def test_admin_bulk_publish_publishes_drafts(client, staff, make_article):
    draft = make_article(slug="entwurf", status="draft", published_at=None)
    client.force_login(staff)
    client.post(reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


def test_admin_view_on_site_of_a_draft_opens_the_preview(client, staff, make_article):
    from django.contrib.contenttypes.models import ContentType

    draft = make_article(slug="entwurf", status="draft", published_at=None)
    client.force_login(staff)
    content_type = ContentType.objects.get_for_model(draft)
    response = client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))
    assert response["Location"].endswith(draft.get_absolute_url())
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_queue_isolates_names_with_direction_marks(client, make_comment, moderator):
    make_comment(name="\u202eevil", status=Comment.Status.PENDING)
    client.force_login(moderator)
    assert "<bdi>\u202eevil</bdi>" in client.get(reverse("articles:moderation_queue")).content.decode()


def test_admin_edit_cannot_move_a_comment_to_another_thread_or_article(
    client, staff, article, make_article, make_comment
):
    comment = make_comment(body="Bleibt, wo er ist")
    other_article = make_article(slug="anderer")
    other_parent = make_comment(article=other_article, body="Fremder Faden")
    client.force_login(staff)
    response = client.post(
        reverse("admin:articles_comment_change", args=[comment.pk]),
        {
            "article": other_article.pk,
            "parent": other_parent.pk,
            "user": staff.pk,
            "name": "Rita Reader",
            "email": "rita@example.net",
            "website": "",
            "body": "Bleibt, wo er ist",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.article, comment.parent, comment.user) == (article, None, None)


def test_admin_comment_page_shows_its_article_and_parent(client, staff, article, make_comment):
    parent = make_comment(name="Paul Gast")
    reply = make_comment(parent=parent)
    client.force_login(staff)
    html = client.get(reverse("admin:articles_comment_change", args=[reply.pk])).content.decode()
    assert article.title in html and "Paul Gast" in html


def test_admin_bulk_unpublish_takes_articles_back_to_draft(client, staff, article):
    client.force_login(staff)
    client.post(reverse("admin:articles_article_changelist"), {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert not article.is_published
    assert Client().get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("approve", "Kommentar freigegeben."),
        ("spam", "Kommentar als Spam markiert."),
        ("not_spam", "Kommentar zurück in die Warteschlange gestellt."),
        ("reject", "Kommentar gelöscht."),
    ],
)
def test_each_comment_moderation_action_says_what_happened(client, pending, moderator, action, message):
    client.force_login(moderator)
    response = client.post(action_url(pending, action), follow=True)
    assert message in response.content.decode()


def test_bulk_action_says_how_many_comments_it_changed(client, pending, make_comment, moderator):
    other = make_comment(body="Noch einer", status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.post(
        reverse("articles:moderation_bulk"), {"action": "approve", "comments": [pending.pk, other.pk]}, follow=True
    )
    assert "2 Kommentare freigegeben." in response.content.decode()
