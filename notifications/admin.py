from django.contrib import admin

from notifications.models import CategoryWatch, GuestSubscription, Notification, ThreadWatch
from notifications.services import forget_watches


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "action", "created_at", "read_at", "email_due", "email_sent_at"]
    list_filter = ["kind", "email_due"]
    raw_id_fields = ["recipient", "actor", "thread", "post", "article", "comment"]
    date_hierarchy = "created_at"


@admin.register(ThreadWatch)
class ThreadWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "thread", "level"]
    raw_id_fields = ["user", "thread"]

    # The members' watch levels are cached (notifications/services.py): a change here forgets them.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_watches(obj.user_id, [obj.thread_id])
        if change and {"user", "thread"} & set(form.changed_data):
            forget_watches(form.initial["user"], [form.initial["thread"]])

    def delete_model(self, request, obj):
        forget_watches(obj.user_id, [obj.thread_id])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user_id, thread_id in queryset.values_list("user_id", "thread_id"):
            forget_watches(user_id, [thread_id])
        super().delete_queryset(request, queryset)


@admin.register(CategoryWatch)
class CategoryWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "level"]
    raw_id_fields = ["user", "category"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_watches(obj.user_id, categories=True)
        if change and "user" in form.changed_data:
            forget_watches(form.initial["user"], categories=True)

    def delete_model(self, request, obj):
        forget_watches(obj.user_id, categories=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user_id in set(queryset.values_list("user_id", flat=True)):
            forget_watches(user_id, categories=True)
        super().delete_queryset(request, queryset)


@admin.register(GuestSubscription)
class GuestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["comment", "created_at", "confirmed_at", "cancelled_at"]
    raw_id_fields = ["comment"]
