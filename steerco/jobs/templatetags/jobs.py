from django import template

from ..registry import kind_label
from ..registry import result_template as kind_result_template

register = template.Library()


@register.filter
def job_kind_label(key: str) -> str:
    return kind_label(key)


@register.simple_tag
def job_result_template(key: str) -> str:
    """The template that shows a finished job's result, or ''."""
    return kind_result_template(key)
