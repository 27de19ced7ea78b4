from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.sitemaps import ArticleSitemap, CategorySitemap
from core.sitemaps import LegalPageSitemap
from forum.sitemaps import ForumCategorySitemap, ForumThreadSitemap


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["portal:home"]

    def location(self, item):
        return reverse(item)


# The sections of /sitemap.xml, one per app that has public pages.
sitemaps = {
    "pages": StaticViewSitemap,
    "legal": LegalPageSitemap,
    "articles": ArticleSitemap,
    "article-categories": CategorySitemap,
    "forum-categories": ForumCategorySitemap,
    "forum-threads": ForumThreadSitemap,
}
