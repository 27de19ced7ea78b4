import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import fragments, services, spam
from articles.forms import CommentEditForm, CommentForm, ReplyForm
from articles.models import Article, Category, Comment, CommentLike, Series
from articles.permissions import can_like_comment, can_moderate_comments
from core import page_cache
from core.links import next_path

PENDING_SESSION_KEY = "articles_pending_comments"
REMEMBER_COOKIE = "stammtisch_commenter"
REMEMBER_SALT = "articles.remember-commenter"
COMMENT_PAGE_PARAM = "kommentare"


def article_list(request):
    page_cache.expire_at(request, Article.objects.next_publication_at())
    articles = Article.objects.published().with_related().with_public_comment_count().newest_first()
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/article_list.html", {"page_obj": page})


def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    page_cache.expire_at(request, category.articles.next_publication_at())
    articles = category.articles.published().with_related().with_public_comment_count().newest_first()
    page = Paginator(articles, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/category_detail.html", {"category": category, "page_obj": page})


def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    page_cache.expire_at(request, series.articles.next_publication_at())
    articles = series.articles.published().with_related().with_public_comment_count().order_by("series_position")
    return render(request, "articles/series_detail.html", {"series": series, "articles": articles})


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.visible_to(request.user).with_related(), slug=slug)
    page_cache.expire_at(request, Article.objects.next_publication_at())  # a series' next chapter may go live
    form = None
    if article.comments_are_open():
        page_cache.expire_at(request, article.comments_close_at())  # the form goes when comments close
        initial = _form_initial(request)
        reply_to = request.GET.get("antwort", "")
        if reply_to.isascii() and reply_to.isdigit() and len(reply_to) < 19:
            initial["parent"] = int(reply_to)
        form = CommentForm(user=request.user, article=article, initial=initial)
    return _render_article(request, article, form)


@require_POST
def comment_create(request, slug):
    article = get_object_or_404(Article.objects.published().with_related(), slug=slug)
    if not article.comments_are_open():
        messages.error(request, _("Comments on this article are closed."))
        return _render_article(request, article, None, status=403)
    form = CommentForm(request.POST, user=request.user, article=article)
    if form.is_honeypot_filled:
        form = _with_fresh_timestamp(form, request, article)
        form.add_error(None, _("Your comment could not be accepted. Please try again."))
        return _render_article(request, article, form, status=400)
    if not form.is_valid():
        return _render_article(request, article, _with_fresh_timestamp(form, request, article))

    seconds = spam.seconds_since(form.cleaned_data["timestamp"])
    if seconds is None or seconds > settings.COMMENTS_FORM_MAX_AGE_HOURS * 3600:
        form = _with_fresh_timestamp(form, request, article)
        form.add_error(
            None,
            _("This form was open for too long (or could not be checked). Please send it again: your text is kept."),
        )
        return _render_article(request, article, form, status=400)

    ip = spam.client_ip(request)
    email = request.user.email if request.user.is_authenticated else form.cleaned_data["email"]
    if spam.rate_limited(spam.rate_limit_network(ip), email):
        form = _with_fresh_timestamp(form, request, article)
        form.add_error(
            None,
            _("You have written many comments in a short time. Please wait a few minutes and send it again."),
        )
        return _render_article(request, article, form, status=429)
    data = form.cleaned_data
    with transaction.atomic():
        # One comment at a time per article: a double click (two requests at once) cannot slip two copies past
        # the duplicate check. (SQLite ignores the lock; it writes one transaction at a time anyway.)
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk", flat=True))
        duplicate = _is_duplicate(article, data["body"], request.user, email, ip)
        if not duplicate:
            comment = services.post_comment(
                article=article,
                user=request.user,
                body=data["body"],
                parent=data["parent"],
                name=data.get("name", ""),
                email=data.get("email", ""),
                website=data.get("website", ""),
                ip_address=ip,
                notify_on_approval=data.get("notify_on_approval", False),
                notify_replies=data.get("notify_replies", False),
                seconds_since_render=seconds,
            )
    if duplicate:
        form = _with_fresh_timestamp(form, request, article)
        form.add_error("body", _("You have already written this comment here."))
        return _render_article(request, article, form)
    spam.count_towards_rate_limit(spam.rate_limit_network(ip), email)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you! Your comment has been published."))
    else:
        messages.info(request, _("Thank you! Your comment is waiting for approval."))
    if comment.status == Comment.Status.PENDING:
        pending = [pk for pk in request.session.get(PENDING_SESSION_KEY, []) if isinstance(pk, int)]
        request.session[PENDING_SESSION_KEY] = (pending + [comment.pk])[-50:]
    response = redirect(_comment_url(request, comment) if comment.status != Comment.Status.SPAM else article)
    _remember_commenter(response, request, data)
    return response


def comment_permalink(request, slug, pk):
    """The lasting address of a comment: sends the reader to the page of the article's comments it is on."""
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    own_pending = request.session.get(PENDING_SESSION_KEY, [])
    comment = get_object_or_404(
        Comment.objects.filter(article=article).visible_to(request.user, own_pending).select_related("article"), pk=pk
    )
    return redirect(_comment_url(request, comment))


def _likable_comment(request, slug, pk):
    """An approved comment every reader sees, on a published article (anything else is a 404)."""
    return get_object_or_404(
        Comment.objects.public().on_published_articles().select_related("article", "user"), article__slug=slug, pk=pk
    )


@login_required
@require_POST
def comment_like(request, slug, pk):
    """Like (`like=1`) or stop liking (`like=0`) a comment: a form without JavaScript, a swapped button with htmx."""
    comment = _likable_comment(request, slug, pk)
    if not can_like_comment(request.user, comment):
        raise PermissionDenied(_("You cannot like this comment."))
    status = 200
    if services.like_rate_exceeded(request.user):
        status = 429
        messages.error(request, _("You have liked many posts in a short time. Please wait a few minutes."))
    else:
        services.set_comment_like(comment=comment, user=request.user, like=request.POST.get("like") != "0")
    if request.htmx:
        liked = CommentLike.objects.filter(user=request.user, comment=comment).exists()
        return HttpResponse(fragments.render_like(request, comment, liked=liked), status=status)
    return redirect(comment.get_absolute_url())


def comment_likers(request, slug, pk):
    """Who likes a comment."""
    comment = _likable_comment(request, slug, pk)
    likes = comment.likes.select_related("user").order_by("-created_at", "-pk")[:100]
    context = {"comment": comment, "likers": [like.user for like in likes]}
    return render(request, "articles/comment_likers.html", context)


def _render_article(request, article, form, status=200):
    own_pending = request.session.get(PENDING_SESSION_KEY, []) if hasattr(request, "session") else []
    comments = (
        Comment.objects.filter(article=article)
        .visible_to(request.user, own_pending)
        .select_related("user")
        .in_thread_order()
    )
    if request.user.is_authenticated:
        liked = CommentLike.objects.filter(user=request.user, comment=OuterRef("pk"))
        comments = comments.annotate(liked=Exists(liked))
    page = Paginator(comments, settings.COMMENTS_PER_PAGE).get_page(request.GET.get(COMMENT_PAGE_PARAM))
    previous_chapter, next_chapter = article.series_neighbours()
    reply_to = None
    parent = form and (form.initial.get("parent") or form.data.get("parent"))
    if parent and str(parent).isascii() and str(parent).isdigit() and len(str(parent)) < 19:
        reply_to = Comment.objects.approved().filter(article=article, pk=int(parent)).select_related("user").first()
    shown = _without_hidden_ancestors(list(page.object_list), comments)
    for comment in shown:
        comment.may_like = can_like_comment(request.user, comment)
    moderator = can_moderate_comments(request.user)
    context = {
        "comment_html": fragments.render_comments(
            request, shown, article, replies_open=form is not None, moderator=moderator
        ),
        "reply_to": reply_to,
        "article": article,
        "comments": shown,
        "comment_page": page,
        "comment_count": article.comments.public().count(),
        "form": form,
        "previous_chapter": previous_chapter,
        "next_chapter": next_chapter,
        "can_moderate": moderator,
        "max_depth": settings.COMMENTS_MAX_DEPTH,
    }
    response = render(request, "articles/article_detail.html", context, status=status)
    if not article.is_published:
        add_never_cache_headers(response)  # a staff preview
    return response


def _without_hidden_ancestors(comments, visible):
    """Drop replies whose parent (or grandparent …) the reader may not see, e.g. a reply under a spam comment."""
    shown = {comment.pk for comment in comments}
    missing = {pk for comment in comments for pk in comment.ancestor_ids} - shown
    if missing:
        # Ancestors on earlier pages: one query for all of them, whatever the page size.
        shown |= set(visible.filter(pk__in=missing).values_list("pk", flat=True))
    return [comment for comment in comments if all(pk in shown for pk in comment.ancestor_ids)]


def _form_initial(request):
    initial = {"timestamp": spam.sign_timestamp()}
    remembered = request.get_signed_cookie(REMEMBER_COOKIE, default=None, salt=REMEMBER_SALT)
    if remembered and not request.user.is_authenticated:
        try:
            values = json.loads(remembered)
        except ValueError:
            values = {}
        if isinstance(values, dict):
            initial.update({key: str(values.get(key, ""))[:200] for key in ("name", "email", "website")})
            initial["remember"] = True
    return initial


def _with_fresh_timestamp(form, request, article):
    data = form.data.copy()
    data["timestamp"] = spam.sign_timestamp()
    data["homepage"] = ""  # a person whose browser filled in the honeypot can send the form again
    fresh = CommentForm(data, user=request.user, article=article)
    fresh.is_valid()
    return fresh


def _remember_commenter(response, request, data):
    if request.user.is_authenticated:
        return
    if data.get("remember"):
        value = json.dumps({key: data.get(key, "") for key in ("name", "email", "website")})
        response.set_signed_cookie(
            REMEMBER_COOKIE,
            value,
            salt=REMEMBER_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")


def _is_duplicate(article, body, user, email, ip):
    since = timezone.now() - timezone.timedelta(hours=settings.COMMENTS_DUPLICATE_WINDOW_HOURS)
    same_author = Q(user=user) if user.is_authenticated else Q(user=None, email__iexact=email)
    if ip:
        same_author |= Q(ip_address=ip)
    return Comment.objects.filter(same_author, article=article, body=body, created_at__gte=since).exists()


def _comment_url(request, comment):
    """The address of `comment` on its article, on the right page of the comments."""
    own_pending = request.session.get(PENDING_SESSION_KEY, [])
    before = (
        Comment.objects.filter(article=comment.article, path__lt=comment.path)
        .visible_to(request.user, own_pending)
        .count()
    )
    page = before // settings.COMMENTS_PER_PAGE + 1
    query = f"?{COMMENT_PAGE_PARAM}={page}" if page > 1 else ""
    return f"{comment.article.get_absolute_url()}{query}#kommentar-{comment.pk}"


# Moderation


def moderator_required(view):
    """Moderators and staff only: anonymous readers are sent to the login (GET) or refused (POST); members get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "GET":
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        if not can_moderate_comments(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


QUEUE_TABS = {
    "pending": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "approved": Comment.Status.APPROVED,
}


@moderator_required
def moderation_queue(request):
    tab = request.GET.get("status", "pending")
    if tab not in QUEUE_TABS:
        tab = "pending"
    # What waits (pending, spam) oldest first, as in the forum's queue; the approved tab shows the latest first.
    order = ("-created_at", "-pk") if tab == "approved" else ("created_at", "pk")
    comments = Comment.objects.filter(status=QUEUE_TABS[tab]).select_related("article", "user", "parent__user")
    page = Paginator(comments.order_by(*order), 50).get_page(request.GET.get("page"))
    counts = Comment.objects.aggregate(
        **{name: Count("pk", filter=Q(status=status)) for name, status in QUEUE_TABS.items()}
    )
    return render(
        request,
        "articles/comment_moderation.html",
        {"page_obj": page, "tab": tab, "counts": counts, "tabs": QUEUE_TABS},
    )


def _back_to_queue(request):
    """Back to the queue page the moderator acted from (`next`, a path of this site), else the comments' queue."""
    return HttpResponseRedirect(next_path(request) or reverse("articles:moderation_queue"))


def _moderate(request, comment, action):
    if action == "approve":
        services.approve_comment(
            comment=comment, actor=request.user, comment_url=request.build_absolute_uri(comment.get_absolute_url())
        )
    else:
        services.MODERATION_ACTIONS[action](comment=comment, actor=request.user)


# What happened, for one comment or several (the count is the number of comments).
ACTION_MESSAGES = {
    "approve": ngettext_lazy("Comment approved.", "%(count)d comments approved.", "count"),
    "spam": ngettext_lazy("Comment marked as spam.", "%(count)d comments marked as spam.", "count"),
    "not_spam": ngettext_lazy(
        "Comment moved back to the queue.", "%(count)d comments moved back to the queue.", "count"
    ),
    "reject": ngettext_lazy("Comment deleted.", "%(count)d comments deleted.", "count"),
}


@require_POST
@moderator_required
def moderation_action(request, pk, action):
    if action not in services.MODERATION_ACTIONS:
        raise Http404
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    _moderate(request, comment, action)
    messages.success(request, ACTION_MESSAGES[action] % {"count": 1})
    return _back_to_queue(request)


@require_POST
@moderator_required
def moderation_bulk(request):
    action = request.POST.get("action", "")
    if action not in services.MODERATION_ACTIONS:
        messages.error(request, _("Please choose an action."))
        return _back_to_queue(request)
    values = request.POST.getlist("comments")[:200]
    ids = [int(value) for value in values if value.isascii() and value.isdigit() and len(value) < 19]
    comments = list(Comment.objects.filter(pk__in=ids).select_related("article", "user"))
    for comment in comments:
        _moderate(request, comment, action)
    messages.success(request, ACTION_MESSAGES[action] % {"count": len(comments)})
    return _back_to_queue(request)


@moderator_required
def comment_edit(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        services.edit_comment(form=form, actor=request.user)
        messages.success(request, _("The comment has been saved."))
        return redirect("articles:moderation_queue")
    return render(request, "articles/comment_form.html", {"form": form, "comment": comment})


@moderator_required
def comment_approve_reply(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article", "user"), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reply = services.approve_and_reply(
            comment=comment,
            actor=request.user,
            body=form.cleaned_data["body"],
            comment_url=request.build_absolute_uri(comment.get_absolute_url()),
        )
        messages.success(request, _("The comment has been approved and your reply published."))
        return redirect(reply.get_absolute_url())
    return render(request, "articles/comment_reply.html", {"form": form, "comment": comment})
