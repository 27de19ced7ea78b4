from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import services
from articles.models import Article, Category, Comment, ModerationWord, Series
from core import page_cache
from core.moderation import log_action


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published_at",
        "category",
        "author",
        "approved_comments",
        "pending_comments",
        "comments_open",
    ]
    list_filter = ["status", "category", "series", "comments_open", "published_at"]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "series"]
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "category", "summary", "body"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"]}),
        (_("Series"), {"fields": ["series", "series_position"]}),
        (_("Publication"), {"fields": ["status", "published_at", "comments_open", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "author").with_comment_counts()

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("approved comments"), ordering="approved_comment_count")
    def approved_comments(self, article):
        return article.approved_comment_count

    @admin.display(description=_("pending comments"), ordering="pending_comment_count")
    def pending_comments(self, article):
        return article.pending_comment_count

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request, queryset):
        now = timezone.now()
        queryset.filter(published_at__isnull=True).update(published_at=now)
        count = queryset.update(status=Article.Status.PUBLISHED, updated_at=now)
        page_cache.invalidate()  # update() sends no signals
        self.message_user(
            request, ngettext("%d article published.", "%d articles published.", count) % count, messages.SUCCESS
        )

    @admin.action(description=_("Unpublish the selected articles (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        page_cache.invalidate()  # update() sends no signals
        self.message_user(
            request, ngettext("%d article unpublished.", "%d articles unpublished.", count) % count, messages.SUCCESS
        )


class HasHoldReasonFilter(admin.SimpleListFilter):
    title = _("held by a rule")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(hold_reason="")
        if self.value() == "no":
            return queryset.filter(hold_reason="")
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at", "email", "ip_address", "hold_reason", "reply_link"]
    list_filter = ["status", HasHoldReasonFilter, "created_at"]
    search_fields = ["name", "email", "body", "user__username", "article__title"]
    date_hierarchy = "created_at"
    # Article, parent and author are fixed: the thread order (path) is computed from them when the comment is saved.
    readonly_fields = [
        "article",
        "parent",
        "user",
        "ip_address",
        "ip_truncated",
        "hold_reason",
        "created_at",
        "updated_at",
        "status",
    ]
    actions = ["approve", "mark_spam", "mark_not_spam", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "user")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reply"))
    def reply_link(self, comment):
        url = reverse("articles:comment_approve_reply", kwargs={"pk": comment.pk})
        label = _("Approve and reply") if comment.status != Comment.Status.APPROVED else _("Reply")
        return format_html('<a href="{}">{}</a>', url, label)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            log_action(actor=request.user, action="comment.edit", target=obj)

    def delete_model(self, request, obj):
        services.reject_comment(comment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for comment in queryset:
            services.reject_comment(comment=comment, actor=request.user)

    def _run(self, request, queryset, action, message):
        count = 0
        for comment in queryset:
            if action == "approve":
                services.approve_comment(
                    comment=comment,
                    actor=request.user,
                    comment_url=request.build_absolute_uri(comment.get_absolute_url()),
                )
            else:
                services.MODERATION_ACTIONS[action](comment=comment, actor=request.user)
            count += 1
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._run(request, queryset, "approve", _("%(count)d comments approved."))

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._run(request, queryset, "spam", _("%(count)d comments marked as spam."))

    @admin.action(description=_("Not spam: back to the queue"), permissions=["moderate"])
    def mark_not_spam(self, request, queryset):
        self._run(
            request,
            queryset.filter(status=Comment.Status.SPAM),
            "not_spam",
            _("%(count)d comments moved back to the queue."),
        )

    @admin.action(description=_("Reject (delete) the selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._run(request, queryset, "reject", _("%(count)d comments deleted."))

    def has_moderate_permission(self, request):
        return request.user.has_perm("articles.moderate_comment")


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    list_display = ["word", "action"]
    list_filter = ["action"]
    search_fields = ["word"]
