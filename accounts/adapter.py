from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
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
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
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
