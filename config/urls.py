from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from portal.sitemaps import sitemaps

# The admin's login form is allauth's: the same rate limits, one way in.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = settings.SITE_NAME

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("accounts/", include("allauth.urls")),
    path("artikel/", include("articles.urls")),
    path("forum/", include("forum.urls")),
    path("benachrichtigungen/", include("notifications.urls")),
    path("", include("search.urls")),
    path("einblicke/", include("insights.urls")),
    # The language switch only sets the language cookie. It takes no CSRF token, so that pages with no other form
    # set no CSRF cookie and can be shared from the page cache (core/page_cache.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

if settings.DEBUG:
    # Uploaded files (article cover images) in development; in production the web server serves MEDIA_ROOT.
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
