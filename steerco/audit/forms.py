"""The reason fields any form that changes what was agreed adds."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChangeReason
from .reasons import Stated


class ReasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label()


def add_reason_fields(form: forms.Form, kind: str, *, prefix: str = "reason") -> None:
    """Adds ``<prefix>`` (the list) and ``<prefix>_text`` (free text). They
    are optional in the form: the service decides whether the change needs
    them and says so."""
    form.fields[prefix] = ReasonChoiceField(
        label=_("Reason for the change"),
        queryset=ChangeReason.objects.for_kind(kind),
        required=False,
        to_field_name="code",
        empty_label=_("— choose a reason —"),
    )
    form.fields[f"{prefix}_text"] = forms.CharField(
        label=_("Explanation"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


def stated_reason(form: forms.Form, prefix: str = "reason") -> Stated | None:
    data = form.cleaned_data
    chosen = data.get(prefix)
    text = (data.get(f"{prefix}_text") or "").strip()
    if chosen is None and not text:
        return None
    return Stated(chosen.code if chosen else "", text)
