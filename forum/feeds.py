"""Atom feeds: the forum's new threads, one category's new threads, one thread's new posts. Public content only
(no members-only category, no held, hidden or deleted post), as anonymous readers see the pages."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from forum.models import Category, Post, Thread

FEED_LENGTH = 20


class ThreadFeed(Feed):
    """New threads in the whole forum: each item is a thread's opening post."""

    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s: new threads in the forum") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("forum:index")

    def opening_posts(self):
        return Post.objects.public().filter(position=1)

    def items(self):
        posts = self.opening_posts().select_related("thread__category", "author").order_by("-created_at", "-pk")
        return posts[:FEED_LENGTH]

    def item_title(self, post):
        return post.thread.title

    def item_link(self, post):
        return post.thread.get_absolute_url()

    def item_description(self, post):
        return post.body_html

    def item_author_name(self, post):
        return post.author.public_name

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at

    def item_categories(self, post):
        return [post.thread.category.name]


class CategoryThreadFeed(ThreadFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug, members_only=False)

    def title(self, category):
        return _("%(site)s: new threads in %(category)s") % {"site": settings.SITE_NAME, "category": category.name}

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        posts = self.opening_posts().filter(thread__category=category)
        return posts.select_related("thread__category", "author").order_by("-created_at", "-pk")[:FEED_LENGTH]


class PostFeed(Feed):
    """New posts in one public thread."""

    feed_type = Atom1Feed

    def get_object(self, request, pk):
        return get_object_or_404(Thread.objects.public().select_related("category"), pk=pk)

    def title(self, thread):
        return _("%(site)s: %(thread)s") % {"site": settings.SITE_NAME, "thread": thread.title}

    def link(self, thread):
        return thread.get_absolute_url()

    def items(self, thread):
        return Post.objects.public().filter(thread=thread).select_related("author").order_by("-position")[:FEED_LENGTH]

    def item_title(self, post):
        return _("%(name)s in “%(thread)s”") % {"name": post.author.public_name, "thread": post.thread.title}

    def item_link(self, post):
        return post.get_absolute_url()

    def item_description(self, post):
        return post.body_html

    def item_author_name(self, post):
        return post.author.public_name

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at
