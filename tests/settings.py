"""Test settings: the project's settings with a few speed-ups. DATABASE_URL decides the database."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stammtisch")
os.environ.setdefault("DATABASE_POOL", "false")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.pop("REDIS_URL", None)

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server serves static files from the finders, without a manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests that are about the page cache turn it on themselves (tests/core/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
# Counted page views stay in memory until a test folds them (no flushing thread writing between tests).
INSIGHTS_FLUSH_SECONDS = 0
SEARCH_LOG_FLUSH_SECONDS = 0  # written when a test (or what staff read) flushes it
