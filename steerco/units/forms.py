"""Pickers for a unit and a period, and the filter every page that shows one
unit in one period starts from.

Officials choose a period by its name ("6 tháng đầu năm 2023", "Quý III/2024")
and a unit by its name, from the units they may see; the values sent are the
codes, so links and bookmarks keep working, and a name typed in by hand (in a
URL, say) is read too.
"""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.i18n import language
from steerco.lib.period_names import label, read, year_periods
from steerco.lib.periods import Period, PeriodError

from .models import Unit

# How many years before this one a period picker lists (the programmes run
# in five-year terms), and one year ahead for plans.
YEARS_BACK = 6


def period_code(value) -> str:
    """The code of a period given as a Period, a code or a name; what cannot
    be read is given back as it is."""
    if isinstance(value, Period):
        return value.code
    try:
        return read(str(value)).code if value else ""
    except PeriodError:
        return str(value)


class PeriodSelect(forms.Select):
    """A <select> of periods named in the page's language (values are the
    codes), grouped by year, newest year first. The current value is always
    among the options, even outside the years listed."""

    def __init__(self, attrs=None, months=False):
        super().__init__(attrs)
        self.months = months

    def period_choices(self, value):
        lang = language()
        this_year = timezone.localdate().year
        groups = []
        listed = set()
        for year in range(this_year + 1, this_year - YEARS_BACK - 1, -1):
            periods = year_periods(year, months=self.months)
            listed.update(p.code for p in periods)
            groups.append((str(year), [(p.code, label(p, lang)) for p in periods]))
        code = period_code(value)
        extra = []
        if code and code not in listed:
            try:
                extra = [(code, label(read(code), lang))]
            except PeriodError:
                extra = [(code, code)]
        return [("", "—"), *extra, *groups]

    def format_value(self, value):
        code = period_code(value)
        return [code] if code else []

    def get_context(self, name, value, attrs):
        self.choices = self.period_choices(value)
        return super().get_context(name, value, attrs)


class PeriodField(forms.CharField):
    """A period chosen from a PeriodSelect, or typed as a name or a code;
    cleans to a ``Period`` (``None`` when empty and not required)."""

    widget = PeriodSelect
    default_error_messages = {
        "invalid": _(
            "“%(text)s” is not a period: choose one from the list, or write it like "
            "6 tháng đầu năm 2023, Quý III/2024 or Năm 2024."
        ),
    }

    def __init__(self, *, months=False, **kwargs):
        kwargs.setdefault("widget", PeriodSelect(months=months))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return read(text)
        except PeriodError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"text": text}) from None

    def prepare_value(self, value):
        return period_code(value)


class UnitPicker(forms.ModelChoiceField):
    """A unit chosen by name from a queryset the view limits to the user's
    scope (``request.access.units(...)``), indented as a tree; the value is
    the unit's code. ``data-filter`` lets static/steerco/pickers.js add a search box."""

    default_error_messages = {"invalid_choice": _("“%(value)s” is not a unit within your scope.")}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", "—")
        widget = kwargs.pop("widget", forms.Select(attrs={"data-filter": ""}))
        super().__init__(queryset if queryset is not None else Unit.objects.none(), widget=widget, **kwargs)

    def set_units(self, queryset):
        """Limit the choices to ``queryset`` (or a list of units), in tree
        order; no query until the picker is drawn or a value is read."""
        if not isinstance(queryset, QuerySet):
            queryset = Unit.objects.filter(pk__in=[u.pk for u in queryset])
        self.queryset = queryset.order_by("path")
        self._top = None

    def label_from_instance(self, obj):
        # Indented from the first unit drawn, which in path order is the
        # shallowest of its subtree.
        if getattr(self, "_top", None) is None:
            self._top = obj.depth
        indent = "\u00a0\u00a0\u00a0" * max(obj.depth - self._top, 0)
        return f"{indent}{obj.name()}"

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if isinstance(value, str) and value != value.upper():  # a code typed in lower case
                return super().to_python(value.upper())
            raise


class UnitPeriodFilter(forms.Form):
    """A unit (of ``units``) and a period, read as a ``Period``."""

    unit = forms.ChoiceField(label=_("Unit"), required=False, widget=forms.Select(attrs={"data-filter": ""}))
    period = PeriodField(label=_("Period"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name()) for u in units]
