from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from articles.models import Comment
from privacy.models import AccountErasure, DataExport
from privacy.tasks import run_retention_daily
from tests.privacy.conftest import comment


def run(*args):
    out = StringIO()
    call_command("run_retention", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_retention_truncates_old_comment_ips_and_keeps_new_ones(article):
    old = comment(article, name="A", email="a@example.net", ip_address="203.0.113.77")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    new = comment(article, name="B", email="b@example.net", ip_address="203.0.113.78")
    run()
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.ip_address == "203.0.113.0"
    assert new.ip_address == "203.0.113.78"


def test_retention_erases_accounts_whose_grace_period_is_over(member, other_member):
    AccountErasure.objects.create(user=member, erase_after=timezone.now() - timedelta(minutes=1))
    AccountErasure.objects.create(user=other_member, erase_after=timezone.now() + timedelta(days=1))
    run()
    assert not User.objects.filter(pk=member.pk, username="member").exists()
    assert User.objects.get(pk=other_member.pk).erased_at is None


def test_retention_deletes_expired_exports_and_their_files(member):
    export = DataExport.objects.create(user=member, status="ready", expires_at=timezone.now() - timedelta(hours=1))
    export.path.parent.mkdir(parents=True, exist_ok=True)
    export.path.write_bytes(b"zip")
    run()
    assert not DataExport.objects.exists()
    assert not export.path.exists()


def test_schedule_needs_a_backend_that_runs_jobs_later(db):
    # The test settings use the immediate backend, which cannot defer: the command says to use cron instead.
    assert "cron" in run("--schedule")


def test_daily_task_runs_the_retention(member):
    AccountErasure.objects.create(user=member, erase_after=timezone.now() - timedelta(minutes=1))
    run_retention_daily.enqueue()
    member.refresh_from_db()
    assert member.erased_at is not None


def test_privacy_statement_names_the_periods_from_the_settings(client, settings, privacy_page):
    settings.COMMENTS_IP_RETENTION_DAYS = 31
    settings.ACCOUNT_ERASURE_GRACE_DAYS = 9
    settings.FORUM_DELETED_POSTS_GRACE_DAYS = 21
    settings.NOTIFICATIONS_KEEP_READ_DAYS = 77
    text = client.get(reverse("core:privacy")).text
    assert "31 Tagen" in text
    assert "9 Tagen" in text
    assert "21 Tage</strong> wiederherstellen" in text
    assert "77 Tage</strong> nach dem Lesen" in text
    assert "[[" not in text


def test_schedule_enqueues_one_self_repeating_daily_run_in_the_database_queue(db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert "is scheduled" in run("--schedule")
    assert "scheduled already" in run("--schedule")
    assert DBTaskResult.objects.filter(task_path="privacy.tasks.run_retention_daily").count() == 1
    # The worker claims the run; the run enqueues the next one for a day later.
    DBTaskResult.objects.update(status="RUNNING")
    run_retention_daily.call()
    waiting = DBTaskResult.objects.get(task_path="privacy.tasks.run_retention_daily", status="READY")
    assert waiting.run_after > timezone.now() + timedelta(hours=23)


def test_privacy_statement_names_likes_bookmarks_read_positions_and_notifications(client, privacy_page):
    text = client.get(reverse("core:privacy")).text
    for words in ("Gefällt mir", "Merkliste", "Lesestand", "Benachrichtigungen", "Abbestellen", "solange das Konto"):
        assert words in text, words


@pytest.mark.parametrize(
    "name",
    [
        "0004_privacy_statement_reactions_notifications",
        "0005_privacy_statement_deleted_posts",
        "0006_privacy_statement_notifications_period",
    ],
)
def test_privacy_statement_migration_replaces_only_the_unchanged_default(db, name):
    from importlib import import_module

    from django.apps import apps

    from core.models import LegalPage

    migration = import_module(f"privacy.migrations.{name}")
    assert migration.DATENSCHUTZ != migration.PREVIOUS
    LegalPage.objects.update_or_create(kind="datenschutz", defaults={"body": migration.PREVIOUS})
    migration.update_text(apps, None)
    assert LegalPage.objects.get(kind="datenschutz").body == migration.DATENSCHUTZ
    LegalPage.objects.filter(kind="datenschutz").update(body="Unser eigener Text.")
    migration.update_text(apps, None)
    assert LegalPage.objects.get(kind="datenschutz").body == "Unser eigener Text."


def test_retention_purges_the_text_of_posts_deleted_longer_ago_than_the_grace_period(
    client, settings, start_thread, member, other_member, moderator
):
    from forum import services as forum_services
    from forum.models import Post, PostRevision
    from tests.privacy.conftest import reply

    settings.FORUM_DELETED_POSTS_GRACE_DAYS = 14
    thread = start_thread(other_member, title="Ein Thema")
    old = reply(thread, member, "Das nehme ich zurück")
    forum_services.edit_post(post=old, editor=member, body="Das nehme ich lieber zurück")
    reply(thread, other_member, "Antwort darauf", parent=old)
    recent = reply(thread, member, "Das auch, aber erst gestern")
    for post in (old, recent):
        forum_services.delete_post(post=Post.objects.get(pk=post.pk), user=member)
    Post.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=15))
    run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.body, old.body_html, old.edit_count) == ("", "", 0) and old.is_deleted
    assert not PostRevision.objects.filter(post=old).exists()
    assert recent.body == "Das auch, aber erst gestern"  # still within the grace period: a moderator may restore it
    assert Post.objects.filter(parent=old).exists()  # the reply keeps its place under the placeholder


def test_restoring_a_deleted_post_clears_its_deletion_time(start_thread, member, moderator):
    from forum import services as forum_services
    from forum.models import Post
    from tests.privacy.conftest import reply

    post = reply(start_thread(member), member, "Weg damit")
    forum_services.delete_post(post=post, user=member)
    assert Post.objects.get(pk=post.pk).deleted_at is not None
    forum_services.restore_post(post=Post.objects.get(pk=post.pk), moderator=moderator)
    assert Post.objects.get(pk=post.pk).deleted_at is None


def test_retention_deletes_notifications_read_long_ago_and_keeps_unread_and_due_ones(client, settings, member):
    from notifications.models import Kind, Notification

    settings.NOTIFICATIONS_KEEP_READ_DAYS = 180
    long_ago = timezone.now() - timedelta(days=200)

    def notification(read_days_ago=None, email_due=""):
        created = Notification.objects.create(recipient=member, kind=Kind.MENTION, email_due=email_due)
        read_at = timezone.now() - timedelta(days=read_days_ago) if read_days_ago is not None else None
        Notification.objects.filter(pk=created.pk).update(created_at=long_ago, read_at=read_at)
        return created.pk

    read_long_ago = notification(read_days_ago=190)
    read_lately = notification(read_days_ago=10)
    never_read = notification()
    mail_still_due = notification(read_days_ago=190, email_due=Notification.EmailDue.WEEKLY)
    assert "Deleted 1 notifications read long ago." in run()
    assert set(Notification.objects.values_list("pk", flat=True)) == {read_lately, never_read, mail_still_due}
    assert not Notification.objects.filter(pk=read_long_ago).exists()
    client.force_login(member)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_notifications_are_deleted_in_batches_along_the_table(settings, monkeypatch, member):
    from notifications import services as notification_services
    from notifications.models import Kind, Notification

    monkeypatch.setattr(notification_services, "CHUNK", 2)
    settings.NOTIFICATIONS_KEEP_READ_DAYS = 180
    read_long_ago = timezone.now() - timedelta(days=200)
    kept = []
    for number in range(7):
        created = Notification.objects.create(recipient=member, kind=Kind.MENTION)
        unread = number % 3 == 0
        Notification.objects.filter(pk=created.pk).update(read_at=None if unread else read_long_ago)
        if unread:
            kept.append(created.pk)
    assert notification_services.purge_read_notifications() == 4
    assert sorted(Notification.objects.values_list("pk", flat=True)) == kept
