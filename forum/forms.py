import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from core.validators import validate_line, validate_not_blank_after_normalising, validate_text
from forum.models import Category, Report


class BodyField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs):
        super().__init__(
            label=kwargs.pop("label", _("Text")),
            help_text=_("Markdown: **bold**, *italic*, > quote, `code`, lists and links."),
            strip=True,
            validators=[validate_text, validate_not_blank_after_normalising],
            **kwargs,
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["rows"] = 8
        return attrs

    def validate(self, value):
        super().validate(value)
        MaxLengthValidator(settings.FORUM_MAX_BODY_LENGTH)(value)


class SubmitTokenMixin(forms.Form):
    """A token per rendered form: sending the same form twice creates one post."""

    submit_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submit_token", uuid.uuid4())


class ThreadForm(SubmitTokenMixin):
    title = forms.CharField(
        label=_("Title"),
        min_length=3,
        max_length=150,
        validators=[validate_line, validate_not_blank_after_normalising],
    )
    body = BodyField()

    field_order = ["title", "body", "submit_token"]


class BootstrapBoundField(forms.BoundField):
    """Bootstrap's classes on the widget (Django adds `required`, `aria-invalid` and `aria-describedby`), for a
    form written out in its template instead of rendered by crispy."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        classes = [attrs.get("class"), "form-control", "is-invalid" if self.errors else None]
        attrs["class"] = " ".join(filter(None, classes))
        return attrs


class ReplyForm(SubmitTokenMixin):
    # Written out in forum/_reply_form.html: it is on every thread page a member reads, where |crispy cost 6 %
    # of the page's time.
    body = BodyField(label=_("Your reply"), bound_field_class=BootstrapBoundField)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class EditPostForm(forms.Form):
    body = BodyField()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        validators=[validate_line],
        help_text=_("Recorded in the moderation log."),
    )


class HideForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["reason"].help_text = _("Shown in place of hidden content and recorded in the moderation log.")


class MoveThreadForm(ReasonForm):
    category = forms.ModelChoiceField(label=_("New category"), queryset=Category.objects.all())

    field_order = ["category", "reason"]


class RenameThreadForm(ReasonForm):
    title = forms.CharField(
        label=_("New title"),
        validators=[
            MinLengthValidator(3),
            validate_line,
            validate_not_blank_after_normalising,
        ],
        max_length=150,
    )

    field_order = ["title", "reason"]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_text],
    )
