"""Finding units by name, whatever the spelling (``steerco.lib.names``)."""

from __future__ import annotations

from django.db.models import Q

from steerco.lib.names import name_key


def unit_name_matches(queryset, term: str, *, diacritics: bool | None = None):
    """Units of ``queryset`` whose Vietnamese name contains ``term``,
    ignoring tone placement, case and Unicode form; ignoring every
    diacritic too when ``diacritics`` is False, or (None) when the term is
    typed without any."""
    key = name_key(term)
    if not key:
        return queryset.none()
    plain = name_key(term, diacritics=False)
    if diacritics is None:
        diacritics = plain != key
    if diacritics:
        return queryset.filter(name_key__contains=key)
    return queryset.filter(Q(name_key__contains=key) | Q(name_plain__contains=plain))


def units_named(queryset, name: str) -> list:
    """Every unit of ``queryset`` whose whole name is ``name`` (tone
    placement, case and Unicode form aside): one, none, or several for the
    caller to list, never a guess."""
    return list(queryset.filter(name_key=name_key(name)).order_by("path"))
