from django.urls import path, register_converter

from accounts import views
from core.converters import UsernameConverter
from core.page_cache import cache_for_anonymous

register_converter(UsernameConverter, "username")

app_name = "accounts"

urlpatterns = [
    path("mitglieder/<username:username>/", cache_for_anonymous(views.profile), name="profile"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
]
