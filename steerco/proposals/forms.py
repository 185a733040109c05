from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.indicators.models import Indicator
from steerco.programmes.models import Programme, TaskGroup
from steerco.units.forms import PeriodField, UnitPicker
from steerco.units.models import Unit

from . import access
from .models import Kind, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATES = [("", _("All")), ("open", pgettext_lazy("proposals", "Open")), ("overdue", _("Overdue")), *Status.choices]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name()} ({obj.code})"


class ItemFilter(forms.Form):
    unit = UnitPicker(label=_("Unit"), required=False)
    state = forms.ChoiceField(label=pgettext_lazy("proposals", "Status"), required=False, choices=STATES)
    period = PeriodField(label=pgettext_lazy("proposals", "Period"), required=False)
    q = forms.CharField(label=pgettext_lazy("proposals", "Search"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    raised_by = UnitChoiceField(label=_("Raised by"), queryset=Unit.objects.none())
    addressed_to = UnitChoiceField(label=pgettext_lazy("proposals", "Addressed to"), queryset=Unit.objects.none())
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    period = PeriodField(label=pgettext_lazy("proposals", "Period"))
    subject = forms.CharField(label=pgettext_lazy("proposals", "Subject"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))
    task_group = forms.ModelChoiceField(label=_("Task group"), queryset=TaskGroup.objects.all(), required=False)
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.all(), required=False)
    files = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Unit.objects.visible_to(user)
        self.fields["raised_by"].queryset = access.raising_units(user, visible).order_by("path")
        # the level addressed is above the raiser, so maybe outside the raiser's scope
        self.fields["addressed_to"].queryset = access.addressable_units(user, visible).order_by("path")

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["period"] = d["period"].code
        files = d.pop("files") or []
        return {"files": files, **d}


class AssignForm(forms.Form):
    body_unit = UnitChoiceField(label=_("Answering body (a unit)"), queryset=Unit.objects.none(), required=False)
    body_name = forms.CharField(label=_("or its name"), max_length=200, required=False)
    deadline = forms.DateField(label=pgettext_lazy("proposals", "Deadline"), widget=DATE)

    def __init__(self, *args, level=None, **kwargs):
        super().__init__(*args, **kwargs)
        if level is not None:
            self.fields["body_unit"].queryset = Unit.objects.subtree_of(level).order_by("path")


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("Why it is still unresolved"), widget=forms.Textarea(attrs={"rows": 3}))


class FileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class MeetingForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all())
    convened_by = UnitChoiceField(label=_("Convened by"), queryset=Unit.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    attending = forms.ModelMultipleChoiceField(label=_("Units attending"), queryset=Unit.objects.none())
    title = forms.CharField(label=pgettext_lazy("proposals", "Title"), max_length=200, required=False)
    decisions = forms.CharField(
        label=_("Decisions asked of the meeting (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Unit.objects.visible_to(user).order_by("path")
        self.fields["convened_by"].queryset = visible
        self.fields["attending"].queryset = visible


class ConclusionForm(forms.Form):
    text = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}))
    body_unit = UnitChoiceField(label=_("Owner (a unit)"), queryset=Unit.objects.none(), required=False)
    body_name = forms.CharField(label=_("or its name"), max_length=200, required=False)
    deadline = forms.DateField(label=pgettext_lazy("proposals", "Deadline"), widget=DATE)

    def __init__(self, *args, level=None, **kwargs):
        super().__init__(*args, **kwargs)
        if level is not None:
            self.fields["body_unit"].queryset = Unit.objects.subtree_of(level).order_by("path")
