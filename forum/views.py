from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.markup import render_markdown
from forum import moderation, reading, services
from forum.forms import (
    EditPostForm,
    HideForm,
    MoveThreadForm,
    ReasonForm,
    RenameThreadForm,
    ReplyForm,
    ReportForm,
    ThreadForm,
)
from forum.models import Category, Post, Report, Thread
from forum.permissions import (
    can_delete_post,
    can_edit_post,
    can_moderate,
    can_read_category,
    can_reply,
    can_report_post,
    can_see_post_body,
    can_start_thread,
    takes_replies,
)


def _rate_limited(form):
    """Keep the typed text and say when to try again; the response is a 429."""
    form.add_error(
        None,
        ngettext(
            "You can post once every %(seconds)d second. Please send your text again in a moment.",
            "You can post once every %(seconds)d seconds. Please send your text again in a moment.",
            settings.FORUM_POST_INTERVAL,
        )
        % {"seconds": settings.FORUM_POST_INTERVAL},
    )
    return 429


def _thread_url(thread, *, view=None, page=1, branch=None, after=None, anchor=None, canonical=False):
    """A thread page's URL. The view is always spelled out (the reader's remembered view must not decide what a
    link shows), except in the canonical URL of the default (threaded) view."""
    query = {}
    if view and not (canonical and view == reading.THREADED):
        query["view"] = view
    if page > 1:
        query["page"] = page
    if branch:
        query["branch"] = branch
    if after:
        query["after"] = after
    url = thread.get_absolute_url()
    if query:
        url += "?" + urlencode(query)
    if anchor:
        url += f"#post-{anchor}"
    return url


def _threads(user):
    return Thread.objects.visible_to(user).select_related("category__parent")


def _decorate(posts, user, thread):
    """Attach what the templates ask of each post, worked out once per page: the permission predicates and the
    links (one reverse() per post and per distinct author, instead of one per link in the template)."""
    moderator = can_moderate(user)
    replies_open = can_reply(user, thread)
    reply_url = reverse("forum:reply_create", args=[thread.pk])
    profile_urls = {}
    for post in posts:
        post.thread = thread
        post.url = post.get_absolute_url()
        if post.author_id not in profile_urls:
            profile_urls[post.author_id] = post.author.get_absolute_url()
        post.author_url = profile_urls[post.author_id]
        post.show_body = can_see_post_body(user, post)
        post.reply_url = f"{reply_url}?to={post.pk}" if replies_open and takes_replies(post) else None
        post.may_edit = can_edit_post(user, post)
        post.may_delete = can_delete_post(user, post)
        post.may_report = can_report_post(user, post)
        post.may_moderate = moderator
    return posts


# --- Reading ----------------------------------------------------------------------------------------------


def index(request):
    categories = list(
        Category.objects.readable_by(request.user).select_related("last_post__author", "last_post__thread")
    )
    top_level = [category for category in categories if category.parent_id is None]
    for category in top_level:
        category.subcategories = [child for child in categories if child.parent_id == category.pk]
    return render(request, "forum/index.html", {"categories": top_level})


def category_detail(request, slug):
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    if not can_read_category(request.user, category):
        raise Http404("Members only.")
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(category=category)
        .with_last_post()
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    paginator = Paginator(threads, settings.FORUM_THREADS_PER_PAGE)
    if not can_moderate(request.user):
        # The category's counter instead of counting its threads (a count grows with them): it holds the listed
        # threads, which is what readers see, plus a member's own threads that wait for approval.
        own_held = (
            request.user.is_authenticated
            and category.threads.filter(author=request.user, is_held=True, is_hidden=False).count()
        )
        paginator.count = category.thread_count + own_held
    number = reading.parse_page(request.GET.get("page"))
    try:
        page = paginator.page(number)
    except EmptyPage:
        if number > 1:
            raise Http404("No such page.") from None
        page = paginator.page(1)
    subcategories = (
        Category.objects.readable_by(request.user)
        .filter(parent=category)
        .select_related("last_post__author", "last_post__thread")
    )

    def page_url(n):
        return category.get_absolute_url() + (f"?page={n}" if n > 1 else "")

    return render(
        request,
        "forum/category_detail.html",
        {
            "category": category,
            "subcategories": subcategories,
            "threads": page.object_list,
            "page": number,
            "num_pages": paginator.num_pages,
            "page_links": _page_links(number, paginator.num_pages, page_url),
            "prev_url": page_url(number - 1) if number > 1 else None,
            "next_url": page_url(number + 1) if page.has_next() else None,
            "canonical_url": request.build_absolute_uri(page_url(number)),
            "can_start_thread": can_start_thread(request.user, category),
        },
    )


def _to_canonical_thread_url(request, thread):
    """A permanent redirect to the thread's current URL, keeping the page, view and cursor asked for."""
    url = thread.get_absolute_url()
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return redirect(url, permanent=True)


def thread_redirect(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    return _to_canonical_thread_url(request, thread)


def thread_detail(request, pk, slug):
    thread = get_object_or_404(_threads(request.user).select_related("author"), pk=pk)
    if slug != thread.slug:
        return _to_canonical_thread_url(request, thread)
    page = reading.thread_page(request, thread)
    _decorate(page.posts, request.user, thread)
    branch_id = page.branch.pk if page.branch else None

    def page_url(number, after=None, canonical=False):
        return _thread_url(thread, view=page.view, page=number, branch=branch_id, after=after, canonical=canonical)

    prev_url = next_url = None
    if page.after:
        prev_url = page_url(page.number)
    elif page.number > 1:
        prev_url = page_url(page.number - 1)
    if page.continue_after:
        next_url = page_url(page.number, after=page.continue_after)
    elif page.number < page.num_pages:
        next_url = page_url(page.number + 1)
    posts = page.posts
    # The opening post describes every page of the thread (meta description, structured data).
    opening_post = (
        posts[0]
        if posts and posts[0].position == 1
        else thread.posts.visible_to(request.user).select_related("author").filter(position=1).first()
    )
    if opening_post is not None and opening_post not in posts:
        _decorate([opening_post], request.user, thread)
    context = {
        "thread": thread,
        "category": thread.category,
        "posts": posts,
        "opening_post": opening_post,
        "view": page.view,
        "page": page.number,
        "num_pages": page.num_pages,
        "page_links": _page_links(page.number, page.num_pages, page_url),
        "branch": page.branch,
        "canonical_url": request.build_absolute_uri(page_url(page.number, after=page.after, canonical=True)),
        "prev_url": prev_url,
        "next_url": next_url,
        "threaded_url": _thread_url(thread, view=reading.THREADED),
        "chronological_url": _thread_url(thread, view=reading.CHRONOLOGICAL),
        "can_reply": can_reply(request.user, thread),
        "can_moderate": can_moderate(request.user),
        "reply_form": ReplyForm() if can_reply(request.user, thread) else None,
    }
    return reading.remember_view(request, render(request, "forum/thread_detail.html", context))


def _page_links(page, num_pages, url_for):
    """(number, url, gap before it) for the first, the last and two pages either side of the current one."""
    numbers = sorted({1, num_pages, *range(max(1, page - 2), min(num_pages, page + 2) + 1)})
    return [(number, url_for(number), index > 0 and number - numbers[index - 1] > 1)
            for index, number in enumerate(numbers)]  # fmt: skip


def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
    thread = get_object_or_404(_threads(request.user), pk=post.thread_id)
    post.thread = thread
    view = reading.reading_view(request)
    if view == reading.CHRONOLOGICAL:
        page = reading.chronological_page_of(post)
        return redirect(_thread_url(thread, view=view, page=page, anchor=post.pk))
    page, root, after = reading.threaded_location(post, request.user)
    return redirect(
        _thread_url(thread, view=view, page=page, branch=root.pk if root else None, after=after, anchor=post.pk)
    )


# --- Writing ----------------------------------------------------------------------------------------------


@login_required
def thread_create(request, slug):
    category = get_object_or_404(Category, slug=slug)
    if not can_start_thread(request.user, category):
        raise PermissionDenied(_("This category takes no new threads."))
    # ?titel= prefills the title (the search page's "ask in the forum" passes the query).
    title = "".join(char for char in request.GET.get("titel", "")[:150] if char.isprintable())
    form = ThreadForm(request.POST or None, initial={"title": title.strip()})
    preview, status = None, 200
    if request.method == "POST" and form.is_valid():
        duplicate = services.find_duplicate(request.user, form.cleaned_data["submit_token"])
        if duplicate is not None:
            return redirect(duplicate.thread)
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        elif services.rate_limit_exceeded(request.user):
            status = _rate_limited(form)
        else:
            try:
                thread = services.start_thread(
                    category=category,
                    author=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    submit_token=form.cleaned_data["submit_token"],
                )
            except services.DuplicateSubmission as duplicate_submission:
                return redirect(duplicate_submission.post.thread)
            if thread.is_held:
                messages.info(request, _("Your thread is waiting for a moderator's approval."))
            return redirect(thread)
    return render(
        request, "forum/thread_form.html", {"category": category, "form": form, "preview": preview}, status=status
    )


@login_required
def reply_create(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    if not can_reply(request.user, thread):
        raise PermissionDenied(_("This thread takes no new replies."))
    form = ReplyForm(request.POST or None, initial={"parent": reading.parse_int(request.GET.get("to"))})
    parent_id = form["parent"].value()
    parent = None
    if parent_id not in (None, ""):
        parent_id = reading.parse_int(str(parent_id))
        parent = get_object_or_404(thread.posts.visible_to(request.user).select_related("author"), pk=parent_id)
        if not takes_replies(parent):
            # A forged reference to a hidden, deleted, held or rejected post: the page offers no "Reply" there.
            raise PermissionDenied(_("This post takes no replies."))
        parent.thread = thread
        parent.show_body = can_see_post_body(request.user, parent)
    preview, status = None, 200
    if request.method == "POST" and form.is_valid():
        duplicate = services.find_duplicate(request.user, form.cleaned_data["submit_token"])
        if duplicate is not None:
            return redirect(duplicate)
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        elif services.rate_limit_exceeded(request.user):
            status = _rate_limited(form)
        else:
            try:
                post = services.reply_to_thread(
                    thread=thread,
                    author=request.user,
                    parent=parent,
                    body=form.cleaned_data["body"],
                    submit_token=form.cleaned_data["submit_token"],
                )
            except services.DuplicateSubmission as duplicate_submission:
                post = duplicate_submission.post
            if post.is_held:
                messages.info(request, _("Your post is waiting for a moderator's approval."))
            return redirect(post)
    return render(
        request,
        "forum/reply_form.html",
        {"thread": thread, "parent": parent, "form": form, "preview": preview},
        status=status,
    )


def _post_for(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("author"), pk=pk)
    post.thread = get_object_or_404(_threads(request.user), pk=post.thread_id)
    return post


@login_required
def post_edit(request, pk):
    post = _post_for(request, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied(_("You cannot edit this post."))
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            services.edit_post(post=post, editor=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your changes have been saved."))
            if post.is_held:
                messages.info(request, _("Your post is waiting for a moderator's approval."))
            return redirect(post)
    return render(request, "forum/post_edit.html", {"post": post, "form": form, "preview": preview})


@login_required
def post_delete(request, pk):
    post = _post_for(request, pk)
    if not can_delete_post(request.user, post):
        raise PermissionDenied(_("You cannot delete this post."))
    if request.method == "POST":
        services.delete_post(post=post, user=request.user)
        messages.success(request, _("Your post has been deleted."))
        return redirect(post)
    return render(request, "forum/post_confirm_delete.html", {"post": post})


@login_required
def post_report(request, pk):
    post = _post_for(request, pk)
    if not can_report_post(request.user, post):
        raise PermissionDenied(_("You cannot report this post."))
    if Report.objects.filter(post=post, reporter=request.user).exists():
        messages.info(request, _("You have already reported this post. Thank you."))
        return redirect(post)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_post(post=post, reporter=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you. A moderator will look at this post."))
        return redirect(post)
    return render(request, "forum/report_form.html", {"post": post, "form": form})


# --- Moderation -------------------------------------------------------------------------------------------


def _require_moderator(request):
    if not can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can do this."))


def _post_moderate_page(request, post, hide_form=None, status=200):
    post.show_body = True
    return render(
        request,
        "forum/post_moderate.html",
        {
            "post": post,
            "revisions": post.revisions.select_related("replaced_by"),
            "hide_form": hide_form or HideForm(),
        },
        status=status,
    )


@login_required
def post_moderate(request, pk):
    """A post with its previous versions and the moderation actions (moderators only)."""
    post = _post_for(request, pk)
    _require_moderator(request)
    return _post_moderate_page(request, post)


POST_ACTIONS = {"hide", "unhide", "approve", "reject", "restore"}


@login_required
@require_POST
def post_action(request, pk, action):
    if action not in POST_ACTIONS:
        raise Http404("Unknown action.")
    post = _post_for(request, pk)
    _require_moderator(request)
    form = (HideForm if action == "hide" else ReasonForm)(request.POST)
    if not form.is_valid():
        # The form again with its error and the typed reason (only the hide form has a visible reason field).
        if action == "hide":
            return _post_moderate_page(request, post, hide_form=form, status=400)
        messages.error(request, form.errors["reason"][0])
        return redirect("forum:post_moderate", pk=post.pk)
    reason = form.cleaned_data["reason"]
    match action:
        case "hide":
            services.hide_post(post=post, moderator=request.user, reason=reason)
        case "unhide":
            services.unhide_post(post=post, moderator=request.user, reason=reason)
        case "approve":
            services.approve_post(post=post, moderator=request.user)
        case "reject":
            services.reject_post(post=post, moderator=request.user, reason=reason)
        case "restore":
            services.restore_post(post=post, moderator=request.user, reason=reason)
    messages.success(request, _("Done."))
    if request.POST.get("next") == "queue":
        return redirect("core:moderation_queue")
    return redirect(post)


@login_required
def thread_moderate(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    _require_moderator(request)
    return render(
        request,
        "forum/thread_moderate.html",
        {
            "thread": thread,
            "hide_form": HideForm(),
            "move_form": MoveThreadForm(initial={"category": thread.category_id}),
            "rename_form": RenameThreadForm(initial={"title": thread.title}),
        },
    )


THREAD_ACTIONS = {"lock", "unlock", "pin", "unpin", "hide", "unhide", "move", "rename"}


@login_required
@require_POST
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404("Unknown action.")
    thread = get_object_or_404(_threads(request.user), pk=pk)
    _require_moderator(request)
    form_class = {"hide": HideForm, "move": MoveThreadForm, "rename": RenameThreadForm}.get(action, ReasonForm)
    form = form_class(request.POST)
    if not form.is_valid():
        return render(
            request,
            "forum/thread_moderate.html",
            {
                "thread": thread,
                "hide_form": form if action == "hide" else HideForm(),
                "move_form": form if action == "move" else MoveThreadForm(initial={"category": thread.category_id}),
                "rename_form": form if action == "rename" else RenameThreadForm(initial={"title": thread.title}),
            },
            status=400,
        )
    data = form.cleaned_data
    moderator = request.user
    match action:
        case "lock" | "unlock":
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=action == "lock")
        case "pin" | "unpin":
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_pinned", value=action == "pin")
        case "hide":
            services.hide_thread(thread=thread, moderator=moderator, reason=data["reason"])
        case "unhide":
            services.unhide_thread(thread=thread, moderator=moderator, reason=data["reason"])
        case "move":
            services.move_thread(thread=thread, moderator=moderator, category=data["category"], reason=data["reason"])
        case "rename":
            services.rename_thread(thread=thread, moderator=moderator, title=data["title"], reason=data["reason"])
    messages.success(request, _("Done."))
    thread.refresh_from_db()
    return redirect(thread)


@login_required
def moderation_queue(request):
    _require_moderator(request)
    return render(request, "forum/moderation_queue.html", moderation.queue_context())


@login_required
@require_POST
def report_action(request, pk, action):
    if action not in {"hide", "dismiss"}:
        raise Http404("Unknown action.")
    _require_moderator(request)
    report = get_object_or_404(Report.objects.select_related("post__thread"), pk=pk)
    if report.status != Report.Status.OPEN:
        # A second click, or another moderator was quicker: nothing to do, and no error page.
        messages.info(request, _("This report has already been handled."))
        return redirect("core:moderation_queue")
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.resolve_report(report=report, moderator=request.user, hide=action == "hide", reason=reason)
    messages.success(request, _("Done."))
    return redirect("core:moderation_queue")
