from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.validators import validate_line, validate_not_blank_after_normalising


def validate_display_name_is_own(display_name, user=None):
    """A display name may not imitate another member's display name or username (core.names: lookalike letters,
    invisible characters and case do not make a name another)."""
    others = User.objects.imitated_by(display_name)
    if user is not None and user.pk:
        others = others.exclude(pk=user.pk)
    if display_name and others.exists():
        raise forms.ValidationError(
            _("This name is too similar to another member's name. Please choose another one."), code="imitation"
        )


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to its own (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        validators=[validate_line, validate_not_blank_after_normalising],
        help_text=_("Optional. Shown next to your posts instead of your username."),
    )

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"]
        validate_display_name_is_own(display_name)
        return display_name

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"]
        if display_name != self.instance.display_name:  # a name given before the rule does not block the bio
            validate_display_name_is_own(display_name, user=self.instance)
        return display_name
