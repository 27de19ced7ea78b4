from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import DEFAULTS, MODERATOR_KINDS, Frequency, Kind, WatchLevel


class WatchForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Notifications"), choices=WatchLevel.choices, coerce=int)


class SettingsForm(forms.Form):
    """Per kind: in the site on/off and e-mail frequency; the language of mails and "no e-mails at all"."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)
    email_off = forms.BooleanField(label=_("No e-mails at all"), required=False)

    def __init__(self, *args, kinds, current, language, email_off, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        self.fields["language"].initial = language
        self.fields["email_off"].initial = email_off
        for kind in kinds:
            in_app, email = current.get(kind, DEFAULTS[kind])
            self.fields[f"{kind}_in_app"] = forms.BooleanField(label=_("In the site"), required=False, initial=in_app)
            self.fields[f"{kind}_email"] = forms.ChoiceField(
                label=_("E-mail"), choices=Frequency.choices, initial=email
            )

    def rows(self):
        return [(Kind(kind).label, self[f"{kind}_in_app"], self[f"{kind}_email"]) for kind in self.kinds]


def kinds_for(user, can_moderate):
    return [kind for kind in Kind.values if can_moderate or kind not in MODERATOR_KINDS]
