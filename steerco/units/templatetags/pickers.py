"""Periods by name in templates: ``{{ period|period_name }}`` shows
'6 tháng đầu năm 2023' (or 'First half of 2023') for a Period or a code."""

from django import template

from steerco.i18n import language
from steerco.lib.period_names import label, read
from steerco.lib.periods import Period, PeriodError

register = template.Library()


@register.filter
def period_name(value, how: str = "") -> str:
    """``{{ period|period_name }}`` for a heading or a cell ('Năm 2023'),
    ``{{ period|period_name:"inline" }}`` inside a sentence ('kỳ năm 2023')."""
    if not value:
        return ""
    try:
        period = value if isinstance(value, Period) else read(str(value))
    except PeriodError:
        return str(value)
    return label(period, language(), inline=how == "inline")


@register.simple_tag
def period_select(name, value=None, required=False, id=""):
    """A period picker for a hand-written form: ``{% period_select "period" period %}``."""
    from steerco.units.forms import PeriodSelect

    attrs = {"id": id or f"id_{name}"}
    if required:
        attrs["required"] = True
    return PeriodSelect().render(name, value, attrs)


@register.simple_tag
def unit_select(name, units, value="", required=False, id=""):
    """A unit picker for a hand-written form, over ``units`` (the view's
    scope): ``{% unit_select "unit" units unit.code %}``."""
    from steerco.units.forms import UnitPicker

    field = UnitPicker(required=required)
    field.set_units(units)
    attrs = {"id": f"id_{name}_{id}" if id else f"id_{name}"}
    if required:
        attrs["required"] = True
    return field.widget.render(name, value or "", attrs)
