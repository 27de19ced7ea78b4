from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.personal_data import FORMER_MEMBER
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

    # Set when the account was erased (privacy/): the row stays, without anything personal, while contributions
    # that were kept refer to it; everywhere it is shown as "Former member".
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self):
        if self.erased_at:
            return str(FORMER_MEMBER)
        return self.display_name or self.username
