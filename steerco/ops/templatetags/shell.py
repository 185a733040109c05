"""``{% same_for_everyone %}…{% endsame_for_everyone %}``: a part of the page
shell that is the same for every request in a language (the header's
links: a dozen URL reversals and translations on every page), rendered once
per process, language and script prefix, then served as it was.

Only what the URL configuration and the translation catalogues decide may
be inside (both are fixed while a process runs): no user, no request, no
data, no CSRF token.
"""

from django import template
from django.urls import get_script_prefix
from django.utils import translation

register = template.Library()


class SameForEveryoneNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str], str] = {}

    def render(self, context):
        key = (translation.get_language(), get_script_prefix())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.nodelist.render(context)
        return html


@register.tag
def same_for_everyone(parser, token):
    nodelist = parser.parse(("endsame_for_everyone",))
    parser.delete_first_token()
    return SameForEveryoneNode(nodelist)
