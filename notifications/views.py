from itertools import groupby

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from forum.models import Category, Thread
from forum.permissions import can_moderate, can_read_category
from notifications import emails, guests, services, text
from notifications.forms import SettingsForm, WatchForm, kinds_for
from notifications.models import (
    ArticleFollow,
    Frequency,
    Kind,
    MemberSettings,
    Notification,
    NotificationSetting,
)

LIST_LENGTH = 100


def _parse_ids(values):
    return [int(value) for value in values if value.isdigit() and len(value) < 19]


@login_required
def notification_list(request):
    notifications = list(Notification.objects.filter(recipient=request.user).for_list()[:LIST_LENGTH])
    groups = []
    for _key, items in groupby(
        notifications, key=lambda n: (n.kind, n.thread_id or n.article_id or n.pk, n.read_at is None)
    ):
        items = list(items)
        groups.append(
            {
                "summary": text.group_summary(items),
                "url": items[0].get_absolute_url(),
                "unread": items[0].read_at is None,
                "ids": [n.pk for n in items],
                "created_at": items[0].created_at,
                "reason": items[0].reason if items[0].kind == Kind.MODERATION else "",
            }
        )
    return render(request, "notifications/notification_list.html", {"groups": groups})


@login_required
@require_POST
def mark_read(request):
    ids = None if "all" in request.POST else _parse_ids(request.POST.getlist("id"))
    services.mark_read(user=request.user, ids=ids)
    return redirect("notifications:list")


@login_required
def notification_open(request, pk):
    """Follow a notification: it counts as read, and the reader lands on what it is about."""
    notification = get_object_or_404(
        Notification.objects.select_related("thread__category", "article"), pk=pk, recipient=request.user
    )
    if notification.read_at is None:
        services.mark_read(user=request.user, ids=[notification.pk])
    return redirect(text.target_url(notification))


def _may_moderate(user):
    return can_moderate(user) or user.has_perm("articles.moderate_comment")


@login_required
def settings_edit(request):
    kinds = kinds_for(request.user, _may_moderate(request.user))
    current = {row.kind: (row.in_app, row.email) for row in NotificationSetting.objects.filter(user=request.user)}
    member = services.member_settings(request.user)
    form = SettingsForm(
        request.POST or None,
        kinds=kinds,
        current=current,
        language=member.language or request.LANGUAGE_CODE,
        email_off=member.email_off,
    )
    if form.is_valid():
        for kind in kinds:
            NotificationSetting.objects.update_or_create(
                user=request.user,
                kind=kind,
                defaults={"in_app": form.cleaned_data[f"{kind}_in_app"], "email": form.cleaned_data[f"{kind}_email"]},
            )
        member.language = form.cleaned_data["language"]
        member.email_off = form.cleaned_data["email_off"]
        member.save()
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings_form.html", {"form": form})


@login_required
@require_POST
def watch_thread(request, pk):
    thread = get_object_or_404(Thread.objects.visible_to(request.user).select_related("category"), pk=pk)
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_thread_level(user=request.user, thread=thread, level=form.cleaned_data["level"])
        messages.success(request, _("Your notification level for this thread has been saved."))
    return redirect(thread)


@login_required
@require_POST
def watch_category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not can_read_category(request.user, category):
        raise Http404("Members only.")
    form = WatchForm(request.POST)
    if form.is_valid():
        services.set_category_level(user=request.user, category=category, level=form.cleaned_data["level"])
        messages.success(request, _("Your notification level for this category has been saved."))
    return redirect(category)


@login_required
@require_POST
def follow_article(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if request.POST.get("follow") == "0":
        ArticleFollow.objects.filter(user=request.user, article=article).delete()
        messages.success(request, _("You no longer follow the comments on this article."))
    else:
        ArticleFollow.objects.get_or_create(user=request.user, article=article)
        messages.success(request, _("You will hear of new comments on this article."))
    return redirect(article)


def _kind_label(kind):
    if kind in Kind.values:
        return Kind(kind).label
    if kind in (Frequency.DAILY, Frequency.WEEKLY):
        return Frequency(kind).label
    if kind == guests.GUEST_KIND:
        return _("Replies to your comment")
    return _("All e-mails")


@csrf_exempt  # mail clients post here without a token (RFC 8058); the signed token in the URL authorises it
def unsubscribe(request, token):
    payload = emails.read_unsubscribe_token(token)
    if payload is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = payload["k"]
    if request.method == "POST":
        scope = emails.ALL if request.POST.get("scope") == emails.ALL else kind
        if "s" in payload:
            guests.cancel(subscription_id=payload["s"], everything=scope == emails.ALL)
        else:
            _unsubscribe_member(payload["u"], scope)
        return render(request, "notifications/unsubscribe_done.html", {"label": _kind_label(scope)})
    return render(request, "notifications/unsubscribe_confirm.html", {"label": _kind_label(kind), "token": token})


def _unsubscribe_member(user_id, scope):
    if not get_user_model().objects.filter(pk=user_id).exists():
        return  # the account is gone, and with it every mail
    if scope == emails.ALL:
        MemberSettings.objects.update_or_create(user_id=user_id, defaults={"email_off": True})
    elif scope in (Frequency.DAILY, Frequency.WEEKLY):
        chosen = {row.kind: row for row in NotificationSetting.objects.filter(user_id=user_id)}
        for kind, (in_app, email) in services.DEFAULTS.items():
            row = chosen.get(kind)
            if (row.email if row else email) == scope:
                NotificationSetting.objects.update_or_create(
                    user_id=user_id,
                    kind=kind,
                    defaults={"email": Frequency.NEVER, "in_app": row.in_app if row else in_app},
                )
    elif scope in Kind.values:
        row = NotificationSetting.objects.filter(user_id=user_id, kind=scope).first()
        in_app = row.in_app if row else services.DEFAULTS[scope][0]
        NotificationSetting.objects.update_or_create(
            user_id=user_id, kind=scope, defaults={"email": Frequency.NEVER, "in_app": in_app}
        )
    # Nothing waiting for a digest of a kind that is off now is sent later.
    Notification.objects.filter(recipient_id=user_id, email_sent_at__isnull=True).exclude(email_due="").filter(
        **({} if scope == emails.ALL else {"kind": scope} if scope in Kind.values else {"email_due": scope})
    ).update(email_due="")


def confirm_guest_subscription(request, token):
    """Double opt-in: the link in the mail shows a button; pressing it confirms (mail scanners only GET)."""
    subscription = guests.read_confirmation_token(token)
    if subscription is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
        return render(request, "notifications/guest_confirmed.html", {"subscription": subscription})
    return render(request, "notifications/guest_confirm.html", {"subscription": subscription, "token": token})
