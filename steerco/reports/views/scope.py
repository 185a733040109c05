"""Which programmes and units a user may report on: the units come from
``Unit.objects.visible_to`` and nothing else."""

from steerco.programmes.models import Programme
from steerco.units.models import Unit


def report_units(user) -> list[Unit]:
    """The units the user holds a role in and the units right below them:
    the city, a district, a bloc."""
    visible = Unit.objects.visible_to(user)
    if user.is_superuser:
        roots = list(Unit.objects.filter(parent__isnull=True))
    else:
        roots = list(visible.filter(memberships__user=user).distinct().order_by("path"))
    children = visible.filter(parent__in=roots).order_by("sort_order", "code")
    seen, out = set(), []
    for unit in [*roots, *children]:
        if unit.pk not in seen:
            seen.add(unit.pk)
            out.append(unit)
    return out


def programmes() -> list[Programme]:
    return list(Programme.objects.select_related("owner").order_by("code"))
