from django.contrib.sitemaps import Sitemap

from articles.models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().with_last_comment().order_by("-published_at", "pk")

    def lastmod(self, article):
        """The latest of the article's last edit and its latest approved comment."""
        return max(filter(None, [article.updated_at, article.last_comment_at]))


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Category.objects.filter(articles__in=Article.objects.published()).distinct().order_by("name")
