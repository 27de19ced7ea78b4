from django.contrib.sitemaps import Sitemap

from core.models import LegalPage


class LegalPageSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.1

    def items(self):
        return LegalPage.objects.all()

    def lastmod(self, page):
        return page.updated_at
