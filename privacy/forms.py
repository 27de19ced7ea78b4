from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_no_control_characters
from privacy.models import AccountErasure


class DeleteAccountForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What happens to your posts and comments?"),
        choices=AccountErasure.Mode.choices,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password


class StaffErasureForm(forms.ModelForm):
    immediately = forms.BooleanField(
        label=_("Erase now"),
        required=False,
        help_text=_("Without the grace period and without a mail to the member."),
    )

    class Meta:
        model = AccountErasure
        fields = ["user", "mode", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].required = True
        self.fields["reason"].required = True
        self.fields["reason"].validators.append(validate_no_control_characters)

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user.erased_at or AccountErasure.objects.pending().filter(user=user).exists():
            raise forms.ValidationError(_("This account is erased or waiting to be erased already."))
        return user


class GuestEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you commented with"), validators=[validate_no_control_characters]
    )
