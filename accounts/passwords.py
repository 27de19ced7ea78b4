"""The longest password Stammtisch accepts. Hashing is deliberately slow; a password of many kilobytes must be refused
before any hasher sees it: at login and re-authentication (AccountAdapter.authenticate), for the current password
(accounts.forms.ChangePasswordForm) and for every new password (MaximumLengthValidator in AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext

MAX_PASSWORD_LENGTH = 1024


def _message(max_length):
    return gettext("A password can have at most %(max_length)s characters.") % {
        "max_length": number_format(max_length, force_grouping=True)
    }


def validate_password_length(password, max_length=MAX_PASSWORD_LENGTH):
    if password is not None and len(password) > max_length:
        raise ValidationError(_message(max_length), code="password_too_long")


class MaximumLengthValidator:
    """Password validator (AUTH_PASSWORD_VALIDATORS): new passwords at sign-up, change, set and reset."""

    def __init__(self, max_length=MAX_PASSWORD_LENGTH):
        self.max_length = max_length

    def validate(self, password, user=None):
        validate_password_length(password, self.max_length)

    def get_help_text(self):
        return _message(self.max_length)
