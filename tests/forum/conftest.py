import pytest
from django.utils import timezone
from model_bakery import baker

from forum import services
from forum.models import Category, Post, Thread, path_segment


@pytest.fixture(autouse=True)
def _forum_settings(settings):
    # Most tests are about something else than the approval of first posts and the rate limit.
    settings.FORUM_HOLD_FIRST_POSTS = 0
    settings.FORUM_POST_INTERVAL = 0
    settings.FORUM_POSTS_PER_PAGE = 20
    settings.FORUM_BRANCHES_PER_PAGE = 10
    settings.FORUM_THREADED_DEPTH = 6
    settings.FORUM_THREADED_MAX_POSTS = 200


@pytest.fixture
def category(db):
    return baker.make(Category, name="Allgemeines", slug="allgemeines", order=1)


@pytest.fixture
def other_category(db):
    return baker.make(Category, name="Technik", slug="technik", order=2)


@pytest.fixture
def thread(category, member):
    return services.start_thread(category=category, author=member, title="Erstes Thema", body="Hallo *Welt*")


def reply(thread, author, body="Eine Antwort", parent=None):
    return services.reply_to_thread(thread=thread, author=author, body=body, parent=parent)


def build_thread(category, author, replies, *, nested_every=3, title="Langes Thema"):
    """A thread with `replies` replies written straight to the database (fast): every `nested_every`-th reply
    answers the reply before it, the others open a new top-level branch."""
    thread = services.start_thread(category=category, author=author, title=title, body="Der Anfang")
    opening = thread.posts.get(position=1)
    now = timezone.now()
    posts, parents, branch, previous = [], [], 0, None
    for number in range(2, replies + 2):
        if previous is not None and number % nested_every == 0 and previous.depth < 30:
            parent, path, depth = previous, previous.path + path_segment(number), previous.depth + 1
        else:
            branch += 1
            parent, path, depth = opening, path_segment(branch), 1
        parents.append(parent)
        previous = Post(
            thread=thread,
            author=author,
            parent=opening,
            body=f"Antwort {number}",
            body_html=f"<p>Antwort {number}</p>",
            position=number,
            path=path,
            depth=depth,
            created_at=now,
        )
        posts.append(previous)
    Post.objects.bulk_create(posts, batch_size=1000)
    for post, parent in zip(posts, parents, strict=True):
        post.parent = parent
    Post.objects.bulk_update(posts, ["parent"], batch_size=1000)
    last = Post.objects.get(thread=thread, position=replies + 1)
    Thread.objects.filter(pk=thread.pk).update(
        last_position=replies + 1, branch_count=branch, post_count=replies + 1, last_post=last
    )
    Category.objects.filter(pk=category.pk).update(post_count=replies + 1, last_post=last)
    thread.refresh_from_db()
    return thread
