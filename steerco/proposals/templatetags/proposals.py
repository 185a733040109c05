"""``{% entry_proposals round unit %}``: the unit's difficulties and
proposals for the round's programme and period, on the entry page (which
shows only a unit the user may see). Two queries: the items, the roles."""

from django import template
from django.utils.http import urlencode

from .. import access
from ..models import Item

register = template.Library()


@register.inclusion_tag("proposals/_entry_section.html", takes_context=True)
def entry_proposals(context, round_, unit):
    user = context["request"].user
    items = Item.objects.filter(raised_by=unit, programme_id=round_.programme_id, period=round_.period).order_by(
        "raised_on", "pk"
    )
    query = urlencode({"unit": unit.code, "programme": round_.programme_id, "period": round_.period})
    return {"items": list(items), "can_raise": access.can_raise(user, unit), "query": query}
