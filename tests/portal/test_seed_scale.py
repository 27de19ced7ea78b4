from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from articles.models import PATH_SEGMENT, Article, Comment
from forum import services
from forum.models import PATH_MAX_DEPTH, PATH_SEGMENT_WIDTH, Category, Post, Thread, path_segment
from tests.conftest import make_user

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale is tested on PostgreSQL")

SIZES = {
    "members": 40,
    "categories": 6,
    "threads": 30,
    "posts": 4000,
    "big_thread": 3000,
    "articles": 6,
    "comments": 300,
    "text_pool": 40,
}


def seed(**options):
    out = StringIO()
    call_command("seed_scale", stdout=out, **{**SIZES, **options})
    return out.getvalue()


@pytest.fixture
def seeded(db):
    seed()


def test_it_creates_the_requested_numbers_of_rows(seeded):
    assert User.objects.filter(is_staff=False).count() == 40
    assert Category.objects.count() == 6
    assert Thread.objects.count() == 30
    assert Post.objects.count() == 4000
    assert Article.objects.count() == 6
    assert Comment.objects.count() == 300


def test_one_thread_has_the_big_thread_size_and_one_has_twenty_posts(seeded):
    sizes = sorted(Thread.objects.values_list("last_position", flat=True))
    assert sizes[-1] == 3000
    assert 20 in sizes


def test_every_foreign_key_points_at_an_existing_row(seeded):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checks the deferred foreign keys now


def test_every_post_agrees_with_its_parent_on_path_position_and_depth(seeded):
    posts = {post.pk: post for post in Post.objects.all()}
    for post in posts.values():
        if post.position == 1:
            assert (post.parent_id, post.path, post.depth) == (None, path_segment(0), 0)
            continue
        parent = posts[post.parent_id]
        assert parent.thread_id == post.thread_id
        assert parent.position < post.position
        assert parent.created_at <= post.created_at
        if parent.depth == 0:
            assert post.depth == 1 and len(post.path) == PATH_SEGMENT_WIDTH
        elif parent.depth >= PATH_MAX_DEPTH:
            assert post.depth == parent.depth
            assert post.path == parent.path[:-PATH_SEGMENT_WIDTH] + path_segment(post.position)
        else:
            assert post.depth == parent.depth + 1
            assert post.path == parent.path + path_segment(post.position)


def test_the_big_thread_has_reply_chains_as_deep_as_a_path_goes(seeded):
    assert max(Post.objects.values_list("depth", flat=True)) == PATH_MAX_DEPTH


def test_thread_counters_equal_the_real_counts(seeded):
    for thread in Thread.objects.all():
        posts = Post.objects.filter(thread=thread)
        counted = posts.filter(status="published", is_hidden=False, is_deleted=False)
        last = counted.order_by("-position").first()
        assert thread.post_count == counted.count()
        assert thread.last_position == posts.count()
        assert thread.last_post_id == last.pk
        assert thread.last_activity_at == last.created_at
        assert thread.branch_count == posts.filter(parent__position=1).count()
        branch_numbers = sorted(int(p.path) for p in posts.filter(depth=1))
        assert branch_numbers == list(range(1, thread.branch_count + 1))


def test_category_counters_equal_the_real_counts(seeded):
    for category in Category.objects.all():
        listed = Thread.objects.visible().filter(category=category)
        assert category.thread_count == listed.count()
        assert category.post_count == sum(listed.values_list("post_count", flat=True))
        latest = listed.order_by("-last_activity_at", "-pk").first()
        assert category.last_post_id == (latest.last_post_id if latest else None)


def test_comment_paths_follow_their_parents_and_stay_within_the_allowed_depth(seeded, settings):
    comments = {comment.pk: comment for comment in Comment.objects.all()}
    assert any(comment.parent_id for comment in comments.values())
    for comment in comments.values():
        own = str(comment.pk).zfill(PATH_SEGMENT)
        parent = comments.get(comment.parent_id)
        assert comment.path == (parent.path if parent else "") + own
        assert parent is None or parent.article_id == comment.article_id
        assert comment.depth < settings.COMMENTS_MAX_DEPTH


def test_a_reply_written_after_seeding_keeps_ids_and_counters_right(seeded, settings):
    settings.FORUM_HOLD_FIRST_POSTS = 0
    thread = Thread.objects.visible().order_by("pk").first()
    before = thread.post_count
    post = services.reply_to_thread(thread=thread, author=User.objects.first(), body="Neu nach dem Füllen")
    thread.refresh_from_db()
    assert post.pk > max(pk for pk in Post.objects.exclude(pk=post.pk).values_list("pk", flat=True))
    assert (thread.post_count, thread.last_post_id, thread.last_position) == (before + 1, post.pk, post.position)


def test_the_pages_render_with_the_seeded_data(seeded, client):
    big = Thread.objects.order_by("-last_position").first()
    category = Category.objects.filter(members_only=False).exclude(thread_count=0).first()
    article = Article.objects.published().first()
    member = User.objects.filter(forum_posts__isnull=False).first()
    urls = [
        reverse("portal:home"),
        reverse("forum:index"),
        category.get_absolute_url(),
        article.get_absolute_url(),
        member.get_absolute_url(),
        big.get_absolute_url() + "?view=chrono",
        big.get_absolute_url() + f"?view=chrono&page={-(-big.post_count // 20)}",
        big.get_absolute_url() + "?view=threaded",
        big.get_absolute_url() + f"?view=threaded&page={-(-big.branch_count // 10)}",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_it_refuses_a_database_that_holds_data(db):
    make_user("schon-da")
    with pytest.raises(CommandError, match="already holds data"):
        seed()
    assert not Thread.objects.exists()


def test_if_empty_leaves_a_database_with_data_alone(seeded):
    out = seed(if_empty=True)
    assert "leaves it as it is" in out
    assert Thread.objects.count() == 30


def test_sizes_that_cannot_add_up_are_refused(db):
    with pytest.raises(CommandError, match="--posts"):
        seed(posts=100)


def _queries(client, url):
    client.get(url)  # the first visit may remember the reading view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_thread_pages_stay_within_one_query_budget_on_a_20_and_a_3000_post_thread(seeded, client, role):
    if role == "member":
        client.force_login(User.objects.filter(is_staff=False).first())
    short = Thread.objects.public().filter(last_position=20).order_by("pk").first()
    long = Thread.objects.public().order_by("-last_position").first()
    for view, per_page, count_field in (("chrono", 20, "last_position"), ("threaded", 10, "branch_count")):
        for thread in (short, long):
            thread.last_page = -(-getattr(thread, count_field) // per_page)
        for page in ("1", "last"):
            counts = [
                _queries(client, f"{t.get_absolute_url()}?view={view}&page={1 if page == '1' else t.last_page}")
                for t in (short, long)
            ]
            # The opening post is one more query on later pages, the post cards' fragments one read (the database
            # cache); members: the notification bell's cached count, the thread's watch level and the check whether
            # the read position can move (forum.unread), one each.
            budget = 4 if role == "anonymous" else 10
            assert max(counts) <= budget, (view, page, counts)


def test_seeded_members_carry_their_name_skeletons(seeded):
    """bulk_create skips save(): the spoofing check (User.objects.imitated_by) must still see scale members."""
    member = User.objects.exclude(display_name="").filter(is_staff=False).first()
    assert member.username_skeleton and member.display_name_skeleton
    assert User.objects.imitated_by(member.display_name.upper()).filter(pk=member.pk).exists()
