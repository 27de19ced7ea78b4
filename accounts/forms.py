from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.validators import validate_no_control_characters


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to its own (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=50,
        required=False,
        validators=[validate_no_control_characters],
        help_text=_("Optional. Shown next to your posts instead of your username."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}
