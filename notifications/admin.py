from django.contrib import admin

from notifications.models import CategoryWatch, GuestSubscription, Notification, ThreadWatch


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


@admin.register(CategoryWatch)
class CategoryWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "level"]
    raw_id_fields = ["user", "category"]


@admin.register(GuestSubscription)
class GuestSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["comment", "created_at", "confirmed_at", "cancelled_at"]
    raw_id_fields = ["comment"]
