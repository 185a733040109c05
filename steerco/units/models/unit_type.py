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
    by code: one query, for lists and reports."""
    language = language or get_language() or "vi"
    return {t.code: t.name(language) for t in UnitTypeDefinition.objects.all()}
