from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CONTENT_LICENSE": settings.CONTENT_LICENSE,
        "CONTENT_LICENSE_URL": settings.CONTENT_LICENSE_URL,
    }
