from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.passwords import validate_password_length
from core.names import name_skeleton
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
        """The key of allauth's per-account failed-login counter (`login_failed`): the account the login names.

        allauth keys the counter by the typed login string and the current site's domain (without
        django.contrib.sites that is the request's Host header, so every other Host value would start a fresh
        counter). A member's username, e-mail address and its case variants name one account: they share one
        counter, `login:user:<pk>`. A login that names no account keeps a counter of its own, `login:<login>`.
        (allauth 65 has no public hook for this; tests/accounts/test_login_limits.py fails if a new version stops
        calling this method.)"""
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        user_id = login_account_id(login)
        if user_id is not None:
            return f"login:user:{user_id}"
        return f"login:{login.casefold()}"


def login_account_id(login):
    """The pk of the account a typed login names (an e-mail address of the member, or the username, both compared
    case-insensitively), or None. Indexed queries: an e-mail address in allauth's EmailAddress (stored in lower
    case), else in User.email (its upper-case index); a username through its skeleton index."""
    if not login:
        return None
    if "@" in login:  # allauth's login form treats such a login as an e-mail address too
        address = EmailAddress.objects.filter(email=login.lower()).order_by("-verified", "pk")
        user_id = address.values_list("user_id", flat=True).first()
        if user_id is not None:
            return user_id
        users = User.objects.filter(email__iexact=login)
    else:
        users = User.objects.filter(username_skeleton=name_skeleton(login), username__iexact=login)
    return users.order_by("pk").values_list("pk", flat=True).first()
