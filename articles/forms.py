from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, URLValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from articles.models import Comment
from articles.permissions import comment_skips_moderation
from core.validators import validate_line, validate_not_blank_after_normalising, validate_public_url, validate_text


class CommentForm(forms.Form):
    """The form under an article. Members do not type name or e-mail: their comment refers to their account."""

    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_text, validate_not_blank_after_normalising],
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, validators=[validate_line, validate_not_blank_after_normalising]
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,  # the column's length: a longer address must be a form error, not a database error
        help_text=_("Your e-mail address will not be published."),
        validators=[validate_line],
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[validate_line, URLValidator(schemes=["http", "https"]), validate_public_url],
    )
    remember = forms.BooleanField(
        label=_("Remember my name, e-mail address and website in this browser for my next comment."),
        required=False,
    )
    notify_on_approval = forms.BooleanField(
        label=_("E-mail me when my comment has been approved."),
        required=False,
    )
    notify_replies = forms.BooleanField(
        label=_("Notify me of replies to my comment"),
        help_text=_("You will get an e-mail with a link to confirm this first."),
        required=False,
    )
    parent = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**62,
        # A hidden field: whatever is wrong with it, the reader can only be told the comment is not there.
        error_messages=dict.fromkeys(
            ["invalid", "min_value", "max_value"], _("The comment you are replying to does not exist (any more).")
        ),
    )
    timestamp = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden by CSS and from assistive technology; people leave it empty, simple bots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, user, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.article = article
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
        self.fields["body"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_LENGTH
        # A forged timestamp (NUL bytes, too long) must reach the view's "send it again" answer, not be a silent
        # field error: the view re-renders the form with a fresh timestamp, which would hide that error.
        self.fields["timestamp"].validators = []
        if user.is_authenticated:
            for name in ("name", "email", "website", "remember", "notify_replies"):
                del self.fields[name]
        if comment_skips_moderation(user):
            del self.fields["notify_on_approval"]  # published at once: there is no approval to wait for

    def clean_name(self):
        """A guest may not write under a member's name, nor under one that looks like it (WordPress asks them to
        log in, too)."""
        name = self.cleaned_data["name"]
        if User.objects.imitated_by(name).exists():
            next_url = self.article.get_absolute_url() + "#kommentar-formular"
            login_url = reverse("account_login") + "?" + urlencode({"next": next_url})
            raise forms.ValidationError(
                format_html(
                    gettext(
                        'This name belongs to a member. If it is yours, please <a href="{url}">log in</a>; '
                        "otherwise choose another name."
                    ),
                    url=login_url,
                ),
                code="member_name",
            )
        return name

    def clean_parent(self):
        pk = self.cleaned_data.get("parent")
        if pk is None:
            return None
        parent = Comment.objects.approved().filter(article=self.article, pk=pk).first()
        if (
            parent is not None
            and Comment.objects.filter(pk__in=parent.ancestor_ids).exclude(status=Comment.Status.APPROVED).exists()
        ):
            parent = None  # under a pending or spam comment: hidden, like its ancestor
        if parent is None:
            raise forms.ValidationError(_("The comment you are replying to does not exist (any more)."))
        return parent

    @property
    def is_honeypot_filled(self):
        return bool(self.data.get("homepage"))


class CommentEditForm(forms.ModelForm):
    """A moderator's edit of a comment."""

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
        self.fields["body"].validators.append(validate_not_blank_after_normalising)
        if self.instance.user_id:
            del self.fields["name"]
            del self.fields["email"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_text, validate_not_blank_after_normalising],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].validators.append(MaxLengthValidator(settings.COMMENTS_MAX_LENGTH))
