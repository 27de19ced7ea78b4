import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "forum.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://forum.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/stammtisch",
    "SMTP_HOST": "mail.example.org",
}
NOT_INHERITED = {*PRODUCTION_ENV, "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_POOL", "TASKS_BACKEND"}


def run(args, **env):
    """Run a Python process under production settings (plus `env`), as a deployment would."""
    clean = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def show_settings(expression, **env):
    result = run(
        ["-W", "error", "-c", f"import django; django.setup(); from django.conf import settings; {expression}"], **env
    )
    return result.stdout.split(), result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run(["manage.py", "check"], SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_send_mail_through_mailers_smtp_without_deprecated_settings():
    output, errors = show_settings(
        "m = settings.MAILERS['default'];"
        "print(m['BACKEND'], m['OPTIONS']['host'], settings.is_overridden('EMAIL_HOST'))"
    )
    assert output == ["django.core.mail.backends.smtp.EmailBackend", "mail.example.org", "False"], errors


def test_redis_url_moves_cache_pages_and_sessions_to_redis():
    output, errors = show_settings(
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['pages']['BACKEND'],"
        " settings.CACHES['fragments']['BACKEND'], settings.SESSION_ENGINE)",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    redis_backend = "core.cache.RedisCache"
    assert output == [redis_backend, redis_backend, redis_backend, "django.contrib.sessions.backends.cache"], errors


def test_without_redis_cache_pages_and_sessions_live_in_the_database_in_tables_of_their_own():
    output, errors = show_settings(
        "print(settings.CACHES['default']['LOCATION'], settings.CACHES['pages']['LOCATION'],"
        " settings.CACHES['fragments']['LOCATION'], settings.SESSION_ENGINE)"
    )
    assert output == [
        "django_cache",
        "django_cache_pages",
        "django_cache_fragments",
        "django.contrib.sessions.backends.db",
    ], errors


def test_production_uses_the_database_task_queue_and_a_checked_connection_pool():
    output, errors = show_settings(
        "print(settings.TASKS['default']['BACKEND'], bool(settings.DATABASES['default']['OPTIONS']['pool']['check']))"
    )
    assert output == ["django_tasks_db.DatabaseBackend", "True"], errors


def test_a_deployment_with_a_secret_key_is_not_in_debug_mode_unless_asked():
    output, errors = show_settings("print(settings.DEBUG)", DEBUG="")
    assert output == ["False"], errors


def test_a_machine_without_any_configuration_is_a_development_machine():
    output, errors = show_settings("print(settings.DEBUG)", DEBUG="", SECRET_KEY="")
    assert output == ["True"], errors


def test_check_deploy_fails_without_smtp_host_because_mail_would_not_be_sent():
    # Documented in the README (Deployment) and docs/DEPLOY.md: a deployment must set SMTP_HOST.
    result = run(["manage.py", "check", "--deploy"], SMTP_HOST="")
    assert result.returncode != 0
    assert "(mail.E001)" in result.stderr
