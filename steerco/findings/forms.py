from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.audit.forms import add_reason_fields
from steerco.audit.models import ReasonKind
from steerco.programmes.models import Programme, TaskGroup
from steerco.units.forms import PeriodField, UnitPicker
from steerco.units.models import Unit, UnitType, working_as

from . import access
from .models import (
    CauseKind,
    DeepReviewSuggestion,
    Finding,
    FindingSource,
    RemediationAction,
    RemediationPlan,
    Status,
    WeakOrganisation,
)
from .models.finding import INPUT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name()} ({obj.code})"


class FindingFilter(forms.Form):
    unit = UnitPicker(label=_("Unit"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All")), *FindingSource.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)

    def apply(self, findings):
        """Narrow an already scoped queryset; a unit outside the scope
        (the picker's choices) narrows to nothing."""
        if not self.is_valid():
            return findings.none() if "unit" in self.errors else findings
        data = self.cleaned_data
        if data["unit"]:
            findings = findings.filter(owner__path__startswith=data["unit"].path)
        if data["status"]:
            findings = findings.filter(status=data["status"])
        if data["source"]:
            findings = findings.filter(source=data["source"])
        if data["q"]:
            findings = findings.filter(title__icontains=data["q"])
        return findings


class FindingForm(forms.ModelForm):
    owner = UnitChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())

    class Meta:
        model = Finding
        fields = INPUT_FIELDS
        widgets = {"identified_on": DATE, "deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = access.editable_units(user).order_by("path")
        self.fields["suggestion"].queryset = DeepReviewSuggestion.objects.filter(
            addressed_to__in=Unit.objects.visible_to(user)
        ).select_related("suggested_by", "addressed_to")
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["plan"].queryset = RemediationPlan.objects.filter(
            unit__in=access.editable_units(user)
        ).select_related("unit")
        self.fields["task_group"].queryset = TaskGroup.objects.select_related("programme")
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.select_related("programme")
        self.fields["par_criterion"].queryset = self.fields["par_criterion"].queryset.select_related("area")
        if not self.instance.pk:
            self.initial.setdefault("identified_on", timezone.localdate())
        else:  # moving an agreed deadline needs a reason
            add_reason_fields(self, ReasonKind.DEADLINE)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    on = forms.DateField(label=_("Effective date"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_reason_fields(self, ReasonKind.NOT_RELEVANT)


class DeadlineForm(forms.Form):
    """Move the deadline of the finding, or of one of its actions."""

    action = forms.ModelChoiceField(
        label=_("Of"), required=False, queryset=RemediationAction.objects.none(), empty_label=_("the finding itself")
    )
    deadline = forms.DateField(label=_("New deadline"), widget=DATE)

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = finding.actions.all()
        add_reason_fields(self, ReasonKind.DEADLINE)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    action = forms.ModelChoiceField(
        label=_("Remediation action"), required=False, queryset=RemediationAction.objects.none()
    )

    def __init__(self, *args, finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = finding.actions.all()


class ActionForm(forms.ModelForm):
    owner = UnitChoiceField(label=_("Owner unit"), queryset=Unit.objects.none())

    class Meta:
        model = RemediationAction
        fields = ["description", "owner", "deadline"]
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, finding, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            access.editable_units(user).filter(path__startswith=finding.owner.path).order_by("path")
        )


class WeakOrganisationForm(forms.ModelForm):
    organisation = UnitChoiceField(label=_("Organisation"), queryset=Unit.objects.none())

    class Meta:
        model = WeakOrganisation
        fields = ["organisation", "year", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            access.editable_units(user).filter(working_as(UnitType.GRASSROOTS)).order_by("path")
        )


class ConsolidatedForm(forms.Form):
    consolidated_on = forms.DateField(label=_("Consolidated on"), widget=DATE)


class CloseYearForm(forms.Form):
    unit = UnitPicker(label=_("Unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)


class CauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CauseKind.choices)
    description = forms.CharField(label=_("Cause"), widget=forms.Textarea(attrs={"rows": 2}))


class SuggestionForm(forms.Form):
    suggested_by = UnitPicker(label=_("Suggested by"))
    addressed_to = UnitPicker(label=_("Addressed to"))
    to_leaders = forms.BooleanField(label=_("Leaders too"), required=False)
    review_year = forms.IntegerField(label=_("Year reviewed"), min_value=2000, max_value=2100)
    suggested_on = forms.DateField(label=_("Suggested on"), widget=DATE)
    subject = forms.CharField(
        label=pgettext_lazy("finding", "Subject"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suggested_by"].set_units(units)
        self.fields["addressed_to"].set_units(units)


class PlanForm(forms.Form):
    unit = UnitPicker(label=_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=300)
    period = PeriodField(label=_("Period covered"))
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    suggestion = forms.ModelChoiceField(
        label=_("Answers the suggestion"), queryset=DeepReviewSuggestion.objects.none(), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(access.editable_units(user))
        self.fields["suggestion"].queryset = DeepReviewSuggestion.objects.filter(
            addressed_to__in=access.editable_units(user)
        ).select_related("suggested_by", "addressed_to")
