from django.contrib import admin

from forum.models import Category, Post, PostRevision, Report, Thread


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "is_closed", "members_only", "is_question", "thread_count",
                    "post_count"]  # fmt: skip
    list_editable = ["order", "is_closed", "members_only", "is_question"]
    list_filter = ["is_closed", "members_only", "is_question"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    fields = ["name", "slug", "description", "parent", "order", "is_closed", "members_only", "is_question"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def has_delete_permission(self, request, obj=None):
        # Threads keep their category (PROTECT); an empty category may go.
        return super().has_delete_permission(request, obj) and (obj is None or not obj.threads.exists())


class ReadOnlyAdmin(admin.ModelAdmin):
    """Threads, posts and reports change through the forum's moderation pages, which keep counters and the log."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ["title", "category", "author", "post_count", "last_activity_at", "is_pinned", "is_locked",
                    "is_held", "is_hidden"]  # fmt: skip
    list_filter = ["category", "is_pinned", "is_locked", "is_held", "is_hidden"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "author__username"]
    date_hierarchy = "created_at"


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "author", "created_at", "status", "is_hidden", "is_deleted", "edit_count"]
    list_filter = ["status", "is_hidden", "is_deleted"]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "author__username", "thread__title"]
    raw_id_fields = ["thread", "parent"]
    date_hierarchy = "created_at"


@admin.register(PostRevision)
class PostRevisionAdmin(ReadOnlyAdmin):
    list_display = ["post", "replaced_at", "replaced_by"]
    list_select_related = ["post__thread", "replaced_by"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["post", "reason", "reporter", "created_at", "status", "resolved_by"]
    list_filter = ["status", "reason"]
    list_select_related = ["post__thread", "reporter", "resolved_by"]
