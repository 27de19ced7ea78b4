import html as html_module
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

# A tag of the HTML that core.markup stores (well-formed, every attribute value quoted); block-level ones and line
# breaks separate words, inline ones (<strong>, <a>, <code>, …) do not.
_ATTRIBUTES = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_BLOCK_TAG = re.compile(
    rf"</?(?:p|br|hr|li|ul|ol|blockquote|pre|h[1-6]|table|thead|tbody|tr|td|th|div)\b{_ATTRIBUTES}>"
)
_TAG = re.compile(rf"<{_ATTRIBUTES}>")


def ld_json(data) -> str:
    """A JSON-LD data block. Browsers do not execute it, so the CSP's script-src does not apply to it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    # As in django.utils.html.json_script: no "<", ">" or "&" in the data, so "</script>" in user text cannot end
    # it. (str.replace: str.translate with a mapping is ~20x slower on long non-ASCII text.)
    payload = payload.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _plain(markup, words=None):
    """Plain text of stored post HTML. A regular expression, not strip_tags(): that runs an HTML parser, which cost
    a tenth of a thread page's time; the stored HTML is sanitised, well-formed markup, which the expression reads
    exactly. The entities ("&amp;") become characters, escaped again where the text is printed."""
    text = " ".join(html_module.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", markup))).split())
    return Truncator(text).words(words) if words else text


def _is_public(post):
    return post.show_body and post.status == post.Status.PUBLISHED and not post.is_hidden and not post.is_deleted


def _person(origin, user, url=None):
    return {"@type": "Person", "name": user.public_name, "url": origin + (url or user.get_absolute_url())}


def _answer(origin, post):
    return {
        "@type": "Answer",
        "text": _plain(post.body_html),
        "datePublished": post.created_at,
        "author": _person(origin, post.author, getattr(post, "author_url", None)),
        "url": origin + post.url,
    }


def _qa_page(context, origin):
    """schema.org QAPage for a thread of a question category: the question, its solution as the accepted answer
    and the other replies shown as suggested answers."""
    thread, solution = context["thread"], context.get("solution")
    question = {
        "@type": "Question",
        "name": thread.title,
        "url": origin + thread.get_absolute_url(),
        "datePublished": thread.created_at,
        "author": _person(origin, thread.author),
        "answerCount": max(thread.post_count - 1, 0),
    }
    opening_post = context.get("opening_post")
    question["text"] = _plain(opening_post.body_html) if opening_post and _is_public(opening_post) else thread.title
    if solution is not None:
        question["acceptedAnswer"] = _answer(origin, solution)
    suggested = [
        _answer(origin, post)
        for post in context["posts"]
        if post.position != 1 and _is_public(post) and (solution is None or post.pk != solution.pk)
    ]
    if suggested:
        question["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question}


@register.simple_tag(takes_context=True)
def thread_structured_data(context):
    """schema.org DiscussionForumPosting for a thread page: the thread, its opening post and the replies shown
    (QAPage in a question category)."""
    request, thread = context["request"], context["thread"]
    origin = request.build_absolute_uri("/")[:-1]  # once, not per post
    if thread.category.is_question:
        return ld_json(_qa_page(context, origin))
    data = {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": thread.title,
        "url": origin + thread.get_absolute_url(),
        "datePublished": thread.created_at,
        "author": _person(origin, thread.author),
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
                "author": _person(origin, post.author, post.author_url),
                "url": origin + post.url,
            }
        )
    if comments:
        data["comment"] = comments
    return ld_json(data)


@register.filter
def excerpt(html, words=30):
    """Plain text from stored HTML, cut to `words` words (for meta descriptions)."""
    return _plain(html, words)
