"""Atom feeds: all articles (full text), one category's articles, one article's approved comments."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category

FEED_LENGTH = 20


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(site)s: articles") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("articles:article_list")

    def subtitle(self):
        return _("The newest articles, in full.")

    def articles(self):
        return Article.objects.published()

    def items(self):
        return self.articles().with_related().newest_first()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return _("%(site)s: %(category)s") % {"site": settings.SITE_NAME, "category": category.name}

    def link(self, category):
        return category.get_absolute_url()

    def subtitle(self, category):
        return category.description or _("The newest articles in this category.")

    def items(self, category):
        return category.articles.published().with_related().newest_first()[:FEED_LENGTH]


class CommentFeed(Feed):
    """Approved comments of one published article. Names only: never an e-mail address."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return _("Comments on “%(title)s”") % {"title": article.title}

    def link(self, article):
        return article.get_absolute_url()

    def subtitle(self, article):
        return _("The newest comments on this article.")

    def items(self, article):
        return article.comments.public().select_related("user", "article").order_by("-created_at")[:50]

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {"name": item.author_name, "title": item.article.title}

    def item_description(self, item):
        return item.body_html

    def item_author_name(self, item):
        return item.author_name

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at
