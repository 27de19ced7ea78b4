"""Stammtisch settings: one module, configured through environment variables.

Every variable is listed in the README and in `.env.example`. The defaults are safe for development;
production sets `DEBUG=false`, `SECRET_KEY`, `DATABASE_URL`, `ALLOWED_HOSTS` and the SMTP variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# Without a SECRET_KEY this is a development machine: DEBUG defaults to on. A deployment sets SECRET_KEY, so DEBUG
# defaults to off there; DEBUG=false without a SECRET_KEY refuses to start.
DEBUG = env_bool("DEBUG", default=not os.environ.get("SECRET_KEY"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=true for "
            "local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "Stammtisch")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "config.apps.AllauthAccountConfig",  # allauth.account under a German section name of its own
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "config.apps.TasksDatabaseConfig",  # django_tasks_db under a German section name
    "core",
    "accounts",
    "articles",
    "forum",
    "notifications",
    "search",
    "insights",
    "privacy",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts views of public pages, those served from the page cache too (insights/counting.py): above it.
    "insights.middleware.PageViewMiddleware",
    # Serves cached pages to anonymous readers before the middleware below runs (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "portal.context_processors.moderation",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: PostgreSQL through psycopg 3 in production and tests; a SQLite file when DATABASE_URL is unset.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", True):
    # Django's psycopg pool; `check` validates a connection before handing it out, so a restarted
    # database is picked up again instead of failing requests with broken connections.
    from psycopg_pool import ConnectionPool

    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {
            "min_size": 1,
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            # How long a request waits for a connection. Each process holds DATABASE_POOL_MAX_SIZE connections,
            # at least one per thread and two for the writer threads (search/log.py, insights without Redis), so a
            # request waits only while the database is unreachable: it then answers
            # 503 after this many seconds (core/unavailable.py).
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 3),
            "check": ConnectionPool.check_connection,
        },
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer at all (rather than refusing) costs a request at most this long.
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": 3, **DATABASES["default"].get("OPTIONS", {})}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Cache, sessions and rate limits: Redis when REDIS_URL is set, otherwise the database cache — never
# per-process memory, so rate limits hold across gunicorn workers and machines.
REDIS_URL = os.environ.get("REDIS_URL", "")
# The page cache for anonymous readers (core/page_cache.py) has a cache of its own: pages can be many, and must
# never push rate limits out (the database cache culls its oldest keys when it is full).
if REDIS_URL:
    # Django's Redis backend, keeping its client object (core/cache.py).
    REDIS_CACHE = {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": REDIS_CACHE,
        "pages": {**REDIS_CACHE, "KEY_PREFIX": "pages"},
        "fragments": {**REDIS_CACHE, "KEY_PREFIX": "fragments"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache_pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 20_000)},
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache_fragments",
            "OPTIONS": {"MAX_ENTRIES": env_int("FRAGMENT_CACHE_MAX_ENTRIES", 50_000)},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background jobs (e-mail) through django.tasks: immediate in development, the database queue
# (`manage.py db_worker`) in production.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # At most 1,024 characters, refused before the slow hashing (accounts/passwords.py).
    {"NAME": "accounts.passwords.MaximumLengthValidator"},
]
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: sign-up with mandatory e-mail verification, login by username or e-mail.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits stay at their defaults (on), counted in the default cache.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {
    "login": "accounts.allauth_forms.LoginForm",
    "change_password": "accounts.allauth_forms.ChangePasswordForm",
}
ACCOUNT_USERNAME_MIN_LENGTH = 3
# Mail subjects start with "[SITE_NAME]" (allauth would put the request's host there).
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Adding, removing or choosing a primary e-mail address asks for the password again (valid for five minutes); a
# password change asks for the current one anyway. The old address is told when another one becomes primary, and
# the account's address when the password changes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Confirming the address in the browser that signed up logs the new member in (allauth keeps the pending login in
# that session only: a link opened elsewhere confirms and leads to the login page).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
LOGIN_REDIRECT_URL = "portal:home"
LOGIN_URL = "account_login"

# Internationalisation: German first, English second.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail through Django 6.1's MAILERS: SMTP when EMAIL_HOST is set, the console otherwise.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stammtisch <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["SMTP_HOST"],
                "port": env_int("SMTP_PORT", 587),
                "username": os.environ.get("SMTP_USER", ""),
                "password": os.environ.get("SMTP_PASSWORD", ""),
                "use_tls": env_bool("SMTP_USE_TLS", True),
                "use_ssl": env_bool("SMTP_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Security. Behind a TLS-terminating reverse proxy, set SECURE_PROXY_SSL_HEADER_ENABLED=true.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content Security Policy: no inline script or style, nothing from other hosts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Anonymous readers get forum pages from the cache for at most this many seconds (0: off). Every write that changes
# a page makes all cached pages stale at once, so the time only bounds how old "3 minutes ago" can get.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Members' pages are assembled from cached fragments (core/fragments.py) kept this many seconds (0: off). A fragment's
# key is made of what it shows, so a change is seen at once whatever this time; it only bounds the cache's size.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 86_400)

# Insights (README: "Insights"): without Redis, each process adds its counted page views to the daily table this
# often (seconds; 0: only when collect_insights runs in the same process).
INSIGHTS_FLUSH_SECONDS = env_int("INSIGHTS_FLUSH_SECONDS", 60)
# With Redis, each process hands its counted views on to Redis at most this often (seconds).
INSIGHTS_SEND_SECONDS = env_int("INSIGHTS_SEND_SECONDS", 1)
# Count page views at all (off: the dashboard's reach figures stay empty).
INSIGHTS_COUNT_VIEWS = env_bool("INSIGHTS_COUNT_VIEWS", True)

# The benchmark's upper bound: a trivial view in the same project and server that touches no database.
# Only `make bench` turns it on.
BENCHMARK_CEILING = env_bool("BENCHMARK_CEILING", False)

# Refused requests (4xx) and pages answered 503 while the database is down are logged as one line without a
# traceback; real errors keep theirs (core/log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"requests": {"()": "core.log.RequestLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["requests"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False}},
}

# Articles and their comments (README: "Articles and comments"). Days and counts of 0 switch a rule off.
ARTICLES_PER_PAGE = env_int("ARTICLES_PER_PAGE", 10)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 3)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 10000)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)
COMMENTS_AUTO_APPROVE_KNOWN = env_bool("COMMENTS_AUTO_APPROVE_KNOWN", True)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_HOLD_AFTER_DAYS = env_int("COMMENTS_HOLD_AFTER_DAYS", 180)
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)
COMMENTS_FORM_MAX_AGE_HOURS = env_int("COMMENTS_FORM_MAX_AGE_HOURS", 24)
COMMENTS_RATE_LIMIT = env_int("COMMENTS_RATE_LIMIT", 5)
COMMENTS_RATE_WINDOW_SECONDS = env_int("COMMENTS_RATE_WINDOW_SECONDS", 600)
COMMENTS_DUPLICATE_WINDOW_HOURS = env_int("COMMENTS_DUPLICATE_WINDOW_HOURS", 24)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 14)

# Privacy (privacy/): self-service export and erasure, retention, the open archive.
# Days between "delete my account" and the erasure; the confirmation mail's link cancels it until then.
ACCOUNT_ERASURE_GRACE_DAYS = env_int("ACCOUNT_ERASURE_GRACE_DAYS", 14)
# A member's data export: one per DATA_EXPORT_INTERVAL_HOURS, downloadable for DATA_EXPORT_VALID_DAYS.
DATA_EXPORT_INTERVAL_HOURS = env_int("DATA_EXPORT_INTERVAL_HOURS", 24)
DATA_EXPORT_VALID_DAYS = env_int("DATA_EXPORT_VALID_DAYS", 7)
# Files that are nobody's business but their owner's (data exports); never under MEDIA_ROOT.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
# How long the link to a guest's "my comments" page works.
GUEST_LINK_MAX_AGE_HOURS = env_int("GUEST_LINK_MAX_AGE_HOURS", 24)
# The licence of the community's public content: shown in the footer and in the open archive.
CONTENT_LICENSE = os.environ.get("CONTENT_LICENSE", "CC BY-SA 4.0")
CONTENT_LICENSE_URL = os.environ.get("CONTENT_LICENSE_URL", "https://creativecommons.org/licenses/by-sa/4.0/deed.de")
COMMENTS_NOTIFY_MODERATORS = env_bool("COMMENTS_NOTIFY_MODERATORS", True)
# Addresses of reverse proxies whose X-Forwarded-For is believed; without them the client IP is REMOTE_ADDR.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# Forum (README: "Forum"): page sizes, writing limits and the approval of new members' posts.
FORUM_THREADS_PER_PAGE = env_int("FORUM_THREADS_PER_PAGE", 25)
FORUM_POSTS_PER_PAGE = env_int("FORUM_POSTS_PER_PAGE", 20)  # chronological view
FORUM_BRANCHES_PER_PAGE = env_int("FORUM_BRANCHES_PER_PAGE", 10)  # threaded view: top-level replies per page
FORUM_THREADED_MAX_POSTS = env_int("FORUM_THREADED_MAX_POSTS", 200)  # threaded view: posts per page at most
FORUM_THREADED_DEPTH = env_int("FORUM_THREADED_DEPTH", 6)  # indentation levels shown before "more replies"
FORUM_MAX_BODY_LENGTH = env_int("FORUM_MAX_BODY_LENGTH", 20000)
FORUM_POST_INTERVAL = env_int("FORUM_POST_INTERVAL", 15)  # seconds between two posts of a member
# A post its author deleted can be restored by moderators this long; then its text is purged (run_retention).
FORUM_DELETED_POSTS_GRACE_DAYS = env_int("FORUM_DELETED_POSTS_GRACE_DAYS", 14)
FORUM_HOLD_FIRST_POSTS = env_int("FORUM_HOLD_FIRST_POSTS", 1)  # a member's first N posts wait for approval
FORUM_TRUSTED_AFTER_POSTS = env_int("FORUM_TRUSTED_AFTER_POSTS", 10)  # fewer published posts: link limit applies
FORUM_MAX_LINKS_UNTRUSTED = env_int("FORUM_MAX_LINKS_UNTRUSTED", 2)  # more links than this: held for approval
FORUM_UNREAD_DAYS = env_int("FORUM_UNREAD_DAYS", 90)  # threads without activity for this long count as read
# Likes ("Gefällt mir") on forum posts and article comments: at most this many per member and window.
LIKES_RATE_LIMIT = env_int("LIKES_RATE_LIMIT", 30)
LIKES_RATE_WINDOW_SECONDS = env_int("LIKES_RATE_WINDOW_SECONDS", 600)

# Notifications (README: "Notifications"). Links in mails start with SITE_URL (mails are written by the worker,
# outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")
NOTIFICATIONS_COALESCE_MINUTES = env_int("NOTIFICATIONS_COALESCE_MINUTES", 15)  # one mail per thread in this window
NOTIFICATIONS_UNSUBSCRIBE_DAYS = env_int("NOTIFICATIONS_UNSUBSCRIBE_DAYS", 90)  # unsubscribe links expire after
NOTIFICATIONS_KEEP_READ_DAYS = env_int("NOTIFICATIONS_KEEP_READ_DAYS", 180)  # then read ones go (the retention run)

# Search (README: "Search"): results per page, candidates ranked per query, anonymous searches per IP and window.
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 20)
SEARCH_CANDIDATES = env_int("SEARCH_CANDIDATES", 500)  # newest matching posts ranked for one query
SEARCH_RATE_LIMIT = env_int("SEARCH_RATE_LIMIT", 30)  # anonymous searches per client IP in the window (0: off)
SEARCH_RATE_WINDOW_SECONDS = env_int("SEARCH_RATE_WINDOW_SECONDS", 60)
SEARCH_LOG_FLUSH_SECONDS = env_int("SEARCH_LOG_FLUSH_SECONDS", 60)  # the search log is written this often
