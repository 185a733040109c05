"""Unit types are data: each organisation names its own levels.

The defaults (a data migration) cover the built-in types the code knows
(``UnitType``: city, organ, district, …) and Vietnam's Party and State
levels: Tỉnh ủy, Thành ủy (trực thuộc Trung ương / trực thuộc tỉnh), Huyện
ủy, Quận ủy, Thị ủy, Đảng ủy xã / phường / đặc khu, Đảng bộ, Chi bộ cơ sở,
Chi bộ trực thuộc, and the State's province and commune after 2025. A unit
file may add its own (``types:``); the admin edits them.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from steerco.i18n import pick

TYPE_CODE_RE = r"^[a-z0-9][a-z0-9_-]*$"

# The defaults (also written by migration 0003_default_unit_types): known
# even where the table was emptied (a test database flushed between tests).
# code, built-in level it works as, name_vi, name_en
DEFAULT_TYPES = [
    ("city", "city", "Thành ủy", "City Party Committee"),
    ("organ", "organ", "Cơ quan tham mưu của cấp ủy", "Committee organ"),
    ("district", "district", "Đảng bộ cấp huyện", "District-level Party Committee"),
    ("bloc", "bloc", "Đảng bộ khối", "Bloc Party Committee"),
    ("agency", "agency", "Sở, ban, ngành", "Department or agency"),
    ("grassroots", "grassroots", "Tổ chức cơ sở đảng", "Grassroots Party organisation"),
    ("cell", "cell", "Chi bộ", "Party cell"),
    ("ward", "ward", "Đảng ủy xã, phường", "Commune or ward Party Committee"),
    ("tinh-uy", "city", "Tỉnh ủy", "Provincial Party Committee"),
    ("thanh-uy-tw", "city", "Thành ủy trực thuộc Trung ương", "Party Committee of a centrally-run city"),
    ("thanh-uy-tinh", "district", "Thành ủy trực thuộc tỉnh", "Party Committee of a provincial city"),
    ("huyen-uy", "district", "Huyện ủy", "Rural District Party Committee"),
    ("quan-uy", "district", "Quận ủy", "Urban District Party Committee"),
    ("thi-uy", "district", "Thị ủy", "Town Party Committee"),
    ("dang-uy-xa", "ward", "Đảng ủy xã", "Commune Party Committee"),
    ("dang-uy-phuong", "ward", "Đảng ủy phường", "Ward Party Committee"),
    ("dang-uy-dac-khu", "ward", "Đảng ủy đặc khu", "Special Zone Party Committee"),
    ("dang-bo", "grassroots", "Đảng bộ", "Party organisation"),
    ("chi-bo-co-so", "grassroots", "Chi bộ cơ sở", "Grassroots Party cell"),
    ("chi-bo-truc-thuoc", "cell", "Chi bộ trực thuộc", "Subordinate Party cell"),
    ("tinh", "", "Tỉnh, thành phố", "Province or centrally-run city (State)"),
    ("xa", "", "Xã, phường, đặc khu", "Commune, ward or special zone (State)"),
]


class UnitTypeDefinition(models.Model):
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(TYPE_CODE_RE, _("Use small letters, digits, '_' or '-' only."))],
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    level = models.CharField(
        pgettext_lazy("unit type", "level"),
        max_length=16,
        blank=True,
        help_text=_("The built-in level this type works as (city, district, grassroots…), if any."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)


def type_names(language: str | None = None) -> dict[str, str]:
    """Every unit type's name in ``language`` (the active one by default),
    by code, the defaults first: one query, for lists and reports."""
    language = language or get_language() or "vi"
    names = {code: pick(vi, en, language) for code, _level, vi, en in DEFAULT_TYPES}
    names |= {t.code: t.name(language) for t in UnitTypeDefinition.objects.all()}
    return names


def known_type_codes() -> set[str]:
    return {code for code, *_rest in DEFAULT_TYPES} | set(UnitTypeDefinition.objects.values_list("code", flat=True))


def level_of(type_code: str) -> str:
    """The built-in level (``UnitType``: city, organ, district, grassroots…)
    a unit type works as: the table's answer, else the defaults'; "" for a
    type that works as none. One query."""
    level = UnitTypeDefinition.objects.filter(code=type_code).values_list("level", flat=True).first()
    if level is not None:
        return level
    return next((level for code, level, *_names in DEFAULT_TYPES if code == type_code), "")


def working_as(*levels: str, field: str = "type") -> models.Q:
    """A filter on units (``field`` names the type code, e.g.
    ``"parent__type"``) for the types that work as one of ``levels``:
    those the table says so of, and the defaults the table does not
    redefine. Lazy: the table is read in the same SQL query."""
    table = UnitTypeDefinition.objects.all()
    defaults = [code for code, level, *_names in DEFAULT_TYPES if level in levels]
    return models.Q(**{f"{field}__in": table.filter(level__in=levels).values("code")}) | (
        models.Q(**{f"{field}__in": defaults}) & ~models.Q(**{f"{field}__in": table.values("code")})
    )
