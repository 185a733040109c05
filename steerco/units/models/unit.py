"""Units: the tree of committees, organs, agencies and grassroots
organisations that report to each other.

Each unit keeps a materialised ``path`` of codes from the root
("TU-HN/QU-BADINH/") so a subtree is one indexed prefix query, and the
roll-up of a whole city is a single GROUP BY.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from steerco.i18n import pick
from steerco.lib.names import name_key, nfc

from .unit_type import known_type_codes, type_names

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_.-]*$")
PATH_SEP = "/"


class UnitType(models.TextChoices):
    """The built-in types the code itself relies on (a grassroots
    organisation carries findings over, an organ's commission inspects…).
    Types are data (``UnitTypeDefinition``): these are among the defaults,
    and a unit file or the admin may add others."""

    CITY = "city", _("City Party Committee")
    ORGAN = "organ", _("Committee organ")
    DISTRICT = "district", _("District-level Party Committee")
    BLOC = "bloc", _("Bloc Party Committee")
    AGENCY = "agency", _("Department or agency")
    GRASSROOTS = "grassroots", _("Grassroots Party organisation")
    CELL = "cell", _("Party cell")
    WARD = "ward", _("Commune or ward Party Committee")


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def valid_on(self, day: date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def valid_in(self, start: date, end: date) -> UnitQuerySet:
        """Units that existed at some time between ``start`` and ``end`` (a
        period's lists, templates and reminders)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def visible_to(self, user, roles=None) -> UnitQuerySet:
        """The one place that says which units a user may see: the subtrees
        of the units they hold a role in (any role, or one of ``roles``);
        everything for superusers."""
        return self.under_paths(role_paths(user, roles))

    def under_paths(self, roots: list[str] | None) -> UnitQuerySet:
        """The subtrees rooted at ``roots`` (from ``role_paths``; None means
        everything)."""
        if roots is None:
            return self
        if not roots:
            return self.none()
        condition = Q()
        for path in roots:
            condition |= Q(path__startswith=path)
        return self.filter(condition)


def role_paths(user, roles=None) -> list[str] | None:
    """Paths of the units where ``user`` holds a role (one of ``roles`` if
    given): each covers its subtree. None means everything (superuser).
    Answered by the access policy (``accounts.access``, registered from its
    ready() with ``answer_role_paths``): the tree knows no app above it."""
    if not user.is_authenticated:
        return []
    if _ROLE_PATHS is None:
        raise RuntimeError("no access policy registered (steerco.accounts is not installed)")
    return _ROLE_PATHS(user, roles)


_ROLE_PATHS: Callable | None = None


def answer_role_paths(resolver: Callable) -> None:
    """Register ``resolver(user, roles) -> list[str] | None``."""
    global _ROLE_PATHS
    _ROLE_PATHS = resolver


# Whether figures are kept under a path (``check(path) -> bool``): a unit
# with figures at or below it never moves. The apps that keep figures about
# units (indicators: values and targets) add theirs from their ready(), so
# the tree knows no app above it.
FIGURE_CHECKS: list[Callable[[str], bool]] = []


def register_figure_check(check: Callable[[str], bool]) -> Callable[[str], bool]:
    FIGURE_CHECKS.append(check)
    return check


class Unit(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=40, help_text=_("The code of a unit type (admin: unit types)."))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    admin_code = models.CharField(
        _("administrative code"),
        max_length=20,
        blank=True,
        help_text=_("Official code of the administrative unit, if any"),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # Search keys (steerco.lib.names): the name whatever its tone placement,
    # case or Unicode form, and the same without any diacritic.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    name_plain = models.CharField(max_length=200, blank=True, db_index=True, editable=False)

    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.code})"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)

    def type_name(self, language: str | None = None) -> str:
        """The name of this unit's type ("Huyện ủy"); one query; lists use
        ``type_names()``."""
        return type_names(language).get(self.type, self.type)

    @property
    def depth(self) -> int:
        return self.path.count(PATH_SEP) - 1

    def ancestor_codes(self) -> list[str]:
        return self.path.rstrip(PATH_SEP).split(PATH_SEP)[:-1]

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    # -- the tree guards itself -------------------------------------------------
    def _computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}{PATH_SEP}"

    def clean(self) -> None:
        super().clean()
        if self.code and not CODE_RE.match(self.code):
            raise ValidationError({"code": _("Use capital letters, digits, '.', '_' or '-' only.")})
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A unit cannot be its own parent.")})
            if self.pk and self.parent.path.startswith(self._stored_path()):
                raise ValidationError({"parent": _("A unit cannot be placed under one of its own sub-units.")})
        if self.type and self.type not in known_type_codes():
            raise ValidationError({"type": _("Unknown unit type '%(code)s'.") % {"code": self.type}})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity is before its start.")})

    def _stored_path(self) -> str:
        return type(self).objects.filter(pk=self.pk).values_list("path", flat=True).first() or self.path

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            old_path = self._stored_path() if self.pk else ""
            if self.parent_id and self.pk and self.parent.path.startswith(old_path or "\0"):
                raise ValidationError(_("A unit cannot be placed under one of its own sub-units."))
            if self.parent_id and self.parent_id == self.pk:
                raise ValidationError(_("A unit cannot be its own parent."))
            self.path = self._computed_path()
            self.name_vi, self.name_en = nfc(self.name_vi), nfc(self.name_en)
            self.name_key = name_key(self.name_vi)[:200]
            self.name_plain = name_key(self.name_vi, diacritics=False)[:200]
            if old_path and old_path != self.path and self._subtree_has_figures(old_path):
                # Roll-ups read a unit's place from its path; moving a unit
                # that has figures would rewrite past periods' roll-ups.
                raise ValidationError(
                    _(
                        "%(unit)s or a unit below it already has figures, so it cannot move: end it "
                        "(valid to) and create a successor unit under the new parent with a succession link."
                    )
                    % {"unit": str(self)}
                )
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    @staticmethod
    def _subtree_has_figures(path: str) -> bool:
        return any(check(path) for check in FIGURE_CHECKS)

    def _move_descendants(self, old_path: str) -> None:
        # Rewrite the prefix of every descendant in one pass; history rows
        # are not needed for a path, which is derived.
        for unit in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            Unit.objects.filter(pk=unit.pk).update(path=self.path + unit.path[len(old_path) :])
