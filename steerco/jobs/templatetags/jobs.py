from django import template

from ..registry import kind_label

register = template.Library()


@register.filter
def job_kind_label(key: str) -> str:
    return kind_label(key)
