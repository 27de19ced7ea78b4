from django.urls import path

from core.page_cache import cache_for_anonymous
from forum import feeds, views
from forum.reading import COOKIE_NAME

app_name = "forum"

urlpatterns = [
    path("", cache_for_anonymous(views.index), name="index"),
    path("feed/", cache_for_anonymous(feeds.ThreadFeed()), name="thread_feed"),
    path("bereich/<slug:slug>/feed/", cache_for_anonymous(feeds.CategoryThreadFeed()), name="category_feed"),
    path("t/<int:pk>/feed/", cache_for_anonymous(feeds.PostFeed()), name="post_feed"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("neu/", views.unread_list, name="unread_list"),
    path("gemerkt/", views.bookmark_list, name="bookmark_list"),
    path("gelesen/", views.mark_read, name="mark_read"),
    path("bereich/<slug:slug>/gelesen/", views.mark_read, name="category_mark_read"),
    path("meldungen/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path(
        "bereich/<slug:slug>/",
        cache_for_anonymous(views.category_detail, query=["page", "offen"]),
        name="category_detail",
    ),
    path("bereich/<slug:slug>/neu/", views.thread_create, name="thread_create"),
    path("t/<int:pk>/", views.thread_redirect, name="thread_redirect"),
    path(
        "t/<int:pk>-<slug:slug>/",
        cache_for_anonymous(views.thread_detail, query=["view", "page", "branch", "after"], cookies=[COOKIE_NAME]),
        name="thread_detail",
    ),
    path("t/<int:pk>/antworten/", views.reply_create, name="reply_create"),
    path("t/<int:pk>/ungelesen/", views.thread_first_unread, name="thread_first_unread"),
    path("t/<int:pk>/loesung/entfernen/", views.thread_clear_solution, name="thread_clear_solution"),
    path("t/<int:pk>/moderieren/", views.thread_moderate, name="thread_moderate"),
    path("t/<int:pk>/moderieren/<slug:action>/", views.thread_action, name="thread_action"),
    path("p/<int:pk>/", views.post_permalink, name="post_permalink"),
    path("p/<int:pk>/bearbeiten/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/loeschen/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/melden/", views.post_report, name="post_report"),
    path("p/<int:pk>/loesung/", views.post_mark_solution, name="post_mark_solution"),
    path("p/<int:pk>/gefaellt/", views.post_like, name="post_like"),
    path("p/<int:pk>/gefaellt-wem/", views.post_likers, name="post_likers"),
    path("p/<int:pk>/merken/", views.post_bookmark, name="post_bookmark"),
    path("p/<int:pk>/moderieren/", views.post_moderate, name="post_moderate"),
    path("p/<int:pk>/moderieren/<slug:action>/", views.post_action, name="post_action"),
]
