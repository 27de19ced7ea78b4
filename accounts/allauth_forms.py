"""allauth's forms as Stammtisch uses them (ACCOUNT_FORMS).

A module of its own: accounts/forms.py holds ACCOUNT_SIGNUP_FORM_CLASS, which allauth.account.forms imports while it
is being defined, so that module cannot import allauth.account.forms in turn."""

from allauth.account import forms
from django.utils.translation import gettext_lazy as _

from accounts.passwords import validate_password_length


class LoginForm(forms.LoginForm):
    """A label that says what to type (allauth's German one says "Anmeldung")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "username"  # what password managers fill in


class ChangePasswordForm(forms.ChangePasswordForm):
    """An over-long current password is refused before it is hashed."""

    def clean_oldpassword(self):
        validate_password_length(self.cleaned_data.get("oldpassword"))
        return super().clean_oldpassword()
