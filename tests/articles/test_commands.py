from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Comment

pytestmark = pytest.mark.django_db


def run(**options):
    out = StringIO()
    call_command("truncate_comment_ips", stdout=out, **options)
    return out.getvalue()


def test_ipv4_of_an_old_comment_is_truncated_to_24_bits(make_comment, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 14
    comment = make_comment(ip_address="203.0.113.77", created_at=timezone.now() - timedelta(days=15))
    run()
    comment.refresh_from_db()
    assert comment.ip_address == "203.0.113.0" and comment.ip_truncated


def test_ipv6_of_an_old_comment_is_truncated_to_48_bits(make_comment):
    comment = make_comment(ip_address="2001:db8:abcd:12:34::1", created_at=timezone.now() - timedelta(days=15))
    run()
    comment.refresh_from_db()
    assert comment.ip_address == "2001:db8:abcd::"


def test_recent_comment_keeps_its_full_ip(make_comment):
    comment = make_comment(ip_address="203.0.113.77", created_at=timezone.now() - timedelta(days=13))
    run()
    comment.refresh_from_db()
    assert comment.ip_address == "203.0.113.77" and not comment.ip_truncated


def test_retention_period_comes_from_the_setting(make_comment, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 2
    comment = make_comment(ip_address="198.51.100.5", created_at=timezone.now() - timedelta(days=3))
    run()
    comment.refresh_from_db()
    assert comment.ip_address == "198.51.100.0"


def test_running_twice_reports_nothing_new(make_comment):
    make_comment(ip_address="203.0.113.77", created_at=timezone.now() - timedelta(days=20))
    assert "1 comments" in run()
    assert "0 comments" in run()


def test_comment_without_ip_is_left_alone(make_comment):
    comment = make_comment(ip_address=None, created_at=timezone.now() - timedelta(days=20))
    run()
    comment.refresh_from_db()
    assert comment.ip_address is None


def test_seed_demo_creates_articles_and_comments_and_can_run_again():
    call_command("seed_demo", force=True, stdout=StringIO())
    call_command("seed_demo", force=True, stdout=StringIO())
    assert Article.objects.published().count() == 4
    assert Comment.objects.pending().count() == 1
    assert Comment.objects.approved().count() == 4
