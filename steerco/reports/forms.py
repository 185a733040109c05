from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from steerco.dates import DayInput
from steerco.units.forms import PeriodField

from .document import Style
from .models import ReportFormat


class ReportForm(forms.Form):
    """What to generate: programme, unit, period, format, language, layout."""

    programme = forms.ChoiceField(label=_("Programme"))
    unit = forms.ChoiceField(label=_("Unit"))
    period = PeriodField(label=_("Period"))
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices, initial=ReportFormat.PDF)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="vi")
    date = forms.DateField(
        label=_("Report date"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=DayInput,
        help_text=_("dd/mm/yyyy; the date line and what counts as overdue. Empty: today."),
    )
    style = forms.ChoiceField(
        label=_("Document format"),
        required=False,
        choices=[
            ("", _("As set for the programme")),
            (Style.PARTY.value, _("Party (Hướng dẫn 36-HD/VPTW)")),
            (Style.STATE.value, _("State (Nghị định 30/2020)")),
        ],
    )

    def __init__(self, *args, programmes=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.code, f"{p.code} – {p.title_vi[:80]}") for p in programmes]
        self.fields["unit"].choices = [(u.code, u.name()) for u in units]

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The report date cannot be in the future."), code="future")
        return value


FREE_TEXT_MAX = 5000


def _free_text(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=FREE_TEXT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=help_text,
    )


class FreeTextForm(forms.Form):
    """The free text of II and III: paragraphs, one a line."""

    limitations = _free_text(
        _("Section II, free text"),
        _("Printed at the head of section II, before the computed limitations; one paragraph a line."),
    )
    tasks = _free_text(
        _("Section III, free text"),
        _("Printed in section III after the key theme, before the computed tasks; one paragraph a line."),
    )


class CommentForm(forms.Form):
    target = forms.ChoiceField(label=_("On"))
    text = forms.CharField(
        label=pgettext_lazy("review", "Comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"section:{s['key']}", s["title"]) for s in draft.sections]  # the title carries its number
        choices += [(f"figure:{code}", f"{code} – {name}") for code, (name, _fig) in sorted(draft.figures.items())]
        self.fields["target"].choices = choices
