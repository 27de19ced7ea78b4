from django.urls import path

from core.page_cache import cache_for_anonymous
from portal import views

app_name = "portal"

urlpatterns = [
    path("", cache_for_anonymous(views.home), name="home"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
]
