from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, CategorySitemap
from core.models import LegalPage
from forum.sitemaps import ForumCategorySitemap, ForumThreadSitemap


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["core:home"]

    def location(self, item):
        return reverse(item)


class LegalPageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.1

    def items(self):
        return LegalPage.objects.all()

    def lastmod(self, page):
        return page.updated_at


# The sections of /sitemap.xml; the articles and forum apps add theirs here.
sitemaps = {
    "pages": StaticViewSitemap,
    "legal": LegalPageSitemap,
    "articles": ArticleSitemap,
    "article-categories": CategorySitemap,
    "forum-categories": ForumCategorySitemap,
    "forum-threads": ForumThreadSitemap,
}
