from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.validators import validate_no_control_characters


class User(AbstractUser):
    """A member. The e-mail address is private: never shown to other users."""

    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Shown next to your posts. Leave empty to use your username."),
    )
    bio = models.TextField(
        _("about me"),
        max_length=500,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("A few words about yourself, shown on your public profile (at most 500 characters)."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self):
        return self.display_name or self.username


def profile_urls(names) -> dict:
    """{username: profile URL} for the active members among `names` (compared case-insensitively): what
    `core.markup.render_markdown(mentions=...)` turns `@name` into."""
    from django.db.models.functions import Lower

    wanted = {name.lower() for name in names}
    if not wanted:
        return {}
    users = User.objects.filter(is_active=True).annotate(name_lower=Lower("username")).filter(name_lower__in=wanted)
    return {username: reverse("accounts:profile", kwargs={"username": username})
            for username in users.values_list("username", flat=True)}  # fmt: skip
