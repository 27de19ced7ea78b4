from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query string with `param` set to `number` (the other parameters kept), for page links of one of
    several paginated lists on a page: `?held_page=2&reports_page=3`."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + query.urlencode()
