import html as html_module
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

# As in django.utils.html.json_script: no "<", ">" or "&" in the data, so "</script>" in user text cannot end it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data) -> str:
    """A JSON-LD data block. Browsers do not execute it, so the CSP's script-src does not apply to it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _plain(markup, words=None):
    # The stored HTML has entities ("&amp;"): plain text has the characters, escaped again where it is printed.
    text = " ".join(html_module.unescape(strip_tags(markup)).split())
    return Truncator(text).words(words) if words else text


def _is_public(post):
    return post.show_body and post.status == post.Status.PUBLISHED and not post.is_hidden and not post.is_deleted


def _person(request, user):
    return {"@type": "Person", "name": user.public_name, "url": request.build_absolute_uri(user.get_absolute_url())}


@register.simple_tag(takes_context=True)
def thread_structured_data(context):
    """schema.org DiscussionForumPosting for a thread page: the thread, its opening post and the replies shown."""
    request, thread = context["request"], context["thread"]
    data = {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": thread.title,
        "url": request.build_absolute_uri(thread.get_absolute_url()),
        "datePublished": thread.created_at,
        "author": _person(request, thread.author),
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/CommentAction",
            "userInteractionCount": max(thread.post_count - 1, 0),
        },
    }
    opening_post = context.get("opening_post")
    if opening_post is not None and _is_public(opening_post):
        data["text"] = _plain(opening_post.body_html)
        if opening_post.edited_at:
            data["dateModified"] = opening_post.edited_at
    comments = []
    for post in context["posts"]:
        if post.position == 1 or not _is_public(post):
            continue
        comments.append(
            {
                "@type": "Comment",
                "text": _plain(post.body_html),
                "datePublished": post.created_at,
                "author": _person(request, post.author),
                "url": request.build_absolute_uri(post.get_absolute_url()),
            }
        )
    if comments:
        data["comment"] = comments
    return ld_json(data)


@register.filter
def excerpt(html, words=30):
    """Plain text from stored HTML, cut to `words` words (for meta descriptions)."""
    return _plain(html, words)
