"""The account's own sections of a member's data (core/personal_data.py): the profile and the e-mail addresses.
The account is erased last, after every app has dealt with its rows."""

import secrets

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.personal_data import register_member_section


def export_profile(user):
    yield {
        "username": user.username,
        "display_name": user.display_name,
        "bio": user.bio,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "groups": [group.name for group in user.groups.all()],
    }


def export_email_addresses(user):
    for address in EmailAddress.objects.filter(user=user).order_by("pk"):
        yield {"email": address.email, "verified": address.verified, "primary": address.primary}


def erase_email_addresses(user, *, keep_contributions):
    EmailAddress.objects.filter(user=user).delete()


def erase_profile(user, *, keep_contributions):
    """Nothing personal stays on the row: a random username (the profile page is gone), no names, no address,
    no password. The row itself stays as long as contributions refer to it."""
    user.username = f"ehemalig-{secrets.token_hex(8)}"
    user.display_name = user.bio = user.email = user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    # Only these fields: the counters (likes received, solutions) were moved with F() by the other sections and
    # this object still holds the numbers from before.
    user.save(
        update_fields=[
            "username", "username_skeleton", "display_name", "display_name_skeleton", "bio", "email",
            "first_name", "last_name", "password", "is_active", "is_staff", "is_superuser", "last_login",
            "erased_at",
        ]
    )  # fmt: skip
    user.groups.clear()
    user.user_permissions.clear()


def register():
    register_member_section("profile", title=_("Profile"), export=export_profile, erase=erase_profile, order=1000)
    register_member_section(
        "email_addresses", title=_("E-mail addresses"), export=export_email_addresses, erase=erase_email_addresses
    )
