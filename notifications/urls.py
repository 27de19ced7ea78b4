from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("gelesen/", views.mark_read, name="mark_read"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("einstellungen/", views.settings_edit, name="settings"),
    path("beobachten/thema/<int:pk>/", views.watch_thread, name="watch_thread"),
    path("beobachten/bereich/<slug:slug>/", views.watch_category, name="watch_category"),
    path("artikel/<slug:slug>/folgen/", views.follow_article, name="follow_article"),
    path("abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("kommentar-bestaetigen/<str:token>/", views.confirm_guest_subscription, name="confirm_guest"),
]
