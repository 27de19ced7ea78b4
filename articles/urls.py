from django.urls import path

from articles import feeds, spam, views
from core import page_cache
from core.page_cache import cache_for_anonymous

app_name = "articles"

urlpatterns = [
    path("", cache_for_anonymous(views.article_list, query=["page"]), name="article_list"),
    path("feed/", feeds.ArticleFeed(), name="article_feed"),
    path("rubrik/<slug:slug>/", cache_for_anonymous(views.category_detail, query=["page"]), name="category_detail"),
    path("rubrik/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("serie/<slug:slug>/", cache_for_anonymous(views.series_detail), name="series_detail"),
    path("moderation/", views.moderation_queue, name="moderation_queue"),
    path("moderation/sammelaktion/", views.moderation_bulk, name="moderation_bulk"),
    path("moderation/<int:pk>/bearbeiten/", views.comment_edit, name="comment_edit"),
    path("moderation/<int:pk>/antworten/", views.comment_approve_reply, name="comment_approve_reply"),
    path("moderation/<int:pk>/<slug:action>/", views.moderation_action, name="moderation_action"),
    path(
        "<slug:slug>/",
        # The comment form's CSRF token and signed time stamp are made anew for each reader of a cached page.
        cache_for_anonymous(
            views.article_detail,
            query=[views.COMMENT_PAGE_PARAM, "antwort"],
            fresh_inputs={"csrfmiddlewaretoken": page_cache.csrf_token, "timestamp": spam.fresh_timestamp},
        ),
        name="article_detail",
    ),
    path("<slug:slug>/kommentieren/", views.comment_create, name="comment_create"),
    path("<slug:slug>/kommentare/feed/", feeds.CommentFeed(), name="comment_feed"),
    path("<slug:slug>/kommentar/<int:pk>/", views.comment_permalink, name="comment_permalink"),
    path("<slug:slug>/kommentar/<int:pk>/gefaellt/", views.comment_like, name="comment_like"),
    path("<slug:slug>/kommentar/<int:pk>/gefaellt-wem/", views.comment_likers, name="comment_likers"),
]
