from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.links import next_path
from core.markup import render_markdown
from forum import fragments, lists, moderation, quoting, reactions, reading, services, unread
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
from forum.models import Category, Post, PostLike, Report, Thread
from forum.permissions import (
    can_be_solution,
    can_bookmark_post,
    can_delete_post,
    can_edit_post,
    can_like_post,
    can_mark_solution,
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


# --- Reading ----------------------------------------------------------------------------------------------


def index(request):
    categories = list(
        unread.with_unread_flag(lists.category_rows_queryset(Category.objects.readable_by(request.user)), request.user)
    )
    top_level = [category for category in categories if category.parent_id is None]
    for category in top_level:
        subcategories = [child.roll_up() for child in categories if child.parent_id == category.pk]
        category.roll_up(subcategories)
    rows = lists.category_rows(request, top_level, with_subcategories=True)
    return render(request, "forum/index.html", {"categories": top_level, "category_rows": rows})


def category_detail(request, slug):
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    if not can_read_category(request.user, category):
        raise Http404("Members only.")
    threads = (
        lists.thread_rows_queryset(Thread.objects.visible_to(request.user).filter(category=category))
        .with_read_position(request.user)
        .order_by("-is_pinned", "-last_activity_at", "-pk")
    )
    open_questions = _open_questions_filter(request, category)
    if open_questions:
        threads = threads.filter(solution__isnull=True)
    paginator = Paginator(threads, settings.FORUM_THREADS_PER_PAGE)
    if not can_moderate(request.user) and not open_questions:
        # The category's counter instead of counting its threads (a count grows with them): it holds the listed
        # threads, which is what readers see, plus a member's own threads that wait for approval.
        own_held = (
            request.user.is_authenticated
            and category.threads.filter(author=request.user, is_held=True, is_hidden=False).count()
        )
        paginator.count = category.thread_count + own_held

    def page_url(n):
        query = {"offen": 1} if open_questions else {}
        if n > 1:
            query["page"] = n
        return category.get_absolute_url() + ("?" + urlencode(query) if query else "")

    page, pages = _list_page(request, paginator, page_url)
    subcategories = []
    if category.parent_id is None:  # only a top-level category has subcategories (one level: Category.clean())
        readable = Category.objects.readable_by(request.user).filter(parent=category)
        subcategories = [
            subcategory.roll_up()
            for subcategory in unread.with_unread_flag(lists.category_rows_queryset(readable), request.user)
        ]
    threads = list(page.object_list)
    if request.user.is_authenticated:
        unread.mark_threads(threads, request.user)
    return render(
        request,
        "forum/category_detail.html",
        {
            "category": category,
            "subcategories": lists.category_rows(request, subcategories),
            "threads": threads,
            "thread_rows": lists.thread_rows(request, threads),
            **pages,
            "canonical_url": request.build_absolute_uri(page_url(pages["page"])),
            "can_start_thread": can_start_thread(request.user, category),
            "open_questions": open_questions,
        },
    )


def _open_questions_filter(request, category):
    """`?offen=1` on a question category: only threads without a solution ("Offene Fragen")."""
    value = request.GET.get("offen")
    if value is None:
        return False
    if value != "1" or not category.is_question:
        raise Http404("Unknown filter.")
    return True


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
    threads = _threads(request.user).with_read_position(request.user)
    if not request.user.is_authenticated:
        threads = threads.select_related("author")  # the structured data names the thread's author
    thread = get_object_or_404(threads, pk=pk)
    if slug != thread.slug:
        return _to_canonical_thread_url(request, thread)
    page = reading.thread_page(request, thread)
    solution = _solution(thread)
    solution_box = fragments.render_thread_page(request, page.posts, thread, page.view, solution)
    # What was unread when the page was asked for; then this page counts as read (and `is_unread` below says
    # whether unread posts remain elsewhere).
    first_unread = unread.first_unread_on_page(thread, page.posts) if request.user.is_authenticated else None
    unread.record_reading(user=request.user, thread=thread, posts=page.posts)
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
        opening_post.show_body = can_see_post_body(request.user, opening_post)
    context = {
        "thread": thread,
        "category": thread.category,
        "posts": posts,
        "opening_post": opening_post,
        "first_unread": first_unread,
        "solution": solution,
        "solution_box": solution_box,
        "may_mark_solution": can_mark_solution(request.user, thread),
        "is_unread": request.user.is_authenticated and unread.is_unread(thread),
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


def _solution(thread):
    """The thread's solution as its pages show it (under the question), or None. Read on its own, only for a solved
    question: joined to every thread page's query, it cost every page more planning than the query saves."""
    if thread.solution_id is None or not thread.category.is_question:
        return None
    solution = Post.objects.select_related("author").filter(pk=thread.solution_id).first()
    if solution is None or not can_be_solution(solution):
        return None
    thread.solution = solution
    solution.thread = thread
    solution.url = solution.get_absolute_url()
    solution.author_url = solution.author.get_absolute_url()
    return solution


def _list_page(request, paginator, url_for):
    """Page `?page=N` of `paginator` (a wrong number is page 1, a page past the end a 404) and what
    `forum/_pagination.html` needs to link the pages; `url_for(n)` is page n's URL."""
    number = reading.parse_page(request.GET.get("page"))
    try:
        page = paginator.page(number)
    except EmptyPage:
        if number > 1:
            raise Http404("No such page.") from None
        page = paginator.page(1)
    return page, {
        "page": number,
        "num_pages": paginator.num_pages,
        "page_links": _page_links(number, paginator.num_pages, url_for),
        "prev_url": url_for(number - 1) if number > 1 else None,
        "next_url": url_for(number + 1) if page.has_next() else None,
    }


def _page_links(page, num_pages, url_for):
    """(number, url, gap before it) for the first, the last and two pages either side of the current one."""
    numbers = sorted({1, num_pages, *range(max(1, page - 2), min(num_pages, page + 2) + 1)})
    return [(number, url_for(number), index > 0 and number - numbers[index - 1] > 1)
            for index, number in enumerate(numbers)]  # fmt: skip


def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
    thread = get_object_or_404(_threads(request.user), pk=post.thread_id)
    return _redirect_to_post(request, thread, post)


def _redirect_to_post(request, thread, post):
    """To the page (and anchor) where the reader's view shows `post`."""
    post.thread = thread
    view = reading.reading_view(request)
    if view == reading.CHRONOLOGICAL:
        page = reading.chronological_page_of(post)
        return redirect(_thread_url(thread, view=view, page=page, anchor=post.pk))
    page, root, after = reading.threaded_location(post, request.user)
    return redirect(
        _thread_url(thread, view=view, page=page, branch=root.pk if root else None, after=after, anchor=post.pk)
    )


@login_required
def thread_first_unread(request, pk):
    """ "Zum ersten ungelesenen Beitrag": the page and anchor of the first unread post in the reader's view; the
    last post when everything is read."""
    thread = get_object_or_404(_threads(request.user).with_read_position(request.user), pk=pk)
    threaded = reading.reading_view(request) == reading.THREADED
    post = unread.first_unread_post(thread, threaded=threaded)
    if post is None:
        post = get_object_or_404(thread.posts.visible_to(request.user).order_by("-position")[:1])
    return _redirect_to_post(request, thread, post)


@login_required
def unread_list(request):
    """ "Neu für dich": threads with unread posts, newest activity first."""
    paginator = Paginator(lists.thread_rows_queryset(unread.unread_threads(request.user)),
                          settings.FORUM_THREADS_PER_PAGE)  # fmt: skip

    def page_url(n):
        return reverse("forum:unread_list") + (f"?page={n}" if n > 1 else "")

    page, pages = _list_page(request, paginator, page_url)
    threads = unread.mark_threads(list(page.object_list), request.user)
    return render(
        request,
        "forum/unread_list.html",
        {"threads": threads, "thread_rows": lists.thread_rows(request, threads), **pages},
    )


@login_required
@require_POST
def mark_read(request, slug=None):
    """ "Alle als gelesen markieren": in one category (and its subcategories) or in the whole forum."""
    category = None
    if slug is not None:
        category = get_object_or_404(Category, slug=slug)
    unread.mark_all_read(user=request.user, category=category)
    messages.success(request, _("Everything has been marked as read."))
    return redirect(category or "forum:index")


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
            else:
                messages.success(request, _("Your thread has been started."))
            return redirect(thread)
    return render(
        request, "forum/thread_form.html", {"category": category, "form": form, "preview": preview}, status=status
    )


@login_required
def reply_create(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    if not can_reply(request.user, thread):
        raise PermissionDenied(_("This thread takes no new replies."))
    initial = {"parent": reading.parse_int(request.GET.get("to"))}
    quoted_id = reading.parse_int(request.GET.get("zitat"))
    if quoted_id is not None and request.method != "POST":
        quoted = get_object_or_404(thread.posts.visible_to(request.user).select_related("author"), pk=quoted_id)
        if not takes_replies(quoted) or not can_see_post_body(request.user, quoted):
            raise PermissionDenied(_("This post cannot be quoted."))
        initial["body"] = quoting.quote(quoted, request.GET.get("auswahl"))
        initial["parent"] = initial["parent"] or quoted.pk
    form = ReplyForm(request.POST or None, initial=initial)
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
            else:
                messages.success(request, _("Your reply has been posted."))
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


@login_required
@require_POST
def post_mark_solution(request, pk):
    post = _post_for(request, pk)
    if not can_mark_solution(request.user, post.thread):
        raise PermissionDenied(_("You cannot choose the solution of this thread."))
    if not can_be_solution(post):
        raise PermissionDenied(_("This post cannot be the solution."))
    services.mark_solution(post=post, user=request.user)
    messages.success(request, _("The post has been marked as the solution."))
    return redirect(post)


@login_required
@require_POST
def thread_clear_solution(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    if not can_mark_solution(request.user, thread):
        raise PermissionDenied(_("You cannot choose the solution of this thread."))
    services.clear_solution(thread=thread, user=request.user)
    messages.success(request, _("The thread has no solution any more."))
    return redirect(thread)


@login_required
@require_POST
def post_like(request, pk):
    """Like (`like=1`) or stop liking (`like=0`) a post: a form without JavaScript, a swapped button with htmx."""
    post = _post_for(request, pk)
    if not can_like_post(request.user, post):
        raise PermissionDenied(_("You cannot like this post."))
    like = request.POST.get("like") != "0"
    status = 200
    if reactions.like_rate_exceeded(request.user):
        status = 429
        messages.error(request, _("You have liked many posts in a short time. Please wait a few minutes."))
    else:
        reactions.set_post_like(post=post, user=request.user, like=like)
    if request.htmx:
        liked = PostLike.objects.filter(user=request.user, post=post).exists()
        return HttpResponse(fragments.render_like(request, post, liked=liked), status=status)
    return redirect(post)


def post_likers(request, pk):
    """Who likes a post."""
    post = _post_for(request, pk)
    if not takes_replies(post):
        raise Http404("No likes here.")
    return render(request, "forum/post_likers.html", {"post": post, "likers": reactions.likers(post)})


@login_required
@require_POST
def post_bookmark(request, pk):
    """Keep (`merken=1`) or forget (`merken=0`) a post; back to the post, or to the list with `next=liste`."""
    post = _post_for(request, pk)
    if not can_bookmark_post(request.user, post):
        raise PermissionDenied(_("You cannot keep this post."))
    reactions.set_bookmark(post=post, user=request.user, keep=request.POST.get("merken") != "0")
    if request.POST.get("next") == "liste":
        return redirect("forum:bookmark_list")
    if request.htmx:
        bookmarked = request.POST.get("merken") != "0"
        return HttpResponse(fragments.render_bookmark(request, post, bookmarked=bookmarked))
    return redirect(post)


@login_required
def bookmark_list(request):
    """ "Gemerkt": the posts I keep, newest first."""
    paginator = Paginator(
        reactions.bookmarks_of(request.user).only(*lists.BOOKMARK_ROW_FIELDS), settings.FORUM_THREADS_PER_PAGE
    )

    def page_url(n):
        return reverse("forum:bookmark_list") + (f"?page={n}" if n > 1 else "")

    page, pages = _list_page(request, paginator, page_url)
    bookmarks = list(page.object_list)
    return render(
        request,
        "forum/bookmark_list.html",
        {"bookmarks": bookmarks, "bookmark_rows": lists.bookmark_rows(request, bookmarks), **pages},
    )


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
            done = _("Post hidden: %(reason)s") % {"reason": reason}
        case "unhide":
            services.unhide_post(post=post, moderator=request.user, reason=reason)
            done = _("Post shown again.")
        case "approve":
            services.approve_post(post=post, moderator=request.user)
            done = _("Post approved.")
        case "reject":
            services.reject_post(post=post, moderator=request.user, reason=reason)
            done = _("Post rejected.")
        case "restore":
            services.restore_post(post=post, moderator=request.user, reason=reason)
            done = _("Post restored.")
    messages.success(request, done)
    if request.POST.get("next"):
        return _back_to_queue(request)
    return redirect(post)


def _thread_moderate_page(request, thread, failed_action=None, failed_form=None):
    """The thread's moderation forms; after a refused action its form again, with the error and what was typed.
    Each form has ids of its own (all have a "reason" field)."""
    forms = {
        "flag": ReasonForm(auto_id="flag_%s"),
        "hide": HideForm(auto_id="hide_%s"),
        "move": MoveThreadForm(initial={"category": thread.category_id}, auto_id="move_%s"),
        "rename": RenameThreadForm(initial={"title": thread.title}, auto_id="rename_%s"),
    }
    if failed_form is not None:
        forms[_form_key(failed_action)] = failed_form
    context = {"thread": thread, **{f"{key}_form": form for key, form in forms.items()}}
    return render(request, "forum/thread_moderate.html", context, status=200 if failed_form is None else 400)


def _form_key(action):
    return action if action in {"hide", "move", "rename"} else "flag"


@login_required
def thread_moderate(request, pk):
    thread = get_object_or_404(_threads(request.user), pk=pk)
    _require_moderator(request)
    return _thread_moderate_page(request, thread)


THREAD_ACTIONS = {"lock", "unlock", "pin", "unpin", "hide", "unhide", "move", "rename"}


@login_required
@require_POST
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404("Unknown action.")
    thread = get_object_or_404(_threads(request.user), pk=pk)
    _require_moderator(request)
    key = _form_key(action)
    form_class = {"hide": HideForm, "move": MoveThreadForm, "rename": RenameThreadForm}.get(key, ReasonForm)
    form = form_class(request.POST, auto_id=f"{key}_%s")
    if not form.is_valid():
        return _thread_moderate_page(request, thread, action, form)
    data = form.cleaned_data
    moderator, reason = request.user, data["reason"]
    match action:
        case "lock" | "unlock":
            value = action == "lock"
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_locked", value=value, reason=reason)
            done = _("Thread locked.") if value else _("Thread unlocked.")
        case "pin" | "unpin":
            value = action == "pin"
            services.set_thread_flag(thread=thread, moderator=moderator, flag="is_pinned", value=value, reason=reason)
            done = _("Thread pinned.") if value else _("Thread unpinned.")
        case "hide":
            services.hide_thread(thread=thread, moderator=moderator, reason=reason)
            done = _("Thread hidden: %(reason)s") % {"reason": reason}
        case "unhide":
            services.unhide_thread(thread=thread, moderator=moderator, reason=reason)
            done = _("Thread shown again.")
        case "move":
            services.move_thread(thread=thread, moderator=moderator, category=data["category"], reason=reason)
            done = _("Thread moved to “%(category)s”.") % {"category": data["category"].name}
        case "rename":
            services.rename_thread(thread=thread, moderator=moderator, title=data["title"], reason=reason)
            done = _("Thread renamed.")
    messages.success(request, done)
    thread.refresh_from_db()
    return redirect(thread)


@login_required
def moderation_queue(request):
    _require_moderator(request)
    context = moderation.queue_context(
        held_page=request.GET.get("held_page"), reports_page=request.GET.get("reports_page")
    )
    return render(request, "forum/moderation_queue.html", context)


def _back_to_queue(request):
    """Back to the queue page the moderator acted from (`next`, a path of this site), else the combined queue."""
    return HttpResponseRedirect(next_path(request) or reverse("portal:moderation_queue"))


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
        return _back_to_queue(request)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.resolve_report(report=report, moderator=request.user, hide=action == "hide", reason=reason)
    if action == "hide":
        messages.success(request, _("Post hidden, report resolved."))
    else:
        messages.success(request, _("Report dismissed; the post stays visible."))
    return _back_to_queue(request)
