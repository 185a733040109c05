from django import template

from ..models import Notice

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context) -> int:
    """Unread notices of the signed-in user, for the badge in the header."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
