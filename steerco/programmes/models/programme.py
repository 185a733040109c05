"""A work programme and its structure: task groups, tasks and solutions,
themes. All of it is configuration, loaded from a programme pack."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.i18n import pick
from steerco.lib.periods import Period, PeriodError, PeriodKind
from steerco.lib.windows import ReportingWindow, WindowError


def validate_term(code: str) -> None:
    try:
        period = Period.parse(code)
    except PeriodError as err:
        raise ValidationError(str(err)) from None
    if period.kind is not PeriodKind.TERM:
        raise ValidationError(_("A term is written as two years, e.g. 2020-2025."))


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("e.g. 01-CTr/TU"))
    title_vi = models.TextField(_("title (Vietnamese)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    owner = models.ForeignKey(
        "units.Unit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="programmes"
    )
    term = models.CharField(_("term"), max_length=9, validators=[validate_term])
    note = models.TextField(_("note"), blank=True)
    # The reporting window (steerco.lib.windows): the day and month the
    # first half-year's window starts; 1/1 is the calendar.
    window_day = models.PositiveSmallIntegerField(_("reporting window: first day"), default=1)
    window_month = models.PositiveSmallIntegerField(
        _("reporting window: month"),
        default=1,
        help_text=_("The first half-year's register records are counted from this day and month, e.g. 15/12"),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def title(self, language: str | None = None) -> str:
        return pick(self.title_vi, self.title_en, language)

    @property
    def term_period(self) -> Period:
        return Period.parse(self.term)

    @property
    def reporting_window(self) -> ReportingWindow:
        return ReportingWindow(month=self.window_month, day=self.window_day)

    def clean(self) -> None:
        try:
            ReportingWindow(month=self.window_month, day=self.window_day)
        except WindowError:
            raise ValidationError(
                {
                    "window_day": _(
                        "A reporting window starts on a day from 1 to 28, at most two months from 1 January"
                        " (from 1/11 to 28/3)."
                    )
                }
            ) from None


class TaskGroup(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="task_groups"
    )
    code = models.CharField(_("code"), max_length=20)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        ordering = ["programme", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="taskgroup_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    SOLUTION = "solution", _("Solution")
    SCHEME = "scheme", _("Scheme or regulation")


class Task(models.Model):
    group = models.ForeignKey(TaskGroup, verbose_name=_("task group"), on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices, default=TaskKind.TASK)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    due = models.CharField(_("due period"), max_length=9, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task or solution")
        verbose_name_plural = _("tasks and solutions")
        ordering = ["group", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["group", "code"], name="task_unique_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)


class Theme(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="themes"
    )
    code = models.CharField(_("code"), max_length=20)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    period = models.CharField(
        _("period"), max_length=9, blank=True, help_text=_("The period this theme is the key theme of, if any")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="theme_unique_code")]

    def __str__(self) -> str:
        return self.name_vi

    def name(self, language: str | None = None) -> str:
        return pick(self.name_vi, self.name_en, language)
