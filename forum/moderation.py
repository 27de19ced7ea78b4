"""The forum's part of the moderation queue (portal/moderation_queue.py gathers all parts).

Both lists are oldest first and paginated: a page costs the same few queries and milliseconds with 10 or 10,000
items waiting (the indexes `forum_post_status` and `forum_report_status` serve the filter, the order and the count).
"""

from django.core.paginator import Paginator

from forum.models import Post, Report

QUEUE_PAGE_SIZE = 25


def held_posts():
    return Post.objects.filter(status=Post.Status.HELD)


def open_reports():
    return Report.objects.filter(status=Report.Status.OPEN)


def queue_context(*, held_page=1, reports_page=1, per_page=QUEUE_PAGE_SIZE) -> dict:
    """What the queue templates `forum/_moderation_held.html` and `forum/_moderation_reports.html` need: one page
    of each list (`held_page`, `reports_page` as given in the URL; a wrong number shows the nearest page)."""
    held = held_posts().select_related("author", "thread__category").order_by("created_at", "pk")
    reports = open_reports().select_related("reporter", "post__author", "post__thread").order_by("created_at", "pk")
    return {
        "held_page": Paginator(held, per_page).get_page(held_page),
        "reports_page": Paginator(reports, per_page).get_page(reports_page),
    }
