"""A history record's stated reason in words: the stored values of the
model's choices in it ("open → in_progress", "answered → disputed") shown as
their labels in the page's language ("Mới phát hiện → Đang khắc phục")."""

import re

from django import template

register = template.Library()


@register.filter
def change_reason(record) -> str:
    text = getattr(record, "history_change_reason", "") or ""
    if not text:
        return ""
    labels = {}
    for field in record.instance_type._meta.get_fields():
        for value, label in getattr(field, "choices", None) or ():
            if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]*", value):
                labels.setdefault(value, str(label))
    if not labels:
        return text
    # Only whole words that are a stored value, so free text keeps its words.
    words = re.compile(r"(?<![\w.])(" + "|".join(sorted(map(re.escape, labels), key=len, reverse=True)) + r")(?![\w.])")
    head, sep, note = text.partition(": ")
    return words.sub(lambda m: labels[m.group(1)], head) + sep + note
