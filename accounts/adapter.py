from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.passwords import validate_password_length
from core.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        """A new username may not imitate a member's username or display name (core.names)."""
        username = super().clean_username(username, shallow=shallow)
        if not shallow and User.objects.imitated_by(username).exists():
            raise forms.ValidationError(
                _("This username is too similar to another member's name. Please choose another one."),
                code="imitation",
            )
        return username

    def send_mail(self, template_prefix, email, context):
        """Render allauth's mail now; send it through the background queue once the request commits."""
        request = allauth_context.request
        # Without django.contrib.sites the current site is named after the request's host: use SITE_NAME.
        site = get_current_site(request)
        site.name = settings.SITE_NAME
        site_url = request.build_absolute_uri("/").rstrip("/") if request else ""
        ctx = {"request": request, "email": email, "current_site": site, "site_url": site_url, **context}
        message = self.render_mail(template_prefix, email, ctx)
        html_body = next(
            (body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), None
        )
        fields = {
            "subject": message.subject,
            "body": message.body,
            "to": list(message.to),
            "from_email": message.from_email,
            "html_body": html_body,
        }
        transaction.on_commit(lambda: send_email.enqueue(**fields))

    def authenticate(self, request, **credentials):
        """Login and re-authentication: an over-long password is refused before it is counted or hashed."""
        validate_password_length(credentials.get("password"))
        return super().authenticate(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of allauth's per-account failed-login counter (`login_failed`), without the site's domain.

        allauth puts the current site's domain into it; without django.contrib.sites that is the request's Host
        header, port included, so every other Host value would start a fresh counter. Stammtisch is one site: the
        login name alone is the key. (allauth 65 has no public hook for this; tests/accounts/test_login_limits.py
        fails if a new version stops calling this method.)"""
        login = credentials.get("email", credentials.get("username", ""))
        return f"login:{login.lower()}"
