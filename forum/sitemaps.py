from django.contrib.sitemaps import Sitemap

from forum.models import Category, Thread


class ForumCategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Category.objects.filter(members_only=False)


class ForumThreadSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6
    limit = 5000

    def items(self):
        return Thread.objects.public().order_by("-last_activity_at", "-pk")

    def lastmod(self, thread):
        return thread.last_activity_at
