from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import SLUG, path_part, shape
from core.names import SKELETON_MAX_LENGTH, name_skeleton
from core.personal_data import FORMER_MEMBER
from core.validators import validate_line, validate_not_blank_after_normalising, validate_text


class UserQuerySet(models.QuerySet):
    def imitated_by(self, name):
        """The members whose username or display name `name` imitates: the same once lookalike characters,
        invisible characters, case and spacing are folded away (core.names). One indexed query."""
        skeleton = name_skeleton(name)
        if not skeleton:
            return self.none()
        return self.filter(Q(username_skeleton=skeleton) | Q(display_name_skeleton=skeleton))


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A member. The e-mail address is private: never shown to other users."""

    display_name = models.CharField(
        _("display name"),
        max_length=50,
        blank=True,
        validators=[validate_line, validate_not_blank_after_normalising],
        help_text=_("Shown next to your posts. Leave empty to use your username."),
    )
    bio = models.TextField(
        _("about me"),
        max_length=500,
        blank=True,
        validators=[validate_text],
        help_text=_("A few words about yourself, shown on your public profile (at most 500 characters)."),
    )
    # The names as compared for lookalikes (core.names.name_skeleton), kept up to date by save().
    username_skeleton = models.CharField(max_length=SKELETON_MAX_LENGTH, blank=True, editable=False)
    display_name_skeleton = models.CharField(max_length=SKELETON_MAX_LENGTH, blank=True, editable=False)

    objects = AccountManager()

    # What the member's posts and comments received, kept by the forum's and the articles' services (F() in the
    # transaction of the like or the solution mark); shown on the profile.
    likes_received = models.PositiveIntegerField(_("likes received"), default=0, editable=False)
    solutions_count = models.PositiveIntegerField(_("solutions"), default=0, editable=False)

    # Set when the account was erased (privacy/): the row stays, without anything personal, while contributions
    # that were kept refer to it; everywhere it is shown as "Former member".
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        indexes = [
            models.Index(fields=["username_skeleton"], name="user_username_skeleton"),
            models.Index(fields=["display_name_skeleton"], name="user_display_name_skeleton"),
            # E-mail logins look the address up case-insensitively (allauth, and the failed-login counter's key).
            models.Index(Upper("email"), name="user_email_upper"),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        self.username_skeleton = name_skeleton(self.username)
        self.display_name_skeleton = name_skeleton(self.display_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"username": "username_skeleton", "display_name": "display_name_skeleton"}
            kwargs["update_fields"] = {*update_fields, *(extra[f] for f in update_fields if f in extra)}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"username": self.username})

    @property
    def public_name(self):
        return public_name(self.username, self.display_name, self.erased_at)


def public_name(username, display_name, erased_at) -> str:
    """The name a member is shown by, from the three columns it depends on (for rows that read them as columns of
    another query instead of loading the member)."""
    if erased_at:
        return str(FORMER_MEMBER)
    return display_name or username


def profile_link():
    """`username -> profile URL`, by string building from the route's shape (core/links.py) instead of one reverse()
    per member: list and thread pages link dozens of names."""
    head, _marker, tail = shape("accounts:profile", username=SLUG)
    return lambda username: f"{head}{path_part(username)}{tail}"


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
